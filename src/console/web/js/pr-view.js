import { api, ApiError, problemText } from './api.js';
import { externalLink, h, replaceChildren } from './dom.js';

/** The pull request Gantry opened for a mission: branch, description and diff, all shown as text. */
export function pullRequestView(missionId) {
  const body = h('div', { class: 'pr-body' }, h('p', { role: 'status' }, 'Loading the pull request…'));
  const element = h('div', { class: 'page pr-page' }, h('a', { class: 'back-link', href: `#/missions/${missionId}` }, '← Mission'), h('h1', { class: 'page-title' }, 'Pull request'), body);

  api.pullRequest(missionId).then(
    (pr) => replaceChildren(body, ...describe(pr)),
    (error) => replaceChildren(body, h('p', { role: 'status' }, error instanceof ApiError && error.status === 404 ? 'No pull request has been opened for this mission yet.' : problemText(error))),
  );
  return { element, title: 'Pull request' };
}

function describe(pr) {
  const facts = [
    ['Branch', pr.branch],
    ['Base', pr.base],
    ['Number', pr.number],
  ].filter(([, value]) => value !== undefined && value !== null);
  return [
    pr.title ? h('h2', { class: 'card-title' }, pr.title) : null,
    h('dl', { class: 'facts' }, facts.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, String(value))])),
    externalLink(pr.url ?? pr.pr_url, 'Open on the forge', { class: 'button secondary' }),
    h('h2', { class: 'card-title' }, 'Description'),
    h('pre', { class: 'pr-description' }, pr.description ?? ''),
    h('h2', { class: 'card-title' }, 'Diff'),
    h('pre', { class: 'pr-diff' }, pr.diff ?? ''),
  ];
}

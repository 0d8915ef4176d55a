import { api, ApiError, problemText } from './api.js';
import { externalLink, h, replaceChildren } from './dom.js';

/** The pull request Gantry opened for a mission: branch, description and diff, all shown as text. */
export function pullRequestView(missionId) {
  const body = h('div', { class: 'pr-body' }, h('p', { role: 'status' }, 'Loading the pull request…'));
  const element = h(
    'div',
    { class: 'page pr-page' },
    h('a', { class: 'back-link', href: `#/missions/${missionId}` }, '← Mission'),
    h('h1', { class: 'page-title' }, 'Pull request'),
    body,
  );

  api.pullRequest(missionId).then(
    (pr) => replaceChildren(body, ...describe(pr)),
    (error) =>
      replaceChildren(
        body,
        h(
          'p',
          { role: 'status' },
          error instanceof ApiError && error.status === 404 ? 'No pull request has been opened for this mission yet.' : problemText(error),
        ),
      ),
  );
  return { element, title: 'Pull request' };
}

function describe(pr) {
  const facts = [
    ['Number', pr.number],
    ['Provider', pr.provider],
    ['Repository', pr.repository],
    ['Branch', pr.branch],
    ['Into', pr.base_branch],
    ['Commit', pr.commit_sha],
  ].filter(([, value]) => value !== undefined && value !== null);
  return [
    h(
      'dl',
      { class: 'facts' },
      facts.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, String(value))]),
    ),
    externalLink(pr.url, 'Open the pull request', { class: 'button secondary' }),
    h('h2', { class: 'card-title' }, 'Description'),
    h('pre', { class: 'pr-description' }, pr.description ?? ''),
    h('h2', { class: 'card-title' }, 'Diff'),
    pr.diff === null ? h('p', { class: 'error-text' }, pr.diff_error ?? 'The diff could not be read.') : h('pre', { class: 'pr-diff' }, pr.diff ?? ''),
  ];
}

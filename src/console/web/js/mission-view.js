import { api, problemText } from './api.js';
import { externalLink, formatTime, h, replaceChildren } from './dom.js';
import { blackBoxPanel, timelineItem, timelineList } from './black-box.js';
import { missionProgress } from './mission-progress.js';
import { statusLabel, statusTone } from './status.js';

/** A mission's page: what was asked, live progress, the timeline from the read model, and the Black Box. */
export function missionView(missionId) {
  const title = h('h1', { class: 'page-title prompt-text' }, 'Mission');
  const meta = h('p', { class: 'meta' });
  const links = h('div', { class: 'actions' });
  const problem = h('p', { class: 'error-text', role: 'alert' });
  const timeline = timelineList();
  const blackBox = blackBoxPanel(missionId);
  const progress = missionProgress(missionId, {
    onEntry: (entry) => timeline.append(timelineItem(entry)),
    onSummary: (summary) => showSummary(summary),
    onEnd: () => void blackBox.verify(),
  });

  const showSummary = (summary) => {
    title.textContent = summary.prompt;
    replaceChildren(
      meta,
      h('span', { class: `badge tone-${statusTone(summary.status)}` }, statusLabel(summary.status)),
      ` Opened ${formatTime(summary.created_at)}`,
      summary.run > 0 ? ` · run ${summary.run}` : '',
    );
    replaceChildren(
      links,
      externalLink(summary.url, 'Open live app', { class: 'button', 'data-role': 'live-app' }),
      summary.pr_url ? h('a', { class: 'button secondary', href: `#/missions/${missionId}/pr` }, 'View pull request') : null,
    );
  };

  api.status(missionId).then(showSummary, (error) => (problem.textContent = problemText(error)));

  const element = h(
    'div',
    { class: 'page mission-page' },
    h('a', { class: 'back-link', href: '#/projects' }, '← Projects'),
    title,
    meta,
    links,
    problem,
    h(
      'div',
      { class: 'columns' },
      h('div', { class: 'column' }, progress.element, blackBox.element),
      h('section', { class: 'card column', 'aria-labelledby': 'timeline-title' }, h('h2', { class: 'card-title', id: 'timeline-title' }, 'Timeline'), timeline),
    ),
  );
  return { element, dispose: progress.dispose, title: 'Mission' };
}

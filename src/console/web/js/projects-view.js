import { api, problemText } from './api.js';
import { externalLink, formatTime, h, replaceChildren } from './dom.js';
import { RETRYABLE, statusLabel, statusTone } from './status.js';

const PAGE_SIZE = 10;
const SEARCH_LIMIT = 50;
const SEARCH_DELAY_MS = 250;

/** Missions with their status: search, paging, the live app, the PR view, retry, and clear with a confirmation. */
export function projectsView() {
  let offset = 0;
  let query = '';
  let searchTimer = null;

  const notice = h('p', { class: 'notice', role: 'status' });
  const list = h('ul', { class: 'project-list', 'aria-label': 'Projects' });
  const apps = h('ul', { class: 'project-list app-list', 'aria-label': 'Apps' });
  const pageInfo = h('span', { class: 'page-info' });
  const previous = h('button', { type: 'button', class: 'button secondary', onclick: () => turnPage(-1) }, 'Previous');
  const next = h('button', { type: 'button', class: 'button secondary', onclick: () => turnPage(1) }, 'Next');
  const search = h('input', { type: 'search', id: 'project-search', class: 'input', placeholder: 'Search prompts', autocomplete: 'off' });
  const confirmDialog = clearDialog(() => clearAll());

  search.addEventListener('input', () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => applySearch(search.value), SEARCH_DELAY_MS);
  });
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    window.clearTimeout(searchTimer);
    applySearch(search.value);
  });

  const applySearch = (text) => {
    query = text.trim();
    offset = 0;
    void load();
  };
  const turnPage = (direction) => {
    offset = Math.max(0, offset + direction * PAGE_SIZE);
    void load();
  };

  const load = async () => {
    try {
      if (query) {
        const found = await api.search(query, SEARCH_LIMIT);
        show(found.results, `${found.count} matching “${query}”`, false, false);
      } else {
        const page = await api.missions(PAGE_SIZE, offset);
        const range = page.total === 0 ? 'No projects yet' : `${offset + 1}–${offset + page.count} of ${page.total}`;
        show(page.missions, range, offset > 0, offset + page.count < page.total);
      }
    } catch (error) {
      notice.textContent = problemText(error);
    }
  };

  const show = (missions, range, hasPrevious, hasNext) => {
    replaceChildren(
      list,
      missions.length
        ? missions.map((mission) => projectItem(mission, retry))
        : h('li', { class: 'empty' }, query ? 'No projects match.' : 'No projects yet. Describe an app in the chat to start one.'),
    );
    pageInfo.textContent = range;
    previous.disabled = !hasPrevious;
    next.disabled = !hasNext;
  };

  const retry = async (mission, button) => {
    button.disabled = true;
    try {
      await api.retry(mission.mission_id);
      window.location.hash = `#/missions/${mission.mission_id}`;
    } catch (error) {
      button.disabled = false;
      notice.textContent = problemText(error);
    }
  };

  const clearAll = async () => {
    try {
      notice.textContent = (await api.clear()).speech;
      offset = 0;
      await load();
    } catch (error) {
      notice.textContent = problemText(error);
    }
  };

  const loadApps = async () => {
    try {
      const { projects } = await api.projects();
      replaceChildren(apps, projects.map(appItem));
    } catch (error) {
      notice.textContent = problemText(error);
    }
  };

  void load();
  void loadApps();
  const element = h(
    'div',
    { class: 'page projects-page' },
    h('h1', { class: 'page-title' }, 'Projects'),
    h(
      'div',
      { class: 'toolbar' },
      h('label', { for: 'project-search', class: 'visually-hidden' }, 'Search projects'),
      search,
      h('button', { type: 'button', class: 'button danger', 'data-action': 'clear', onclick: () => confirmDialog.showModal() }, 'Clear projects…'),
    ),
    notice,
    h('h2', { class: 'card-title' }, 'Apps and their versions'),
    apps,
    h('h2', { class: 'card-title' }, 'Missions'),
    list,
    h('nav', { class: 'pager', 'aria-label': 'Pages' }, previous, pageInfo, next),
    confirmDialog,
  );
  return { element, title: 'Projects' };
}

function projectItem(mission, retry) {
  const retryButton = RETRYABLE.has(mission.status)
    ? h('button', { type: 'button', class: 'button', onclick: () => retry(mission, retryButton) }, 'Retry')
    : null;
  return h(
    'li',
    { class: 'card project', dataset: { missionId: mission.mission_id, status: mission.status } },
    h(
      'div',
      { class: 'project-head' },
      h('a', { class: 'project-title prompt-text', href: `#/missions/${mission.mission_id}` }, mission.prompt),
      h('span', { class: `badge tone-${statusTone(mission.status)}` }, statusLabel(mission.status)),
    ),
    h('p', { class: 'meta' }, formatTime(mission.created_at)),
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'button secondary', href: `#/missions/${mission.mission_id}` }, 'Details'),
      externalLink(mission.url, 'Live app', { class: 'button secondary', 'data-role': 'live-app' }),
      mission.pr_url ? h('a', { class: 'button secondary', href: `#/missions/${mission.mission_id}/pr` }, 'Pull request') : null,
      retryButton,
    ),
  );
}

function appItem(app) {
  const live = app.live_version ? `version ${app.live_version} of ${app.versions} live` : `${app.versions} version${app.versions === 1 ? '' : 's'}, none live`;
  return h(
    'li',
    { class: 'card app-item', dataset: { projectId: app.project_id } },
    h(
      'div',
      { class: 'project-head' },
      h('a', { class: 'project-title', href: `#/projects/${app.project_id}` }, app.name ?? 'App'),
      h('span', { class: 'meta' }, live),
    ),
    h('div', { class: 'actions' }, externalLink(app.url, 'Live app', { class: 'button secondary' })),
  );
}

function clearDialog(onConfirm) {
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'clear-title' });
  const cancel = h('button', { type: 'button', class: 'button secondary', onclick: () => dialog.close() }, 'Cancel');
  const confirm = h(
    'button',
    {
      type: 'button',
      class: 'button danger',
      onclick: () => {
        dialog.close();
        onConfirm();
      },
    },
    'Archive projects',
  );
  replaceChildren(
    dialog,
    h('h2', { id: 'clear-title', class: 'card-title' }, 'Clear your projects?'),
    h(
      'p',
      {},
      'Your finished and consulting projects are archived and hidden from this list. Projects still building are kept, and the Black Box keeps every event.',
    ),
    h('div', { class: 'actions' }, cancel, confirm),
  );
  return dialog;
}

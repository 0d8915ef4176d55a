import { api, ApiError, problemText } from './api.js';
import { diffView } from './diff-view.js';
import { externalLink, h, replaceChildren, safeUrl } from './dom.js';
import { statusLabel, statusTone } from './status.js';

const CONFIRMATION = 'Yes, build it';
const BUILDING = new Set(['READY_TO_BUILD', 'ARCHITECTING', 'VALIDATING', 'BUILDING', 'HEALING', 'DEPLOYING', 'PUBLISHING']);
const SHIPPED = new Set(['DEPLOYED', 'PR_OPENED', 'SUCCESS']);
const POLL_MS = 2000;

/** One app over its versions: the live preview beside a chat for changes, the versions with rollback, and each version's files and diff. */
export function projectView(projectId) {
  let project = null;
  let pollTimer = null;
  let disposed = false;

  const title = h('h1', { class: 'page-title' }, 'Project');
  const notice = h('p', { class: 'notice', role: 'status' });
  const preview = h('iframe', { class: 'preview-frame', title: 'Live preview', sandbox: 'allow-scripts allow-forms', referrerpolicy: 'no-referrer' });
  const previewNote = h('p', { class: 'muted' });
  const versions = h('ol', { class: 'version-list', 'aria-label': 'Versions' });
  const files = diffView();
  const chat = changeChat(projectId, (started) => {
    notice.textContent = started;
    schedule();
  });

  const showProject = (next) => {
    const liveChanged = project?.url !== next.url || project?.live_version !== next.live_version;
    project = next;
    title.textContent = next.name ?? 'Project';
    notice.textContent = next.speech;
    const url = safeUrl(next.url);
    if (liveChanged) {
      if (url) preview.setAttribute('src', url);
      else preview.removeAttribute('src');
    }
    preview.setAttribute('title', next.live_version ? `Live preview of version ${next.live_version}` : 'Live preview');
    replaceChildren(previewNote, url ? [`Version ${next.live_version} is live at `, externalLink(url, url)] : 'No version is live yet.');
    replaceChildren(
      versions,
      [...next.versions]
        .reverse()
        .map((version) => versionItem(version, { onDiff: () => files.load(version.mission_id, version.version), onRollback: rollback })),
    );
  };

  const load = async () => {
    try {
      const next = await api.project(projectId);
      if (disposed) return;
      const firstLoad = project === null;
      showProject(next);
      const latest = next.versions[next.versions.length - 1];
      if (firstLoad) void files.load(latest.mission_id, latest.version);
      if (next.versions.some((version) => BUILDING.has(version.status))) schedule();
    } catch (error) {
      notice.textContent = error instanceof ApiError && error.status === 404 ? 'There is no such project.' : problemText(error);
    }
  };

  function schedule() {
    window.clearTimeout(pollTimer);
    pollTimer = window.setTimeout(() => void load(), POLL_MS);
  }

  async function rollback(version, button) {
    button.disabled = true;
    try {
      const answer = await api.rollback(projectId, version.version);
      preview.removeAttribute('src');
      project = null;
      showProject(answer);
      notice.textContent = answer.speech;
    } catch (error) {
      button.disabled = false;
      notice.textContent = problemText(error);
    }
  }

  void load();
  const element = h(
    'div',
    { class: 'page project-page', dataset: { projectId } },
    h('a', { class: 'back-link', href: '#/projects' }, '← Projects'),
    title,
    notice,
    h(
      'div',
      { class: 'project-layout' },
      h('section', { class: 'card project-preview', 'aria-label': 'Live preview' }, h('h2', { class: 'card-title' }, 'Live preview'), preview, previewNote),
      chat.element,
    ),
    h('section', { class: 'card', 'aria-labelledby': 'versions-title' }, h('h2', { class: 'card-title', id: 'versions-title' }, 'Versions'), versions),
    files.element,
  );
  return {
    element,
    title: 'Project',
    dispose: () => {
      disposed = true;
      window.clearTimeout(pollTimer);
    },
  };
}

function versionItem(version, { onDiff, onRollback }) {
  const rollbackButton =
    SHIPPED.has(version.status) && version.url && !version.live
      ? h(
          'button',
          { type: 'button', class: 'button secondary', 'data-action': 'rollback', onclick: () => onRollback(version, rollbackButton) },
          `Make version ${version.version} live`,
        )
      : null;
  return h(
    'li',
    { class: 'card version', dataset: { version: String(version.version), status: version.status, live: String(version.live) } },
    h(
      'div',
      { class: 'project-head' },
      h('h3', { class: 'version-title' }, `Version ${version.version}`),
      h('span', { class: `badge tone-${statusTone(version.status)}` }, statusLabel(version.status)),
      version.live ? h('span', { class: 'badge tone-good live-badge' }, 'Live') : null,
    ),
    h('p', { class: 'prompt-text version-request' }, version.request),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'button secondary', 'data-action': 'diff', onclick: onDiff }, 'Files and changes'),
      version.pr_url ? h('a', { class: 'button secondary', href: `#/missions/${version.mission_id}/pr` }, 'Pull request') : null,
      h('a', { class: 'button secondary', href: `#/missions/${version.mission_id}` }, 'Details'),
      rollbackButton,
    ),
  );
}

/** "Ask for a change": the consultant's delta on the plan, confirmed with "Build it" like a new app. */
function changeChat(projectId, onBuildStarted) {
  let busy = false;
  const messages = h('ol', { class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation about changes' });
  const textbox = h('textarea', {
    id: 'change-message',
    class: 'input message-input',
    rows: '2',
    maxlength: '4000',
    placeholder: 'Add dark mode and a search box…',
  });
  const sendButton = h('button', { type: 'submit', class: 'button' }, 'Ask for a change');
  const form = h(
    'form',
    { class: 'composer', 'aria-label': 'Ask for a change' },
    h('label', { for: 'change-message', class: 'visually-hidden' }, 'Change to ask for'),
    h('div', { class: 'composer-row' }, textbox, h('div', { class: 'composer-buttons' }, sendButton)),
  );

  const say = (role, text, ...extra) => {
    const item = h('li', { class: `message message-${role}` }, h('p', { class: 'message-text' }, text), ...extra);
    messages.append(item);
    item.scrollIntoView({ block: 'nearest' });
    return item;
  };

  const send = async (text) => {
    const message = text.trim();
    if (!message || busy) return;
    busy = true;
    sendButton.disabled = true;
    say('user', message);
    textbox.value = '';
    try {
      const { status, data } = await api.change(projectId, message);
      if (status === 202) {
        say('assistant', data.speech);
        onBuildStarted(`Building the next version: ${data.speech}`);
      } else {
        const plan = data.features?.length
          ? h(
              'section',
              { class: 'plan', 'aria-label': 'Proposed plan' },
              h('h3', { class: 'plan-title' }, 'Proposed plan'),
              h(
                'ul',
                { class: 'checklist' },
                data.features.map((feature) => h('li', {}, feature)),
              ),
              h('button', { type: 'button', class: 'button', 'data-action': 'build', onclick: () => void send(CONFIRMATION) }, 'Build it'),
            )
          : null;
        say('assistant', data.speech, plan);
      }
    } catch (error) {
      say('error', problemText(error)).setAttribute('role', 'alert');
    } finally {
      busy = false;
      sendButton.disabled = false;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send(textbox.value);
  });
  say('assistant', 'Tell me what to change in this app. I will propose the change as a plan before building it.');
  const element = h(
    'section',
    { class: 'card project-chat', 'aria-label': 'Ask for a change' },
    h('h2', { class: 'card-title' }, 'Ask for a change'),
    messages,
    form,
  );
  return { element };
}

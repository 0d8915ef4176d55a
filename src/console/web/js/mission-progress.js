import { api, problemText } from './api.js';
import { externalLink, h, replaceChildren } from './dom.js';
import { attemptsOf, watchMission } from './mission-feed.js';
import { RETRYABLE, STAGES, stageIndex, statusLabel, statusTone } from './status.js';

/** Events after which the attempts list is read again from the raw stream (it holds the log excerpts). */
const ATTEMPT_EVENTS = new Set(['BuildAttemptStarted', 'BuildAttemptFinished', 'HealRequested', 'PolicyVerdictRendered', 'MissionRetried']);
const RECENT_LINES = 6;

/**
 * A mission's live progress: the stage, each build attempt with its result and log excerpt, healing,
 * and the outcome (live app, pull request, or the failure with a retry). `data-status` and `data-feed`
 * on the element say what it shows and how it is fed.
 */
export function missionProgress(missionId, options = {}) {
  const badge = h('span', { class: 'badge' });
  const stages = h('ol', { class: 'stages', 'aria-label': 'Pipeline stages' });
  const stageLine = h('p', { class: 'stage-line', role: 'status' }, 'Connecting…');
  const attempts = h('ol', { class: 'attempts', 'aria-label': 'Build attempts' });
  const recent = h('ol', { class: 'recent', 'aria-label': 'Latest events' });
  const outcome = h('div', { class: 'outcome' });
  const element = h(
    'section',
    { class: 'card progress', 'aria-label': 'Mission progress', dataset: { missionId, status: '', feed: 'connecting' } },
    h('div', { class: 'progress-head' }, h('h2', { class: 'card-title' }, 'Progress'), badge),
    stages,
    stageLine,
    attempts,
    options.compact ? recent : null,
    outcome,
    options.compact ? h('a', { class: 'button-link', href: `#/missions/${missionId}` }, 'Open mission page') : null,
  );

  const attemptLoader = reloader(async () => renderAttempts(attempts, attemptsOf((await api.events(missionId)).events)));
  let lastRevision = -1;
  let feed = null;

  const follow = () => {
    feed = watchMission(
      missionId,
      {
        onMode: (mode) => (element.dataset.feed = mode),
        onEntry: (entry) => {
          lastRevision = entry.revision;
          if (ATTEMPT_EVENTS.has(entry.type)) attemptLoader();
          if (options.compact) addRecent(recent, entry);
          options.onEntry?.(entry);
        },
        onSummary: (summary) => {
          renderStatus(summary);
          options.onSummary?.(summary);
        },
        onEnd: (summary) => {
          attemptLoader();
          if (summary) renderOutcome(summary);
          options.onEnd?.(summary);
        },
      },
      lastRevision,
    );
  };

  const renderStatus = (summary) => {
    element.dataset.status = summary.status;
    badge.className = `badge tone-${statusTone(summary.status)}`;
    badge.textContent = statusLabel(summary.status);
    renderStages(stages, summary.status);
    stageLine.textContent = summary.speech || statusLabel(summary.status);
  };

  const retry = async (button, note) => {
    button.disabled = true;
    try {
      await api.retry(missionId);
      replaceChildren(outcome);
      follow();
    } catch (error) {
      button.disabled = false;
      note.textContent = problemText(error);
    }
  };

  const renderOutcome = (summary) => {
    if (RETRYABLE.has(summary.status)) {
      const note = h('p', { class: 'error-text', role: 'alert' });
      const button = h('button', { type: 'button', class: 'button', onclick: () => retry(button, note) }, 'Retry build');
      replaceChildren(outcome, h('p', { class: 'failure' }, failureText(summary)), button, note);
      return;
    }
    replaceChildren(outcome, ...shippedLinks(missionId, summary));
  };

  follow();
  return { element, dispose: () => feed?.stop() };
}

/** Runs `load` now, or once more after the running load when asked again meanwhile. */
function reloader(load) {
  let running = null;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = load()
      .catch(() => undefined)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}

function renderStages(list, status) {
  const current = stageIndex(status);
  const failed = RETRYABLE.has(status);
  replaceChildren(
    list,
    STAGES.map((stage, index) => {
      const state = index < current ? 'done' : index === current ? 'current' : 'todo';
      return h('li', { class: `stage stage-${state}`, 'aria-current': state === 'current' ? 'step' : null }, stage.label);
    }),
    h('li', { class: `stage stage-${current === STAGES.length ? (failed ? 'failed' : 'done') : 'todo'}` }, failed ? statusLabel(status) : 'Done'),
  );
}

/** The isolation tiers, strongest first (docs/architecture.md, the sandbox). */
const TIER_LABELS = { gvisor: 'gVisor', container: 'container', bubblewrap: 'bubblewrap', process: 'process' };

function renderAttempts(list, rows) {
  replaceChildren(list, rows.map(attemptItem));
}

function attemptItem(row) {
  const label = `Run ${row.run}, attempt ${row.attempt}`;
  if (row.kind === 'heal')
    return h('li', { class: 'attempt heal' }, `${label}: healing requested after ${row.timedOut ? 'a timeout' : `exit code ${row.exitCode ?? 'none'}`}`);
  if (row.kind === 'policy') return h('li', { class: 'attempt policy' }, `${label}: blocked by policy (${row.violations.map((v) => v.rule).join(', ')})`);
  const seconds = typeof row.durationMs === 'number' ? ` in ${(row.durationMs / 1000).toFixed(1)} s` : '';
  const tier = row.tier ? h('span', { class: 'attempt-tier', dataset: { tier: row.tier } }, ` (sandbox: ${TIER_LABELS[row.tier] ?? row.tier})`) : null;
  return h(
    'li',
    { class: `attempt build result-${row.result}`, dataset: { attempt: String(row.attempt), run: String(row.run), result: row.result } },
    h('span', { class: 'attempt-title' }, `${label}: `, h('strong', {}, buildResult(row)), seconds, tier),
    row.logExcerpt ? h('details', { class: 'log' }, h('summary', {}, 'Log excerpt'), h('pre', { class: 'log-text' }, row.logExcerpt)) : null,
  );
}

function buildResult(row) {
  if (row.result === 'running') return 'running';
  if (row.result === 'passed') return 'passed';
  if (row.abandoned) return 'abandoned by a restart';
  if (row.timedOut) return 'timed out';
  if (row.oomKilled) return 'ran out of memory';
  if (row.diskLimitHit) return 'filled its disk limit';
  return `failed (exit code ${row.exitCode ?? 'none'})`;
}

function addRecent(list, entry) {
  list.append(h('li', {}, entry.summary));
  while (list.children.length > RECENT_LINES) list.firstElementChild.remove();
}

function failureText(summary) {
  const stage = summary.failure?.stage ? ` at ${statusLabel(summary.failure.stage).toLowerCase()}` : '';
  return `${statusLabel(summary.status)}${stage}: ${summary.failure?.reason ?? summary.speech}`;
}

/** The live app and pull request links a finished mission has; a plain note when it has neither. */
export function shippedLinks(missionId, summary) {
  const live = externalLink(summary.url, 'Open live app', { class: 'button', 'data-role': 'live-app' });
  const pr = summary.pr_url ? h('a', { class: 'button secondary', href: `#/missions/${missionId}/pr` }, 'View pull request') : null;
  if (live || pr) return [h('div', { class: 'actions' }, live, pr)];
  return [h('p', { class: 'muted' }, 'No live URL or pull request was recorded for this mission.')];
}

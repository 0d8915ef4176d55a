import { api, ApiError } from './api.js';
import { TERMINAL } from './status.js';

const POLL_MS = 1500;

/**
 * Follows one mission as it moves: server-sent events from /stream, and polling of the read models when
 * the browser has no EventSource or the stream fails. Handlers: onEntry(timeline entry, each once, in
 * order), onSummary(mission summary), onEnd(summary) once a final status is reached, onMode('stream'|'polling').
 */
export function watchMission(missionId, handlers, sinceRevision = -1) {
  let lastEntry = sinceRevision;
  let stopped = false;
  let source = null;
  let timer = null;

  const entry = (item) => {
    if (item.revision <= lastEntry) return;
    lastEntry = item.revision;
    handlers.onEntry?.(item);
  };
  const stop = () => {
    stopped = true;
    source?.close();
    window.clearTimeout(timer);
  };
  const end = (summary) => {
    stop();
    handlers.onEnd?.(summary);
  };

  const poll = async () => {
    if (stopped) return;
    try {
      const summary = await api.status(missionId);
      if (summary.revision > lastEntry) (await api.timeline(missionId)).timeline.forEach(entry);
      if (stopped) return;
      handlers.onSummary?.(summary);
      if (TERMINAL.has(summary.status)) return end(summary);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 404)) return stop();
    }
    timer = window.setTimeout(poll, POLL_MS);
  };
  const startPolling = () => {
    handlers.onMode?.('polling');
    void poll();
  };

  const startStream = () => {
    let latest = null;
    source = new window.EventSource(api.streamUrl(missionId));
    handlers.onMode?.('stream');
    source.addEventListener('timeline', (event) => entry(JSON.parse(event.data)));
    source.addEventListener('mission', (event) => {
      latest = JSON.parse(event.data);
      handlers.onSummary?.(latest);
    });
    source.addEventListener('end', () => end(latest));
    source.addEventListener('error', () => {
      if (stopped) return;
      source.close();
      startPolling();
    });
  };

  if (typeof window.EventSource === 'function') startStream();
  else startPolling();
  return { stop };
}

/** Build attempts, heals and policy verdicts, by run, from the raw events (which carry the log excerpts). */
export function attemptsOf(events) {
  const rows = [];
  let run = 0;
  for (const { type, data } of events) {
    if (type === 'BuildConfirmed' || type === 'MissionRetried') run += 1;
    else if (type === 'BuildAttemptStarted')
      rows.push({ kind: 'build', run, attempt: data.attempt, result: 'running', driver: data.driver, tier: data.tier ?? data.driver });
    else if (type === 'BuildAttemptFinished') Object.assign(findBuild(rows, run, data.attempt), finished(data));
    else if (type === 'HealRequested')
      rows.push({ kind: 'heal', run, attempt: data.attempt, exitCode: data.failure.exitCode, timedOut: data.failure.timedOut });
    else if (type === 'PolicyVerdictRendered' && !data.allowed) rows.push({ kind: 'policy', run, attempt: data.attempt, violations: data.violations });
  }
  return rows;
}

function findBuild(rows, run, attempt) {
  const found = rows.find((row) => row.kind === 'build' && row.run === run && row.attempt === attempt);
  if (found) return found;
  const row = { kind: 'build', run, attempt };
  rows.push(row);
  return row;
}

function finished(data) {
  return {
    result: data.passed ? 'passed' : 'failed',
    exitCode: data.exitCode,
    timedOut: data.timedOut,
    oomKilled: data.oomKilled,
    diskLimitHit: data.diskLimitHit === true,
    abandoned: data.abandoned,
    durationMs: data.durationMs,
    logExcerpt: data.logExcerpt,
  };
}

import { api, problemText } from './api.js';
import { h, replaceChildren } from './dom.js';
import { bundleCheck } from './bundle-check.js';

/**
 * The Black Box panel of a mission: the verification result (recomputed by the server from the stored
 * events), the head hash, and the export bundle (the raw events with their canonical bytes and hashes,
 * plus the verification) as a file an auditor can check without trusting this server.
 */
export function blackBoxPanel(missionId) {
  const result = h('p', { class: 'verdict', role: 'status', dataset: { valid: '' } }, 'Verifying…');
  const head = h('code', { class: 'hash head-hash' });
  const note = h('p', { class: 'error-text', role: 'alert' });
  const verifyButton = h('button', { type: 'button', class: 'button secondary', onclick: () => verify() }, 'Verify again');
  const exportButton = h('button', { type: 'button', class: 'button', onclick: () => download() }, 'Download export bundle');
  const element = h(
    'section',
    { class: 'card black-box', 'aria-labelledby': 'black-box-title' },
    h('h2', { class: 'card-title', id: 'black-box-title' }, 'Black Box'),
    result,
    h('p', { class: 'head-line' }, 'Head hash: ', head),
    h('div', { class: 'actions' }, verifyButton, exportButton),
    bundleCheck(missionId).element,
    note,
  );

  const verify = async () => {
    try {
      const audit = await api.audit(missionId);
      result.dataset.valid = String(audit.valid);
      result.className = `verdict ${audit.valid ? 'verdict-valid' : 'verdict-invalid'}`;
      result.textContent = audit.valid ? `Valid: the hash chain of ${audit.events} events is intact.` : `Invalid: ${brokenAt(audit)}: ${audit.reason}.`;
      head.textContent = audit.headHash ?? 'none';
      note.textContent = '';
    } catch (error) {
      note.textContent = problemText(error);
    }
  };

  const download = async () => {
    exportButton.disabled = true;
    try {
      const [events, audit] = await Promise.all([api.events(missionId), api.audit(missionId)]);
      saveJson(`gantry-black-box-${missionId}.json`, exportBundle(events, audit));
      note.textContent = '';
    } catch (error) {
      note.textContent = problemText(error);
    } finally {
      exportButton.disabled = false;
    }
  };

  void verify();
  return { element, verify };
}

function brokenAt(audit) {
  return audit.firstInvalidRevision === null ? 'the stream head does not match' : `broken at event ${audit.firstInvalidRevision}`;
}

function exportBundle(events, audit) {
  const { speech: _eventsSpeech, ...stream } = events;
  const { speech: _auditSpeech, mission_id: _id, ...verification } = audit;
  return { format: 'gantry-black-box-export', version: 1, exported_at: new Date().toISOString(), ...stream, verification };
}

function saveJson(fileName, value) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const link = h('a', { href: url, download: fileName, class: 'visually-hidden' }, fileName);
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** One timeline row: revision, time, what happened (as text) and the event's hash. */
export function timelineItem(entry) {
  return h(
    'li',
    { class: 'timeline-entry', dataset: { revision: String(entry.revision), type: entry.type } },
    h(
      'div',
      { class: 'timeline-meta' },
      h('span', { class: 'revision' }, `#${entry.revision}`),
      h('span', { class: 'event-type' }, entry.type),
      h('time', { datetime: entry.occurred_at }, new Date(entry.occurred_at).toLocaleTimeString()),
    ),
    h('p', { class: 'timeline-summary' }, entry.summary),
    h('code', { class: 'hash event-hash', title: `SHA-256 of event ${entry.revision}` }, entry.hash),
  );
}

export function timelineList() {
  return h('ol', { class: 'timeline', 'aria-label': 'Timeline' });
}

export function showTimeline(list, entries) {
  replaceChildren(list, entries.map(timelineItem));
}

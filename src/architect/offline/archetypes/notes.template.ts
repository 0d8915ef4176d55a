import type { ArchetypeTemplate } from './archetype-template';

export const NOTES_TEMPLATE: ArchetypeTemplate = {
  key: 'NOTES',
  title: 'Notes',
  module: 'notes',
  global: 'Notes',
  builds: [],
  limitations: [],
  searchFields: ['title', 'body'],
  exportColumns: ['title', 'body', 'pinned', 'updatedAt'],
  logic: String.raw`
  function initialState() {
    return { selected: null, notes: [{ id: 'welcome', title: 'Welcome', body: 'Write your first note.', pinned: true, updatedAt: 0 }] };
  }

  function titleOf(note) {
    var title = String(note.title || '').trim();
    if (title) return title;
    var firstLine = String(note.body || '').split('\n')[0].trim();
    return firstLine ? firstLine.slice(0, 60) : 'Untitled';
  }

  function createNote(state, id, now) {
    var note = { id: id, title: '', body: '', pinned: false, updatedAt: now };
    return Object.assign({}, state, { selected: id, notes: [note].concat(state.notes) });
  }

  function updateNote(state, id, changes, now) {
    return Object.assign({}, state, { notes: state.notes.map(function (n) {
      return n.id === id ? Object.assign({}, n, { title: String(changes.title), body: String(changes.body), updatedAt: now }) : n;
    }) });
  }

  function deleteNote(state, id) {
    return Object.assign({}, state, { selected: state.selected === id ? null : state.selected, notes: state.notes.filter(function (n) { return n.id !== id; }) });
  }

  function togglePin(state, id) {
    return Object.assign({}, state, { notes: state.notes.map(function (n) { return n.id === id ? Object.assign({}, n, { pinned: !n.pinned }) : n; }) });
  }

  /** Pinned notes first, then the most recently edited. */
  function sortedNotes(notes) {
    return notes.slice().sort(function (a, b) { return (a.pinned === b.pinned ? 0 : a.pinned ? -1 : 1) || b.updatedAt - a.updatedAt; });
  }

  function editedLabel(updatedAt, now) {
    var minutes = Math.floor((now - updatedAt) / 60000);
    if (minutes < 1) return 'just now';
    if (minutes < 60) return minutes + ' min ago';
    if (minutes < 1440) return Math.floor(minutes / 60) + ' h ago';
    return new Date(updatedAt).toISOString().slice(0, 10);
  }

  return { initialState: initialState, titleOf: titleOf, createNote: createNote, updateNote: updateNote, deleteNote: deleteNote,
    togglePin: togglePin, sortedNotes: sortedNotes, editedLabel: editedLabel };
`,
  tests: String.raw`
const empty = { selected: null, notes: [] };

test('a new note is selected and edits update its text and time', () => {
  let state = Notes.createNote(empty, 'n1', 1000);
  assert.equal(state.selected, 'n1');
  state = Notes.updateNote(state, 'n1', { title: 'Shopping', body: 'eggs' }, 5000);
  assert.deepEqual(state.notes[0], { id: 'n1', title: 'Shopping', body: 'eggs', pinned: false, updatedAt: 5000 });
});

test('an untitled note is named by its first line, else Untitled', () => {
  assert.equal(Notes.titleOf({ title: ' ', body: 'first line\nsecond' }), 'first line');
  assert.equal(Notes.titleOf({ title: '', body: '' }), 'Untitled');
});

test('pinned notes come first, then the most recently edited', () => {
  let state = Notes.createNote(Notes.createNote(Notes.createNote(empty, 'a', 1), 'b', 2), 'c', 3);
  state = Notes.togglePin(state, 'a');
  assert.deepEqual(Notes.sortedNotes(state.notes).map((n) => n.id), ['a', 'c', 'b']);
});

test('deleting the selected note clears the selection', () => {
  const state = Notes.deleteNote(Notes.createNote(empty, 'a', 1), 'a');
  assert.deepEqual(state, { selected: null, notes: [] });
});

test('edited times read as people say them', () => {
  assert.equal(Notes.editedLabel(0, 30000), 'just now');
  assert.equal(Notes.editedLabel(0, 5 * 60000), '5 min ago');
  assert.equal(Notes.editedLabel(0, 3 * 3600000), '3 h ago');
  assert.equal(Notes.editedLabel(0, 3 * 86400000), '1970-01-01');
});
`,
  body: () => `
    <div class="notes-layout">
      <section class="card">
        <button id="new-note" class="primary" type="button">New note</button>
        <ul id="note-list" class="list"></ul>
      </section>
      <section id="editor" class="card">
        <input id="note-title" placeholder="Title" aria-label="Note title" maxlength="200">
        <textarea id="note-body" placeholder="Write here" aria-label="Note text"></textarea>
        <div class="row"><button id="pin-note" type="button">Pin</button><button id="delete-note" class="danger" type="button">Delete</button></div>
      </section>
    </div>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'notes', initial: Notes.initialState(), render: render,
    records: function (state) { return state.notes; },
    searchFields: ['title', 'body'], exportColumns: ['title', 'body', 'pinned', 'updatedAt']
  });

  function selectedNote(state) { return state.notes.filter(function (n) { return n.id === state.selected; })[0] || null; }

  function render(state, view) {
    var now = Date.now();
    var list = clear(byId('note-list'));
    view.filter(Notes.sortedNotes(state.notes)).forEach(function (note) {
      list.appendChild(h('li', { className: note.id === state.selected ? 'selected' : '', onclick: function () {
        app.update(Object.assign({}, app.get(), { selected: note.id }));
      } }, [
        h('span', { className: 'grow', text: (note.pinned ? '\u{1F4CC} ' : '') + Notes.titleOf(note) }),
        h('span', { className: 'muted', text: Notes.editedLabel(note.updatedAt, now) })
      ]));
    });
    var note = selectedNote(state);
    byId('editor').classList.toggle('hidden', !note);
    if (note && document.activeElement !== byId('note-title') && document.activeElement !== byId('note-body')) {
      byId('note-title').value = note.title;
      byId('note-body').value = note.body;
    }
    if (note) byId('pin-note').textContent = note.pinned ? 'Unpin' : 'Pin';
  }

  function saveEdits() {
    var state = app.get();
    if (state.selected) app.update(Notes.updateNote(state, state.selected, { title: byId('note-title').value, body: byId('note-body').value }, Date.now()));
  }

  byId('note-title').addEventListener('input', saveEdits);
  byId('note-body').addEventListener('input', saveEdits);
  byId('new-note').addEventListener('click', function () { app.update(Notes.createNote(app.get(), Kit.newId(), Date.now())); byId('note-title').focus(); });
  byId('pin-note').addEventListener('click', function () { app.update(Notes.togglePin(app.get(), app.get().selected)); });
  byId('delete-note').addEventListener('click', function () { app.update(Notes.deleteNote(app.get(), app.get().selected)); });
  app.render();
`,
  css: `
.notes-layout { display: grid; grid-template-columns: minmax(200px, 1fr) 2fr; gap: 12px; }
.notes-layout li { cursor: pointer; }
.notes-layout li.selected { background: var(--card-hover); }
#editor input { width: 100%; margin-bottom: 8px; font-weight: 600; }
@media (max-width: 600px) { .notes-layout { grid-template-columns: 1fr; } }`,
};

import type { RecordField, RecordSchema } from '../../../catalogue/record-schema';
import { escapeHtml } from '../escape';
import type { ArchetypeTemplate, TemplateContext } from './archetype-template';

/** The schema a RECORDS app is rendered with: the spec's, never absent (the architect infers one). */
function schemaOf(context: TemplateContext): RecordSchema {
  if (!context.schema) throw new Error('A list of records is rendered with a schema');
  return context.schema;
}

const INPUT_TYPES: Record<RecordField['kind'], string> = {
  text: 'text',
  longtext: '',
  list: '',
  number: 'number',
  date: 'date',
  rating: 'number',
  email: 'email',
  phone: 'tel',
  url: 'url',
};

function fieldInput(field: RecordField, index: number): string {
  const id = `field-${escapeHtml(field.key)}`;
  const label = escapeHtml(field.label);
  const hint = field.kind === 'list' ? ' (one per line)' : field.kind === 'rating' ? ' (1 to 5)' : '';
  const required = index === 0 ? ' required' : '';
  const control =
    field.kind === 'list' || field.kind === 'longtext'
      ? `<textarea id="${id}" name="${escapeHtml(field.key)}" rows="3"></textarea>`
      : `<input id="${id}" name="${escapeHtml(field.key)}" type="${INPUT_TYPES[field.kind]}"${field.kind === 'rating' ? ' min="1" max="5"' : ''}${field.kind === 'number' ? ' step="any"' : ''} maxlength="500"${required}>`;
  return `<label class="${field.kind === 'list' || field.kind === 'longtext' ? 'wide' : ''}">${label}${hint}${control}</label>`;
}

function capitalized(text: string): string {
  return text.length > 0 ? text[0].toUpperCase() + text.slice(1) : text;
}

export const RECORDS_TEMPLATE: ArchetypeTemplate = {
  key: 'RECORDS',
  title: 'Records',
  module: 'records',
  global: 'Records',
  builds: [],
  limitations: ['Records are kept in this browser (localStorage): export them as JSON or CSV to keep a copy elsewhere.'],
  searchFields: [],
  exportColumns: [],
  logic: String.raw`
  var RATING_MIN = 1;
  var RATING_MAX = 5;

  function initialState() { return { records: [], editing: null, sort: { key: null, descending: false } }; }

  function text(raw) { return String(raw === undefined || raw === null ? '' : raw).trim().slice(0, 2000); }

  /** One field's value from what was typed, or an error sentence. Blank is allowed for every field but the first. */
  function parseField(field, raw) {
    var value = text(raw);
    if (value === '') return { value: field.kind === 'list' ? [] : '' };
    switch (field.kind) {
      case 'list': return { value: value.split(/\r?\n/).map(function (line) { return line.trim(); }).filter(Boolean) };
      case 'number':
        return isFinite(Number(value.replace(',', '.'))) ? { value: Number(value.replace(',', '.')) } : { error: field.label + ' must be a number.' };
      case 'rating':
        var stars = Number(value);
        return stars >= RATING_MIN && stars <= RATING_MAX && Math.floor(stars) === stars ? { value: stars } : { error: field.label + ' must be a whole number from 1 to 5.' };
      case 'date': return /^\d{4}-\d{2}-\d{2}$/.test(value) && !isNaN(Date.parse(value)) ? { value: value } : { error: field.label + ' must be a date (YYYY-MM-DD).' };
      case 'email': return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(value) ? { value: value } : { error: field.label + ' must be an email address.' };
      case 'url': return /^https?:\/\/\S+$/i.test(value) ? { value: value } : { error: field.label + ' must start with http:// or https://.' };
      default: return { value: value };
    }
  }

  /** A record from the form's values, or the errors by field key. */
  function readRecord(schema, input) {
    var record = {};
    var errors = {};
    schema.fields.forEach(function (field, index) {
      var parsed = parseField(field, input[field.key]);
      if (parsed.error) errors[field.key] = parsed.error;
      else if (index === 0 && parsed.value === '') errors[field.key] = field.label + ' is required.';
      else record[field.key] = parsed.value;
    });
    return { record: record, errors: errors };
  }

  /** Adds a record, or saves over the one being edited. */
  function save(state, schema, input, id) {
    var read = readRecord(schema, input);
    if (Object.keys(read.errors).length > 0) return { state: state, errors: read.errors };
    if (state.editing) {
      var records = state.records.map(function (r) { return r.id === state.editing ? Object.assign({ id: r.id }, read.record) : r; });
      return { state: Object.assign({}, state, { records: records, editing: null }), errors: {} };
    }
    return { state: Object.assign({}, state, { records: state.records.concat([Object.assign({ id: id }, read.record)]) }), errors: {} };
  }

  function edit(state, id) { return Object.assign({}, state, { editing: id }); }
  function cancel(state) { return Object.assign({}, state, { editing: null }); }

  function remove(state, id) {
    return Object.assign({}, state, { records: state.records.filter(function (r) { return r.id !== id; }), editing: state.editing === id ? null : state.editing });
  }

  /** A field's value as text, as the CSV and the search see it: lists joined with "; ". */
  function plain(value) {
    if (value === undefined || value === null) return '';
    return Array.isArray(value) ? value.join('; ') : String(value);
  }

  /** As the page shows it: a rating reads "4/5". */
  function display(field, value) {
    var shown = plain(value);
    return field.kind === 'rating' && shown !== '' ? shown + '/5' : shown;
  }

  function sortKey(field, value) {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return null;
    if (field.kind === 'number' || field.kind === 'rating') return Number(value);
    if (Array.isArray(value)) return value.length;
    return String(value).toLowerCase();
  }

  /** Sorted by one field; blanks always last. With no sort key the records keep the order they were added. */
  function sorted(schema, records, sort) {
    var field = schema.fields.filter(function (f) { return f.key === sort.key; })[0];
    if (!field) return records.slice();
    return records.slice().sort(function (a, b) {
      var x = sortKey(field, a[field.key]);
      var y = sortKey(field, b[field.key]);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      var order = x < y ? -1 : x > y ? 1 : 0;
      return sort.descending ? -order : order;
    });
  }

  function setSort(state, key, descending) { return Object.assign({}, state, { sort: { key: key || null, descending: Boolean(descending) } }); }

  /** Rows for search and export: every field as text. */
  function rows(schema, records) {
    return records.map(function (r) {
      var row = {};
      schema.fields.forEach(function (f) { row[f.key] = plain(r[f.key]); });
      return row;
    });
  }

  return { initialState: initialState, parseField: parseField, readRecord: readRecord, save: save, edit: edit, cancel: cancel, remove: remove,
    display: display, sorted: sorted, setSort: setSort, rows: rows };
`,
  tests: String.raw`
const Schema = require('../src/schema.js');
const SAMPLES = {
  text: ['Beta', 'Alpha'], longtext: ['Second note', 'First note'], list: ['b1\nb2', 'a1'], number: ['20', '3'], date: ['2024-05-02', '2024-01-31'],
  rating: ['4', '2'], email: ['b@example.com', 'a@example.com'], phone: ['+44 20 0000 0002', '+44 20 0000 0001'], url: ['https://b.example', 'https://a.example']
};
const input = (n) => Object.fromEntries(Schema.fields.map((f) => [f.key, SAMPLES[f.kind][n]]));
const first = Schema.fields[0];

test('the schema names the record and its first field', () => {
  assert.ok(Schema.fields.length >= 2);
  assert.equal(typeof Schema.noun, 'string');
});

test('a record is added with every field read as its kind, and the first field is required', () => {
  const added = Records.save(Records.initialState(), Schema, input(0), 'r1');
  assert.deepEqual(added.errors, {});
  const record = added.state.records[0];
  assert.equal(record.id, 'r1');
  Schema.fields.forEach((f) => assert.notEqual(record[f.key], undefined, f.key));
  const blank = Records.save(Records.initialState(), Schema, Object.assign(input(0), { [first.key]: '  ' }), 'r2');
  assert.equal(blank.errors[first.key], first.label + ' is required.');
  assert.equal(blank.state.records.length, 0);
});

test('values of the wrong kind are refused with a sentence', () => {
  assert.match(Records.parseField({ label: 'Pages', kind: 'number' }, 'many').error, /must be a number/);
  assert.match(Records.parseField({ label: 'Rating', kind: 'rating' }, '6').error, /1 to 5/);
  assert.match(Records.parseField({ label: 'When', kind: 'date' }, '31/01/2024').error, /YYYY-MM-DD/);
  assert.match(Records.parseField({ label: 'Email', kind: 'email' }, 'nope').error, /email/);
  assert.deepEqual(Records.parseField({ label: 'Steps', kind: 'list' }, ' a \n\n b ').value, ['a', 'b']);
});

test('editing saves over the record; deleting removes it', () => {
  let state = Records.save(Records.initialState(), Schema, input(0), 'r1').state;
  state = Records.save(Records.edit(state, 'r1'), Schema, input(1), 'ignored').state;
  assert.equal(state.records.length, 1);
  assert.equal(state.records[0].id, 'r1');
  assert.equal(Records.display(first, state.records[0][first.key]), Records.display(first, Records.parseField(first, SAMPLES[first.kind][1]).value));
  assert.deepEqual(Records.remove(state, 'r1').records, []);
});

test('every field sorts both ways, blanks last', () => {
  let state = Records.save(Records.initialState(), Schema, input(0), 'r0').state;
  state = Records.save(state, Schema, input(1), 'r1').state;
  state = Records.save(state, Schema, { [first.key]: 'Zulu' }, 'r2').state;
  Schema.fields.slice(1).forEach((f) => {
    assert.deepEqual(Records.sorted(Schema, state.records, { key: f.key, descending: false }).map((r) => r.id), ['r1', 'r0', 'r2'], f.key);
    assert.deepEqual(Records.sorted(Schema, state.records, { key: f.key, descending: true }).map((r) => r.id), ['r0', 'r1', 'r2'], f.key);
  });
  assert.deepEqual(Records.sorted(Schema, state.records, { key: null }).map((r) => r.id), ['r0', 'r1', 'r2']);
});

test('rows for search and export hold every field as text', () => {
  const state = Records.save(Records.initialState(), Schema, input(0), 'r0').state;
  const row = Records.rows(Schema, state.records)[0];
  assert.deepEqual(Object.keys(row), Schema.fields.map((f) => f.key));
  Object.values(row).forEach((value) => assert.equal(typeof value, 'string'));
});
`,
  body: (context) => {
    const schema = schemaOf(context);
    const noun = escapeHtml(schema.noun);
    const options = schema.fields.map((field) => `<option value="${escapeHtml(field.key)}">${escapeHtml(field.label)}</option>`).join('');
    return `
    <form id="record-form" class="card" novalidate>
      <h2 id="form-title">Add a ${noun}</h2>
      <div class="fields">${schema.fields.map(fieldInput).join('\n        ')}</div>
      <p id="record-errors" class="error" role="alert"></p>
      <div class="row"><button id="save-record" class="primary" type="submit">Add ${noun}</button><button id="cancel-edit" class="hidden" type="button">Cancel</button></div>
    </form>
    <section class="card">
      <div class="row"><h2 class="grow">${escapeHtml(capitalized(schema.plural))}</h2><span id="record-count" class="muted"></span>
        <label>Sort by<select id="sort-field" aria-label="Sort by"><option value="">Order added</option>${options}</select></label>
        <button id="sort-direction" type="button" aria-pressed="false">Ascending</button></div>
      <ul id="records" class="list"></ul>
    </section>`;
  },
  app: () => String.raw`
  var SCHEMA = Schema;
  var app = Kit.createApp({
    name: 'records', initial: Records.initialState(), render: render,
    records: function (state) { return Records.rows(SCHEMA, Records.sorted(SCHEMA, state.records, state.sort)); },
    searchFields: SCHEMA.fields.map(function (f) { return f.key; }), exportColumns: SCHEMA.fields.map(function (f) { return f.key; })
  });
  var NOUN = SCHEMA.noun;

  function fillForm(record) {
    SCHEMA.fields.forEach(function (f) {
      var value = record ? record[f.key] : '';
      byId('field-' + f.key).value = Array.isArray(value) ? value.join('\n') : value === undefined ? '' : String(value);
    });
  }

  function render(state, view) {
    var shown = view.filter(Records.sorted(SCHEMA, state.records, state.sort).map(function (r) {
      return Object.assign({ record: r }, Records.rows(SCHEMA, [r])[0]);
    }));
    byId('record-count').textContent = shown.length + ' of ' + state.records.length + ' ' + (state.records.length === 1 ? NOUN : SCHEMA.plural);
    byId('form-title').textContent = (state.editing ? 'Edit the ' : 'Add a ') + NOUN;
    byId('save-record').textContent = (state.editing ? 'Save ' : 'Add ') + NOUN;
    byId('cancel-edit').classList.toggle('hidden', !state.editing);
    byId('sort-field').value = state.sort.key || '';
    byId('sort-direction').textContent = state.sort.descending ? 'Descending' : 'Ascending';
    byId('sort-direction').setAttribute('aria-pressed', String(state.sort.descending));
    var list = clear(byId('records'));
    if (state.records.length === 0) list.appendChild(h('li', { className: 'muted', text: 'No ' + SCHEMA.plural + ' yet: add the first one above.' }));
    shown.forEach(function (item) {
      var r = item.record;
      var name = Records.display(SCHEMA.fields[0], r[SCHEMA.fields[0].key]);
      var details = SCHEMA.fields.slice(1).map(function (f) {
        var value = Records.display(f, r[f.key]);
        return value ? h('div', { 'data-field': f.key }, [h('dt', { text: f.label }), h('dd', { text: value })]) : null;
      });
      list.appendChild(h('li', { className: 'record', 'data-id': r.id }, [
        h('div', { className: 'grow' }, [h('h3', { text: name }), h('dl', {}, details)]),
        h('button', { type: 'button', text: 'Edit', 'aria-label': 'Edit ' + name, onclick: function () { fillForm(r); app.update(Records.edit(app.get(), r.id)); byId('field-' + SCHEMA.fields[0].key).focus(); } }),
        h('button', { type: 'button', className: 'danger', text: 'Delete', 'aria-label': 'Delete ' + name, onclick: function () { app.update(Records.remove(app.get(), r.id)); } })
      ]));
    });
  }

  byId('record-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var input = {};
    SCHEMA.fields.forEach(function (f) { input[f.key] = byId('field-' + f.key).value; });
    var result = Records.save(app.get(), SCHEMA, input, Kit.newId());
    byId('record-errors').textContent = Object.keys(result.errors).map(function (key) { return result.errors[key]; }).join(' ');
    if (Object.keys(result.errors).length === 0) { fillForm(null); app.update(result.state); }
  });
  byId('cancel-edit').addEventListener('click', function () { fillForm(null); app.update(Records.cancel(app.get())); });
  byId('sort-field').addEventListener('change', function () { app.update(Records.setSort(app.get(), byId('sort-field').value, app.get().sort.descending)); });
  byId('sort-direction').addEventListener('click', function () { var s = app.get().sort; app.update(Records.setSort(app.get(), s.key, !s.descending)); });
  app.render();
`,
  css: `
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px; margin: 8px 0; }
.fields label.wide { grid-column: 1 / -1; }
.fields input, .fields textarea { width: 100%; }
.fields textarea { min-height: 70px; }
li.record h3 { margin: 0 0 4px; }
li.record dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 4px 12px; margin: 0; }
li.record dt { font-size: 0.8rem; color: var(--text-secondary); }
li.record dd { margin: 0; white-space: pre-wrap; }`,
};

import { testFile, umdModule } from './umd';

/** A generated module and its node:test file. */
export interface ModuleSource {
  global: string;
  path: string;
  testPath: string;
  source: string;
  test: string;
}

function moduleSource(global: string, name: string, summary: string, body: string, tests: string): ModuleSource {
  const path = `src/${name}.js`;
  return { global, path, testPath: `test/${name}.test.js`, source: umdModule(global, summary, body), test: testFile(global, path, tests) };
}

export const SEARCH_MODULE = moduleSource(
  'Search',
  'search',
  'Search and filter: every word of the query must appear in one of the fields, ignoring case.',
  String.raw`
  function normalize(value) { return String(value === null || value === undefined ? '' : value).toLowerCase(); }

  function words(query) { return normalize(query).split(/\s+/).filter(Boolean); }

  function matches(record, query, fields) {
    var wanted = words(query);
    if (wanted.length === 0) return true;
    var haystack = fields.map(function (field) { return normalize(record[field]); }).join('\n');
    return wanted.every(function (word) { return haystack.indexOf(word) !== -1; });
  }

  function filterRecords(records, query, fields) {
    return records.filter(function (record) { return matches(record, query, fields); });
  }

  return { words: words, matches: matches, filterRecords: filterRecords };
`,
  String.raw`
const records = [
  { title: 'Buy milk', note: 'Semi-skimmed', tag: 'home' },
  { title: 'Write report', note: 'For the Monday meeting', tag: 'work' },
  { title: 'Call Anna', note: null, tag: 'home' }
];

test('an empty or blank query keeps every record', () => {
  assert.equal(Search.filterRecords(records, '', ['title']).length, 3);
  assert.equal(Search.filterRecords(records, '   ', ['title']).length, 3);
});

test('matching ignores case and looks in every listed field', () => {
  assert.deepEqual(Search.filterRecords(records, 'MONDAY', ['title', 'note']).map((r) => r.title), ['Write report']);
  assert.deepEqual(Search.filterRecords(records, 'home', ['tag']).map((r) => r.title), ['Buy milk', 'Call Anna']);
});

test('every word of the query must match, and unlisted fields are not searched', () => {
  assert.deepEqual(Search.filterRecords(records, 'home milk', ['title', 'tag']).map((r) => r.title), ['Buy milk']);
  assert.equal(Search.filterRecords(records, 'monday', ['title']).length, 0);
});

test('missing field values never match the text "null"', () => {
  assert.equal(Search.filterRecords(records, 'null', ['title', 'note']).length, 0);
});
`,
);

export const EXPORT_MODULE = moduleSource(
  'Exporter',
  'export',
  'Export as CSV (RFC 4180, with spreadsheet formulas neutralised) or JSON.',
  String.raw`
  function csvCell(value) {
    if (value === null || value === undefined) return '';
    var text = String(value);
    // A text cell starting with = + - @ would run as a formula in a spreadsheet: prefix it with a quote.
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function toCsv(rows, columns) {
    var lines = [columns.map(csvCell).join(',')];
    rows.forEach(function (row) { lines.push(columns.map(function (column) { return csvCell(row[column]); }).join(',')); });
    return lines.join('\r\n') + '\r\n';
  }

  function toJson(rows, columns) {
    var picked = rows.map(function (row) {
      var out = {};
      columns.forEach(function (column) { out[column] = row[column] === undefined ? null : row[column]; });
      return out;
    });
    return JSON.stringify(picked, null, 2) + '\n';
  }

  function fileName(base, extension, date) {
    return base + '-' + date.toISOString().slice(0, 10) + '.' + extension;
  }

  return { csvCell: csvCell, toCsv: toCsv, toJson: toJson, fileName: fileName };
`,
  String.raw`
test('CSV has a header row and CRLF line ends', () => {
  const csv = Exporter.toCsv([{ a: 1, b: 'x' }, { a: 2, b: 'y' }], ['a', 'b']);
  assert.equal(csv, 'a,b\r\n1,x\r\n2,y\r\n');
});

test('CSV quotes commas, quotes and line breaks, doubling inner quotes', () => {
  assert.equal(Exporter.csvCell('a,b'), '"a,b"');
  assert.equal(Exporter.csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(Exporter.csvCell('two\nlines'), '"two\nlines"');
  assert.equal(Exporter.csvCell(null), '');
});

test('CSV neutralises text that a spreadsheet would run as a formula, but not numbers', () => {
  assert.equal(Exporter.csvCell('=SUM(A1:A9)'), "'=SUM(A1:A9)");
  assert.equal(Exporter.csvCell('@cmd'), "'@cmd");
  assert.equal(Exporter.csvCell(-12.5), '-12.5');
});

test('JSON keeps only the listed columns, with null for missing ones', () => {
  const json = JSON.parse(Exporter.toJson([{ a: 1, secret: 'no' }], ['a', 'b']));
  assert.deepEqual(json, [{ a: 1, b: null }]);
});

test('file names carry the date', () => {
  assert.equal(Exporter.fileName('tasks', 'csv', new Date('2024-03-05T10:00:00Z')), 'tasks-2024-03-05.csv');
});
`,
);

export const STORAGE_MODULE = moduleSource(
  'Persist',
  'storage',
  'Saves the data in the browser (localStorage); unreadable or missing data falls back to the initial value.',
  String.raw`
  var PREFIX = 'gantry-app:';

  function createStore(storage, key, initial) {
    var fullKey = PREFIX + key;
    return {
      load: function () {
        try {
          var text = storage ? storage.getItem(fullKey) : null;
          return text === null ? initial : JSON.parse(text);
        } catch (error) {
          return initial;
        }
      },
      save: function (value) {
        try {
          if (storage) storage.setItem(fullKey, JSON.stringify(value));
          return true;
        } catch (error) {
          return false; // storage full or disabled: the page keeps working from memory
        }
      }
    };
  }

  return { createStore: createStore, PREFIX: PREFIX };
`,
  String.raw`
function fakeStorage() {
  const items = new Map();
  return { getItem: (k) => (items.has(k) ? items.get(k) : null), setItem: (k, v) => items.set(k, String(v)), items };
}

test('a fresh store gives the initial value', () => {
  assert.deepEqual(Persist.createStore(fakeStorage(), 'tasks', [1]).load(), [1]);
});

test('what is saved is loaded back, from another store on the same storage', () => {
  const storage = fakeStorage();
  Persist.createStore(storage, 'tasks', []).save([{ title: 'x' }]);
  assert.deepEqual(Persist.createStore(storage, 'tasks', []).load(), [{ title: 'x' }]);
  assert.ok(storage.items.has(Persist.PREFIX + 'tasks'));
});

test('corrupt data falls back to the initial value', () => {
  const storage = fakeStorage();
  storage.setItem(Persist.PREFIX + 'tasks', '{not json');
  assert.deepEqual(Persist.createStore(storage, 'tasks', ['initial']).load(), ['initial']);
});

test('a storage that refuses to save does not throw', () => {
  const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
  assert.equal(Persist.createStore(full, 'tasks', []).save([1]), false);
});
`,
);

export const THEME_MODE_MODULE = moduleSource(
  'ThemeMode',
  'theme-mode',
  'The dark mode toggle: switches the page between its light and dark surfaces (styles.css).',
  String.raw`
  function otherMode(mode) { return mode === 'dark' ? 'light' : 'dark'; }

  function initialMode(saved, natural) {
    if (saved === 'dark' || saved === 'light') return saved;
    return natural === 'dark' ? 'dark' : 'light';
  }

  function applyMode(root, mode) {
    root.setAttribute('data-mode', mode);
    return mode;
  }

  function toggleLabel(mode) { return mode === 'dark' ? 'Light mode' : 'Dark mode'; }

  return { otherMode: otherMode, initialMode: initialMode, applyMode: applyMode, toggleLabel: toggleLabel };
`,
  String.raw`
test('the toggle switches between dark and light', () => {
  assert.equal(ThemeMode.otherMode('light'), 'dark');
  assert.equal(ThemeMode.otherMode('dark'), 'light');
});

test('a saved choice wins over the theme\'s natural mode; nonsense is ignored', () => {
  assert.equal(ThemeMode.initialMode('dark', 'light'), 'dark');
  assert.equal(ThemeMode.initialMode(null, 'dark'), 'dark');
  assert.equal(ThemeMode.initialMode('purple', 'light'), 'light');
});

test('applying a mode sets data-mode on the root element', () => {
  const attributes = {};
  const root = { setAttribute: (name, value) => { attributes[name] = value; } };
  assert.equal(ThemeMode.applyMode(root, 'dark'), 'dark');
  assert.deepEqual(attributes, { 'data-mode': 'dark' });
  assert.equal(ThemeMode.toggleLabel('dark'), 'Light mode');
});
`,
);

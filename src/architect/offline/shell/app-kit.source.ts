import { umdModule } from './umd';

/** Browser helpers every page uses: DOM building through textContent only, state, and the common features' wiring. */
export const APP_KIT_JS = umdModule(
  'Kit',
  'Page helpers: DOM nodes are built with textContent, never innerHTML, so user text stays text.',
  String.raw`
  var PROPERTIES = ['value', 'checked', 'disabled', 'selected', 'draggable'];

  function h(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) return;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'className') node.className = value;
      else if (key.slice(0, 2) === 'on') node.addEventListener(key.slice(2).toLowerCase(), value);
      else if (PROPERTIES.indexOf(key) !== -1) node[key] = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined && child !== false) node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function byId(id) { return document.getElementById(id); }

  function newId() { return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8); }

  function memoryStore(initial) {
    var value = initial;
    return { load: function () { return value; }, save: function (next) { value = next; } };
  }

  /** The browser's localStorage, or null where the page may not have one (a sandboxed page: reading it throws). */
  function browserStorage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  /** localStorage when the page has the persistence module, else memory (the data lasts until a reload). */
  function store(key, initial) {
    if (typeof Persist !== 'undefined') return Persist.createStore(browserStorage(), key, initial);
    return memoryStore(initial);
  }

  function download(fileName, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = h('a', { href: url, download: fileName });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /** A short tone; where the page may not play sound, the app's on-screen alert remains. */
  function beep(seconds) {
    try {
      var audio = new (window.AudioContext || window.webkitAudioContext)();
      var tone = audio.createOscillator();
      tone.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + seconds);
    } catch (error) { /* no audio */ }
  }

  function wireSearch(onQuery) {
    var input = byId('search');
    if (!input || typeof Search === 'undefined') return;
    input.addEventListener('input', function () { onQuery(input.value); });
  }

  function wireExport(options, current) {
    if (typeof Exporter === 'undefined') return;
    var csv = byId('export-csv');
    var json = byId('export-json');
    var rows = function () { return options.records(current()); };
    if (csv) csv.addEventListener('click', function () {
      download(Exporter.fileName(options.name, 'csv', new Date()), Exporter.toCsv(rows(), options.exportColumns), 'text/csv');
    });
    if (json) json.addEventListener('click', function () {
      download(Exporter.fileName(options.name, 'json', new Date()), Exporter.toJson(rows(), options.exportColumns), 'application/json');
    });
  }

  function wireMode(name) {
    var button = byId('mode-toggle');
    if (!button || typeof ThemeMode === 'undefined') return;
    var root = document.documentElement;
    var saved = store(name + ':mode', null);
    var mode = ThemeMode.applyMode(root, ThemeMode.initialMode(saved.load(), root.getAttribute('data-natural')));
    var show = function () {
      button.textContent = ThemeMode.toggleLabel(mode);
      button.setAttribute('aria-pressed', String(mode === 'dark'));
    };
    show();
    button.addEventListener('click', function () {
      mode = ThemeMode.applyMode(root, ThemeMode.otherMode(mode));
      saved.save(mode);
      show();
    });
  }

  /**
   * Starts a page: options.name, initial, render(state, view), records(state) (what search and export act on),
   * searchFields, exportColumns. view.filter(items) applies the search box.
   */
  function createApp(options) {
    var data = store(options.name, options.initial);
    var state = data.load();
    var query = '';
    var view = {
      filter: function (items) { return typeof Search === 'undefined' ? items : Search.filterRecords(items, query, options.searchFields); },
      query: function () { return query; }
    };
    var app = {
      get: function () { return state; },
      update: function (next) { state = next; data.save(state); app.render(); },
      render: function () { options.render(state, view); }
    };
    wireSearch(function (text) { query = text; app.render(); });
    wireExport(options, app.get);
    wireMode(options.name);
    return app;
  }

  return { h: h, clear: clear, byId: byId, newId: newId, memoryStore: memoryStore, store: store, download: download, beep: beep, createApp: createApp };
`,
);

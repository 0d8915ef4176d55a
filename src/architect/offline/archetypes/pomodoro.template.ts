import type { ArchetypeTemplate } from './archetype-template';

export const POMODORO_TEMPLATE: ArchetypeTemplate = {
  key: 'POMODORO',
  title: 'Pomodoro timer',
  module: 'pomodoro',
  global: 'Pomodoro',
  builds: ['Custom focus and break lengths', 'Long break after every four sessions'],
  limitations: ['The alert sound is a short beep made by the browser (Web Audio); it needs one click on the page first.'],
  searchFields: ['kind', 'date'],
  exportColumns: ['kind', 'date', 'minutes'],
  logic: String.raw`
  var MINUTE = 60000;
  var DEFAULTS = { focus: 25, shortBreak: 5, longBreak: 15, longEvery: 4 };

  function initialState() {
    return { settings: Object.assign({}, DEFAULTS), phase: 'focus', running: false, endsAt: null, leftMs: DEFAULTS.focus * MINUTE, completed: 0, log: [] };
  }

  function lengthOf(settings, phase) { return (phase === 'focus' ? settings.focus : phase === 'long' ? settings.longBreak : settings.shortBreak) * MINUTE; }

  function start(state, now) {
    if (state.running) return state;
    return Object.assign({}, state, { running: true, endsAt: now + state.leftMs });
  }

  function pause(state, now) {
    if (!state.running) return state;
    return Object.assign({}, state, { running: false, endsAt: null, leftMs: Math.max(0, state.endsAt - now) });
  }

  function reset(state) {
    return Object.assign({}, state, { running: false, endsAt: null, leftMs: lengthOf(state.settings, state.phase) });
  }

  function remaining(state, now) { return state.running ? Math.max(0, state.endsAt - now) : state.leftMs; }

  /** Ends the phase when its time is up: focus becomes a break (long after every fourth), a break becomes focus. */
  function tick(state, now) {
    if (!state.running || now < state.endsAt) return { state: state, ended: null };
    var ended = state.phase;
    var completed = ended === 'focus' ? state.completed + 1 : state.completed;
    var next = ended !== 'focus' ? 'focus' : completed % state.settings.longEvery === 0 ? 'long' : 'short';
    var entry = { kind: ended, date: new Date(state.endsAt).toISOString().slice(0, 10), minutes: lengthOf(state.settings, ended) / MINUTE };
    var after = Object.assign({}, state, { phase: next, running: false, endsAt: null, leftMs: lengthOf(state.settings, next), completed: completed, log: state.log.concat([entry]) });
    return { state: after, ended: ended };
  }

  function setLengths(state, focus, shortBreak, longBreak) {
    var clamp = function (value, fallback) { var n = Math.round(Number(value)); return n >= 1 && n <= 180 ? n : fallback; };
    var settings = Object.assign({}, state.settings, { focus: clamp(focus, state.settings.focus), shortBreak: clamp(shortBreak, state.settings.shortBreak), longBreak: clamp(longBreak, state.settings.longBreak) });
    return reset(Object.assign({}, state, { settings: settings }));
  }

  function sessionsOn(log, date) { return log.filter(function (e) { return e.kind === 'focus' && e.date === date; }).length; }

  function formatClock(ms) {
    var seconds = Math.ceil(ms / 1000);
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return (m < 10 ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s;
  }

  return { MINUTE: MINUTE, initialState: initialState, start: start, pause: pause, reset: reset, remaining: remaining, tick: tick,
    setLengths: setLengths, sessionsOn: sessionsOn, formatClock: formatClock };
`,
  tests: String.raw`
const M = Pomodoro.MINUTE;
const T0 = Date.UTC(2024, 4, 1, 9, 0, 0);

test('a fresh timer is a 25-minute focus session, not running', () => {
  const state = Pomodoro.initialState();
  assert.equal(state.phase, 'focus');
  assert.equal(Pomodoro.formatClock(Pomodoro.remaining(state, T0)), '25:00');
});

test('start, pause and resume keep the time left; reset restores the full length', () => {
  let state = Pomodoro.start(Pomodoro.initialState(), T0);
  assert.equal(Pomodoro.remaining(state, T0 + 10 * M), 15 * M);
  state = Pomodoro.pause(state, T0 + 10 * M);
  assert.equal(Pomodoro.remaining(state, T0 + 99 * M), 15 * M);
  state = Pomodoro.start(state, T0 + 20 * M);
  assert.equal(Pomodoro.remaining(state, T0 + 25 * M), 10 * M);
  assert.equal(Pomodoro.reset(state).leftMs, 25 * M);
});

test('a finished focus session becomes a 5-minute break and is counted', () => {
  const running = Pomodoro.start(Pomodoro.initialState(), T0);
  assert.equal(Pomodoro.tick(running, T0 + 24 * M).ended, null);
  const { state, ended } = Pomodoro.tick(running, T0 + 25 * M);
  assert.equal(ended, 'focus');
  assert.equal(state.phase, 'short');
  assert.equal(state.leftMs, 5 * M);
  assert.equal(Pomodoro.sessionsOn(state.log, '2024-05-01'), 1);
});

test('every fourth focus session is followed by a long break; a break returns to focus', () => {
  let state = Pomodoro.initialState();
  let now = T0;
  const phases = [];
  for (let i = 0; i < 8; i += 1) {
    state = Pomodoro.start(state, now);
    now += state.leftMs;
    state = Pomodoro.tick(state, now).state;
    phases.push(state.phase);
  }
  assert.deepEqual(phases, ['short', 'focus', 'short', 'focus', 'short', 'focus', 'long', 'focus']);
  assert.equal(state.completed, 4);
});

test('custom lengths are clamped to 1-180 minutes', () => {
  const state = Pomodoro.setLengths(Pomodoro.initialState(), '50', 0, 'ten');
  assert.deepEqual([state.settings.focus, state.settings.shortBreak, state.settings.longBreak], [50, 5, 15]);
  assert.equal(state.leftMs, 50 * M);
  assert.equal(Pomodoro.formatClock(61000), '01:01');
});
`,
  body: () => `
    <section class="card timer">
      <p id="phase" class="muted">Focus</p>
      <output id="clock" class="clock" aria-live="off">25:00</output>
      <div class="row timer-buttons"><button id="start" class="primary" type="button">Start</button><button id="pause" type="button">Pause</button><button id="reset" type="button">Reset</button></div>
      <p id="alert" class="alert" role="alert"></p>
      <p id="today" class="muted"></p>
    </section>
    <form id="settings" class="card row">
      <label>Focus (min)<input id="focus-length" type="number" min="1" max="180"></label>
      <label>Short break<input id="short-length" type="number" min="1" max="180"></label>
      <label>Long break<input id="long-length" type="number" min="1" max="180"></label>
      <button type="submit">Save lengths</button>
    </form>
    <section class="card"><h2>Sessions</h2><ul id="log" class="list"></ul></section>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'pomodoro', initial: Pomodoro.initialState(), render: render,
    records: function (state) { return state.log; },
    searchFields: ['kind', 'date'], exportColumns: ['kind', 'date', 'minutes']
  });
  var NAMES = { focus: 'Focus', short: 'Short break', long: 'Long break' };

  function render(state, view) {
    byId('phase').textContent = NAMES[state.phase];
    byId('clock').textContent = Pomodoro.formatClock(Pomodoro.remaining(state, Date.now()));
    byId('today').textContent = Pomodoro.sessionsOn(state.log, new Date().toISOString().slice(0, 10)) + ' focus sessions today';
    byId('focus-length').value = state.settings.focus;
    byId('short-length').value = state.settings.shortBreak;
    byId('long-length').value = state.settings.longBreak;
    var list = clear(byId('log'));
    view.filter(state.log.slice().reverse()).forEach(function (entry) {
      list.appendChild(h('li', {}, [h('span', { className: 'grow', text: NAMES[entry.kind] }), h('span', { className: 'muted', text: entry.date + ', ' + entry.minutes + ' min' })]));
    });
  }

  setInterval(function () {
    var result = Pomodoro.tick(app.get(), Date.now());
    if (result.ended) {
      byId('alert').textContent = NAMES[result.ended] + ' is over.';
      Kit.beep(0.4);
      app.update(result.state);
    } else if (app.get().running) {
      byId('clock').textContent = Pomodoro.formatClock(Pomodoro.remaining(app.get(), Date.now()));
    }
  }, 250);

  byId('start').addEventListener('click', function () { byId('alert').textContent = ''; app.update(Pomodoro.start(app.get(), Date.now())); });
  byId('pause').addEventListener('click', function () { app.update(Pomodoro.pause(app.get(), Date.now())); });
  byId('reset').addEventListener('click', function () { app.update(Pomodoro.reset(app.get())); });
  byId('settings').addEventListener('submit', function (event) {
    event.preventDefault();
    app.update(Pomodoro.setLengths(app.get(), byId('focus-length').value, byId('short-length').value, byId('long-length').value));
  });
  app.render();
`,
  css: `
.timer { text-align: center; }
.clock { display: block; font-size: 4rem; font-variant-numeric: tabular-nums; color: var(--primary); }
.timer-buttons { justify-content: center; }
.alert { font-weight: 600; color: var(--accent); min-height: 1.2em; }`,
};

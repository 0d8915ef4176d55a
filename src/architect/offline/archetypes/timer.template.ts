import type { ArchetypeTemplate, TemplateContext } from './archetype-template';

const DATE_COUNTDOWN = 'Countdown to a date and time';

function dateSection(context: TemplateContext): string {
  if (!context.has(DATE_COUNTDOWN)) return '';
  return `
    <section class="card"><h2>Countdown to a date</h2>
      <div class="row"><label>Date and time<input id="target-date" type="datetime-local" aria-label="Target date and time"></label></div>
      <p id="until" class="until" aria-live="polite"></p>
    </section>`;
}

export const TIMER_TEMPLATE: ArchetypeTemplate = {
  key: 'TIMER',
  title: 'Timer',
  module: 'timer',
  global: 'Timer',
  builds: [DATE_COUNTDOWN],
  onRequest: [DATE_COUNTDOWN],
  limitations: ['The alert sounds only while the page is open.'],
  searchFields: ['time'],
  exportColumns: ['lap', 'time'],
  logic: String.raw`
  function initialState() {
    return { countdown: { setMs: 300000, leftMs: 300000, running: false, endsAt: 0 },
      watch: { running: false, startedAt: 0, elapsedMs: 0, laps: [] }, target: '' };
  }

  function withCountdown(state, changes) { return Object.assign({}, state, { countdown: Object.assign({}, state.countdown, changes) }); }
  function withWatch(state, changes) { return Object.assign({}, state, { watch: Object.assign({}, state.watch, changes) }); }

  /** Minutes 0-999 and seconds 0-59; a countdown of nothing is refused. */
  function setCountdown(state, minutes, seconds) {
    var m = Math.min(999, Math.max(0, Math.floor(Number(minutes) || 0)));
    var s = Math.min(59, Math.max(0, Math.floor(Number(seconds) || 0)));
    var ms = (m * 60 + s) * 1000;
    if (ms === 0) return { state: state, error: 'Set at least one second.' };
    return { state: withCountdown(state, { setMs: ms, leftMs: ms, running: false, endsAt: 0 }), error: '' };
  }

  function remaining(state, now) {
    var c = state.countdown;
    return c.running ? Math.max(0, c.endsAt - now) : c.leftMs;
  }

  function start(state, now) {
    if (state.countdown.running || state.countdown.leftMs <= 0) return state;
    return withCountdown(state, { running: true, endsAt: now + state.countdown.leftMs });
  }

  function pause(state, now) {
    if (!state.countdown.running) return state;
    return withCountdown(state, { running: false, leftMs: remaining(state, now) });
  }

  function reset(state) { return withCountdown(state, { running: false, leftMs: state.countdown.setMs, endsAt: 0 }); }

  /** The countdown at this moment: ended is true exactly once, when it reaches zero. */
  function tick(state, now) {
    if (!state.countdown.running || now < state.countdown.endsAt) return { state: state, ended: false };
    return { state: withCountdown(state, { running: false, leftMs: 0 }), ended: true };
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  /** 4:59 reads "04:59"; an hour or more "1:02:03". Seconds round up, so the clock shows 00:00 only at the end. */
  function formatClock(ms) {
    var total = Math.ceil(ms / 1000);
    var h = Math.floor(total / 3600);
    var rest = pad(Math.floor((total % 3600) / 60)) + ':' + pad(total % 60);
    return h > 0 ? h + ':' + rest : rest;
  }

  function elapsed(state, now) { var w = state.watch; return w.elapsedMs + (w.running ? now - w.startedAt : 0); }
  function startWatch(state, now) { return state.watch.running ? state : withWatch(state, { running: true, startedAt: now }); }
  function pauseWatch(state, now) { return state.watch.running ? withWatch(state, { running: false, elapsedMs: elapsed(state, now) }) : state; }
  function resetWatch(state) { return withWatch(state, { running: false, startedAt: 0, elapsedMs: 0, laps: [] }); }

  /** 83456 ms reads "01:23.4". */
  function formatWatch(ms) {
    var tenths = Math.floor(ms / 100);
    return pad(Math.floor(tenths / 600)) + ':' + pad(Math.floor(tenths / 10) % 60) + '.' + (tenths % 10);
  }

  function lap(state, now) {
    if (!state.watch.running) return state;
    var laps = state.watch.laps.concat([{ lap: state.watch.laps.length + 1, time: formatWatch(elapsed(state, now)) }]);
    return withWatch(state, { laps: laps });
  }

  /** Whole days, hours, minutes and seconds until the target (an ISO date and time), or null when it is not one. */
  function until(target, now) {
    var time = Date.parse(target);
    if (!target || isNaN(time)) return null;
    var left = Math.max(0, Math.floor((time - now) / 1000));
    return { past: time <= now, days: Math.floor(left / 86400), hours: Math.floor(left / 3600) % 24, minutes: Math.floor(left / 60) % 60, seconds: left % 60 };
  }

  return { initialState: initialState, setCountdown: setCountdown, remaining: remaining, start: start, pause: pause, reset: reset,
    tick: tick, formatClock: formatClock, elapsed: elapsed, startWatch: startWatch, pauseWatch: pauseWatch, resetWatch: resetWatch,
    formatWatch: formatWatch, lap: lap, until: until };
`,
  tests: String.raw`
const T0 = 1700000000000;

test('a countdown runs from what was set, pauses, resumes and ends exactly once', () => {
  let state = Timer.setCountdown(Timer.initialState(), '1', '30').state;
  assert.equal(Timer.formatClock(Timer.remaining(state, T0)), '01:30');
  state = Timer.start(state, T0);
  state = Timer.pause(state, T0 + 30000);
  assert.equal(Timer.formatClock(Timer.remaining(state, T0 + 99999)), '01:00');
  state = Timer.start(state, T0 + 40000);
  assert.equal(Timer.tick(state, T0 + 99999).ended, false);
  const end = Timer.tick(state, T0 + 100000);
  assert.equal(end.ended, true);
  assert.equal(Timer.tick(end.state, T0 + 200000).ended, false);
  assert.equal(Timer.formatClock(Timer.remaining(Timer.reset(end.state), T0)), '01:30');
});

test('a countdown of nothing is refused and the limits are clamped', () => {
  assert.equal(Timer.setCountdown(Timer.initialState(), '0', 'x').error, 'Set at least one second.');
  assert.equal(Timer.setCountdown(Timer.initialState(), '5000', '99').state.countdown.setMs, (999 * 60 + 59) * 1000);
  assert.equal(Timer.formatClock(3723000), '1:02:03');
  assert.equal(Timer.formatClock(100), '00:01');
});

test('the stopwatch adds up running time and records laps', () => {
  let state = Timer.startWatch(Timer.initialState(), T0);
  state = Timer.lap(state, T0 + 83456);
  state = Timer.pauseWatch(state, T0 + 90000);
  assert.equal(Timer.elapsed(state, T0 + 999999), 90000);
  assert.deepEqual(state.watch.laps, [{ lap: 1, time: '01:23.4' }]);
  assert.equal(Timer.lap(state, T0 + 100000), state);
  assert.deepEqual(Timer.resetWatch(state).watch.laps, []);
});

test('the time until a date is split into days, hours, minutes and seconds', () => {
  assert.deepEqual(Timer.until('2024-05-08T10:30:05Z', Date.parse('2024-05-06T09:00:00Z')), { past: false, days: 2, hours: 1, minutes: 30, seconds: 5 });
  assert.equal(Timer.until('2020-01-01T00:00:00Z', T0).past, true);
  assert.equal(Timer.until('not a date', T0), null);
});
`,
  body: (context) => `
    <section class="card timer">
      <h2>Countdown</h2>
      <form id="countdown-form" class="row set-row">
        <label>Minutes<input id="minutes" type="number" min="0" max="999" value="5" aria-label="Minutes"></label>
        <label>Seconds<input id="seconds" type="number" min="0" max="59" value="0" aria-label="Seconds"></label>
        <button type="submit">Set</button>
      </form>
      <output id="clock" class="clock" aria-live="off">05:00</output>
      <div class="row timer-buttons"><button id="start" class="primary" type="button">Start</button><button id="pause" type="button">Pause</button><button id="reset" type="button">Reset</button></div>
      <p id="alert" class="alert" role="alert"></p>
    </section>
    <section class="card timer">
      <h2>Stopwatch</h2>
      <output id="watch" class="clock" aria-live="off">00:00.0</output>
      <div class="row timer-buttons"><button id="watch-start" type="button">Start stopwatch</button><button id="watch-stop" type="button">Stop stopwatch</button><button id="watch-lap" type="button">Lap</button><button id="watch-reset" type="button">Reset stopwatch</button></div>
      <ol id="laps" class="list"></ol>
    </section>${dateSection(context)}`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'timer', initial: Timer.initialState(), render: render,
    records: function (state) { return state.watch.laps; },
    searchFields: ['time'], exportColumns: ['lap', 'time']
  });

  function showClocks(state) {
    byId('clock').textContent = Timer.formatClock(Timer.remaining(state, Date.now()));
    byId('watch').textContent = Timer.formatWatch(Timer.elapsed(state, Date.now()));
    var target = byId('target-date');
    if (!target) return;
    var left = Timer.until(state.target, Date.now());
    byId('until').textContent = !left ? 'Pick a date and time.' : left.past ? 'That moment has come.'
      : left.days + ' days, ' + left.hours + ' hours, ' + left.minutes + ' minutes, ' + left.seconds + ' seconds to go';
  }

  function render(state, view) {
    showClocks(state);
    if (byId('target-date') && document.activeElement !== byId('target-date')) byId('target-date').value = state.target;
    var list = clear(byId('laps'));
    view.filter(state.watch.laps).forEach(function (entry) {
      list.appendChild(h('li', {}, [h('span', { className: 'grow', text: 'Lap ' + entry.lap }), h('span', { text: entry.time })]));
    });
  }

  setInterval(function () {
    var result = Timer.tick(app.get(), Date.now());
    if (result.ended) { byId('alert').textContent = 'Time is up!'; Kit.beep(0.6); app.update(result.state); }
    else showClocks(app.get());
  }, 100);

  byId('countdown-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var result = Timer.setCountdown(app.get(), byId('minutes').value, byId('seconds').value);
    byId('alert').textContent = result.error;
    app.update(result.state);
  });
  byId('start').addEventListener('click', function () { byId('alert').textContent = ''; app.update(Timer.start(app.get(), Date.now())); });
  byId('pause').addEventListener('click', function () { app.update(Timer.pause(app.get(), Date.now())); });
  byId('reset').addEventListener('click', function () { byId('alert').textContent = ''; app.update(Timer.reset(app.get())); });
  byId('watch-start').addEventListener('click', function () { app.update(Timer.startWatch(app.get(), Date.now())); });
  byId('watch-stop').addEventListener('click', function () { app.update(Timer.pauseWatch(app.get(), Date.now())); });
  byId('watch-lap').addEventListener('click', function () { app.update(Timer.lap(app.get(), Date.now())); });
  byId('watch-reset').addEventListener('click', function () { app.update(Timer.resetWatch(app.get())); });
  if (byId('target-date')) byId('target-date').addEventListener('change', function () {
    app.update(Object.assign({}, app.get(), { target: byId('target-date').value }));
  });
  app.render();
`,
  css: `
.timer { text-align: center; }
.clock { display: block; font-size: 3.5rem; font-variant-numeric: tabular-nums; color: var(--primary); }
.timer-buttons, .set-row { justify-content: center; }
.alert { font-weight: 600; color: var(--accent); min-height: 1.2em; }
.until { font-size: 1.4rem; }`,
};

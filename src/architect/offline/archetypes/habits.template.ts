import type { ArchetypeTemplate } from './archetype-template';

export const HABITS_TEMPLATE: ArchetypeTemplate = {
  key: 'HABITS',
  title: 'Habit tracker',
  module: 'habits',
  global: 'Habits',
  builds: [],
  limitations: [],
  searchFields: ['name'],
  exportColumns: ['name', 'streak', 'daysDone'],
  logic: String.raw`
  var DAY = 86400000;
  var DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

  function initialState() {
    return { weekOffset: 0, habits: [{ id: 'water', name: 'Drink water', done: {} }] };
  }

  function isoDay(time) { return new Date(time).toISOString().slice(0, 10); }

  /** The seven days (Monday first) of the week that holds the day, moved by whole weeks. */
  function weekOf(day, offset) {
    var time = Date.parse(day + 'T00:00:00Z');
    var monday = time - ((new Date(time).getUTCDay() + 6) % 7) * DAY + (offset || 0) * 7 * DAY;
    return DAY_NAMES.map(function (name, index) { return { name: name, date: isoDay(monday + index * DAY) }; });
  }

  function addHabit(state, name, id) {
    var clean = String(name || '').trim().slice(0, 80);
    if (!clean) return { state: state, error: 'Give the habit a name.' };
    if (state.habits.some(function (h) { return h.name.toLowerCase() === clean.toLowerCase(); })) return { state: state, error: 'You already track that habit.' };
    return { state: Object.assign({}, state, { habits: state.habits.concat([{ id: id, name: clean, done: {} }]) }), error: '' };
  }

  function deleteHabit(state, id) {
    return Object.assign({}, state, { habits: state.habits.filter(function (h) { return h.id !== id; }) });
  }

  function toggleDay(state, id, day) {
    return Object.assign({}, state, { habits: state.habits.map(function (h) {
      if (h.id !== id) return h;
      var done = Object.assign({}, h.done);
      if (done[day]) delete done[day]; else done[day] = true;
      return Object.assign({}, h, { done: done });
    }) });
  }

  /** Days in a row done, ending today (or yesterday, while today is still open). */
  function streak(habit, today) {
    var time = Date.parse(today + 'T00:00:00Z');
    if (!habit.done[today]) time -= DAY;
    var count = 0;
    while (habit.done[isoDay(time)]) { count += 1; time -= DAY; }
    return count;
  }

  function moveWeek(state, by) { return Object.assign({}, state, { weekOffset: state.weekOffset + by }); }

  function rows(state, today) {
    return state.habits.map(function (h) { return { name: h.name, streak: streak(h, today), daysDone: Object.keys(h.done).length }; });
  }

  return { initialState: initialState, weekOf: weekOf, addHabit: addHabit, deleteHabit: deleteHabit, toggleDay: toggleDay,
    streak: streak, moveWeek: moveWeek, rows: rows };
`,
  tests: String.raw`
const empty = { weekOffset: 0, habits: [] };

test('a week runs Monday to Sunday around the day, and moves by whole weeks', () => {
  const week = Habits.weekOf('2024-05-08', 0);
  assert.deepEqual(week.map((d) => d.date), ['2024-05-06', '2024-05-07', '2024-05-08', '2024-05-09', '2024-05-10', '2024-05-11', '2024-05-12']);
  assert.equal(week[0].name, 'Mon');
  assert.equal(Habits.weekOf('2024-05-12', -1)[0].date, '2024-04-29');
});

test('a habit needs a name, once', () => {
  assert.equal(Habits.addHabit(empty, '  ', 'a').error, 'Give the habit a name.');
  const added = Habits.addHabit(empty, 'Read', 'a').state;
  assert.equal(added.habits[0].name, 'Read');
  assert.match(Habits.addHabit(added, 'read', 'b').error, /already/);
});

test('ticking a day twice unticks it; deleting removes the habit', () => {
  let state = Habits.addHabit(empty, 'Read', 'a').state;
  state = Habits.toggleDay(state, 'a', '2024-05-06');
  assert.deepEqual(state.habits[0].done, { '2024-05-06': true });
  state = Habits.toggleDay(state, 'a', '2024-05-06');
  assert.deepEqual(state.habits[0].done, {});
  assert.deepEqual(Habits.deleteHabit(state, 'a').habits, []);
});

test('the streak counts days in a row up to today, or up to yesterday while today is open', () => {
  const habit = { done: { '2024-05-04': true, '2024-05-05': true, '2024-05-06': true, '2024-05-02': true } };
  assert.equal(Habits.streak(habit, '2024-05-06'), 3);
  assert.equal(Habits.streak(habit, '2024-05-07'), 3);
  assert.equal(Habits.streak(habit, '2024-05-08'), 0);
});
`,
  body: () => `
    <form id="habit-form" class="card row">
      <input id="habit-name" class="grow" placeholder="A habit, e.g. Read 10 pages" aria-label="Habit name" maxlength="80">
      <button class="primary" type="submit">Add habit</button>
      <p id="habit-error" class="error" role="alert"></p>
    </form>
    <section class="card">
      <div class="row week-nav"><button id="previous-week" type="button">Previous week</button><strong id="week-label" class="grow"></strong><button id="next-week" type="button">Next week</button></div>
      <div class="grid-scroll"><table id="habit-grid"><thead><tr id="grid-head"></tr></thead><tbody id="grid-body"></tbody></table></div>
    </section>`,
  app: () => String.raw`
  function today() { return new Date().toISOString().slice(0, 10); }
  var app = Kit.createApp({
    name: 'habits', initial: Habits.initialState(), render: render,
    records: function (state) { return Habits.rows(state, today()); },
    searchFields: ['name'], exportColumns: ['name', 'streak', 'daysDone']
  });

  function render(state, view) {
    var week = Habits.weekOf(today(), state.weekOffset);
    byId('week-label').textContent = 'Week of ' + week[0].date;
    var head = clear(byId('grid-head'));
    head.appendChild(h('th', { text: 'Habit' }));
    week.forEach(function (day) { head.appendChild(h('th', { scope: 'col', className: day.date === today() ? 'today' : '', text: day.name + ' ' + day.date.slice(8) })); });
    head.appendChild(h('th', { text: 'Streak' }));
    head.appendChild(h('th', {}));
    var body = clear(byId('grid-body'));
    view.filter(state.habits).forEach(function (habit) {
      var cells = [h('th', { scope: 'row', text: habit.name })];
      week.forEach(function (day) {
        cells.push(h('td', {}, [h('input', { type: 'checkbox', checked: Boolean(habit.done[day.date]), 'aria-label': habit.name + ' on ' + day.name + ' ' + day.date,
          onchange: function () { app.update(Habits.toggleDay(app.get(), habit.id, day.date)); } })]));
      });
      var days = Habits.streak(habit, today());
      cells.push(h('td', { className: 'streak', text: days + (days === 1 ? ' day' : ' days') }));
      cells.push(h('td', {}, [h('button', { type: 'button', className: 'danger', 'aria-label': 'Delete ' + habit.name, text: 'Delete',
        onclick: function () { app.update(Habits.deleteHabit(app.get(), habit.id)); } })]));
      body.appendChild(h('tr', { 'data-habit': habit.name }, cells));
    });
  }

  byId('habit-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var result = Habits.addHabit(app.get(), byId('habit-name').value, Kit.newId());
    byId('habit-error').textContent = result.error;
    if (!result.error) { byId('habit-name').value = ''; app.update(result.state); }
  });
  byId('previous-week').addEventListener('click', function () { app.update(Habits.moveWeek(app.get(), -1)); });
  byId('next-week').addEventListener('click', function () { app.update(Habits.moveWeek(app.get(), 1)); });
  app.render();
`,
  css: `
.grid-scroll { overflow-x: auto; }
#habit-grid { width: 100%; border-collapse: collapse; }
#habit-grid th, #habit-grid td { padding: 6px; text-align: center; border-bottom: 1px solid var(--border); }
#habit-grid tbody th { text-align: left; }
#habit-grid th.today { color: var(--primary); }
#habit-grid input[type="checkbox"] { width: 20px; height: 20px; }
.week-nav { margin-bottom: 8px; text-align: center; }`,
};

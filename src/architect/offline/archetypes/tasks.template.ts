import type { ArchetypeTemplate } from './archetype-template';

export const TASKS_TEMPLATE: ArchetypeTemplate = {
  key: 'TASKS',
  title: 'Tasks',
  module: 'tasks',
  global: 'Tasks',
  builds: ['Tags or categories for tasks'],
  limitations: [],
  searchFields: ['title', 'tag', 'priority'],
  exportColumns: ['title', 'priority', 'due', 'tag', 'done'],
  logic: String.raw`
  var PRIORITIES = ['high', 'medium', 'low'];
  var FILTERS = ['all', 'active', 'completed'];

  function initialState() {
    return { filter: 'all', tasks: [
      { id: 'welcome', title: 'Try adding a task with a due date', priority: 'medium', due: null, tag: 'getting started', done: false }
    ] };
  }

  function addTask(state, input, id) {
    var title = String(input.title || '').trim();
    if (!title) return { state: state, error: 'A task needs a title.' };
    var due = /^\d{4}-\d{2}-\d{2}$/.test(input.due || '') ? input.due : null;
    var priority = PRIORITIES.indexOf(input.priority) === -1 ? 'medium' : input.priority;
    var task = { id: id, title: title, priority: priority, due: due, tag: String(input.tag || '').trim(), done: false };
    return { state: Object.assign({}, state, { tasks: state.tasks.concat([task]) }), error: null };
  }

  function toggleTask(state, id) {
    return Object.assign({}, state, { tasks: state.tasks.map(function (t) { return t.id === id ? Object.assign({}, t, { done: !t.done }) : t; }) });
  }

  function deleteTask(state, id) {
    return Object.assign({}, state, { tasks: state.tasks.filter(function (t) { return t.id !== id; }) });
  }

  function setFilter(state, filter) {
    return FILTERS.indexOf(filter) === -1 ? state : Object.assign({}, state, { filter: filter });
  }

  /** Open tasks first; then high before low priority; then the earliest due date (none last); then by title. */
  function compareTasks(a, b) {
    if (a.done !== b.done) return a.done ? 1 : -1;
    var byPriority = PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority);
    if (byPriority !== 0) return byPriority;
    if (a.due !== b.due) return a.due === null ? 1 : b.due === null ? -1 : a.due < b.due ? -1 : 1;
    return a.title.localeCompare(b.title);
  }

  function visibleTasks(state) {
    return state.tasks.filter(function (t) {
      return state.filter === 'all' || (state.filter === 'active' ? !t.done : t.done);
    }).slice().sort(compareTasks);
  }

  function isOverdue(task, today) { return !task.done && task.due !== null && task.due < today; }

  function remaining(state) { return state.tasks.filter(function (t) { return !t.done; }).length; }

  return { PRIORITIES: PRIORITIES, FILTERS: FILTERS, initialState: initialState, addTask: addTask, toggleTask: toggleTask,
    deleteTask: deleteTask, setFilter: setFilter, visibleTasks: visibleTasks, isOverdue: isOverdue, remaining: remaining };
`,
  tests: String.raw`
const empty = { filter: 'all', tasks: [] };
function withTasks(list) {
  return list.reduce((state, input, index) => Tasks.addTask(state, input, 't' + index).state, empty);
}

test('adds a trimmed task and refuses a blank title', () => {
  const added = Tasks.addTask(empty, { title: '  Buy milk ', priority: 'high', due: '2024-05-01' }, 'a');
  assert.equal(added.error, null);
  assert.deepEqual(added.state.tasks[0], { id: 'a', title: 'Buy milk', priority: 'high', due: '2024-05-01', tag: '', done: false });
  const blank = Tasks.addTask(empty, { title: '   ' }, 'b');
  assert.equal(blank.state, empty);
  assert.match(blank.error, /title/);
});

test('unknown priorities become medium and malformed dates are dropped', () => {
  const task = Tasks.addTask(empty, { title: 'x', priority: 'urgent!!', due: 'tomorrow' }, 'a').state.tasks[0];
  assert.equal(task.priority, 'medium');
  assert.equal(task.due, null);
});

test('sorts open tasks by priority, then due date with undated last, and completed tasks at the end', () => {
  let state = withTasks([
    { title: 'low', priority: 'low' },
    { title: 'high later', priority: 'high', due: '2024-06-10' },
    { title: 'high undated', priority: 'high' },
    { title: 'high sooner', priority: 'high', due: '2024-06-01' },
    { title: 'medium', priority: 'medium' }
  ]);
  state = Tasks.toggleTask(state, 't1');
  assert.deepEqual(Tasks.visibleTasks(state).map((t) => t.title), ['high sooner', 'high undated', 'medium', 'low', 'high later']);
});

test('filters all, active and completed tasks, and counts what remains', () => {
  let state = Tasks.toggleTask(withTasks([{ title: 'a' }, { title: 'b' }, { title: 'c' }]), 't0');
  assert.equal(Tasks.visibleTasks(Tasks.setFilter(state, 'active')).length, 2);
  assert.deepEqual(Tasks.visibleTasks(Tasks.setFilter(state, 'completed')).map((t) => t.title), ['a']);
  assert.equal(Tasks.setFilter(state, 'bogus'), state);
  assert.equal(Tasks.remaining(state), 2);
  state = Tasks.deleteTask(state, 't1');
  assert.deepEqual(state.tasks.map((t) => t.title), ['a', 'c']);
});

test('a task is overdue only when open and due before today', () => {
  assert.equal(Tasks.isOverdue({ done: false, due: '2024-01-01' }, '2024-01-02'), true);
  assert.equal(Tasks.isOverdue({ done: true, due: '2024-01-01' }, '2024-01-02'), false);
  assert.equal(Tasks.isOverdue({ done: false, due: null }, '2024-01-02'), false);
  assert.equal(Tasks.isOverdue({ done: false, due: '2024-01-02' }, '2024-01-02'), false);
});
`,
  body: () => `
    <form id="task-form" class="card row" autocomplete="off">
      <input id="task-title" class="grow" placeholder="What needs doing?" aria-label="Task title" maxlength="200">
      <select id="task-priority" aria-label="Priority"><option value="high">High</option><option value="medium" selected>Medium</option><option value="low">Low</option></select>
      <input id="task-due" type="date" aria-label="Due date">
      <input id="task-tag" placeholder="Tag" aria-label="Tag" maxlength="40">
      <button class="primary" type="submit">Add</button>
    </form>
    <p id="task-error" class="error" role="alert"></p>
    <div class="row" role="group" aria-label="Show">
      <button type="button" data-filter="all">All</button><button type="button" data-filter="active">Active</button><button type="button" data-filter="completed">Completed</button>
      <span id="task-count" class="muted"></span>
    </div>
    <ul id="task-list" class="list card"></ul>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'tasks', initial: Tasks.initialState(), render: render,
    records: function (state) { return state.tasks; },
    searchFields: ['title', 'tag', 'priority'], exportColumns: ['title', 'priority', 'due', 'tag', 'done']
  });

  function render(state, view) {
    var today = new Date().toISOString().slice(0, 10);
    var list = clear(byId('task-list'));
    view.filter(Tasks.visibleTasks(state)).forEach(function (task) {
      list.appendChild(h('li', { className: task.done ? 'done' : '' }, [
        h('input', { type: 'checkbox', checked: task.done, 'aria-label': 'Done', onchange: function () { app.update(Tasks.toggleTask(app.get(), task.id)); } }),
        h('span', { className: 'grow', text: task.title }),
        h('span', { className: 'pill priority-' + task.priority, text: task.priority }),
        task.tag ? h('span', { className: 'pill', text: task.tag }) : null,
        task.due ? h('span', { className: Tasks.isOverdue(task, today) ? 'pill overdue' : 'pill', text: 'due ' + task.due }) : null,
        h('button', { type: 'button', className: 'danger', text: 'Delete', onclick: function () { app.update(Tasks.deleteTask(app.get(), task.id)); } })
      ]));
    });
    byId('task-count').textContent = Tasks.remaining(state) + ' left';
    document.querySelectorAll('[data-filter]').forEach(function (button) {
      button.classList.toggle('primary', button.getAttribute('data-filter') === state.filter);
    });
  }

  byId('task-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var result = Tasks.addTask(app.get(), { title: byId('task-title').value, priority: byId('task-priority').value, due: byId('task-due').value, tag: byId('task-tag').value }, Kit.newId());
    byId('task-error').textContent = result.error || '';
    if (!result.error) { byId('task-title').value = ''; app.update(result.state); }
  });
  document.querySelectorAll('[data-filter]').forEach(function (button) {
    button.addEventListener('click', function () { app.update(Tasks.setFilter(app.get(), button.getAttribute('data-filter'))); });
  });
  app.render();
`,
  css: `
.done span.grow { text-decoration: line-through; color: var(--text-secondary); }
.priority-high { border-color: var(--danger); color: var(--danger); }
.priority-low { opacity: 0.75; }
.overdue { border-color: var(--danger); color: var(--danger); font-weight: 600; }`,
};

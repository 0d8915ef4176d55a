import type { ArchetypeTemplate } from './archetype-template';

export const EXPENSES_TEMPLATE: ArchetypeTemplate = {
  key: 'EXPENSES',
  title: 'Expenses',
  module: 'expenses',
  global: 'Expenses',
  builds: ['Categories for expenses', 'Monthly budget with a warning when it is exceeded'],
  limitations: ['Amounts are in one currency, kept in whole cents.'],
  searchFields: ['description', 'category', 'date'],
  exportColumns: ['date', 'description', 'category', 'amount'],
  logic: String.raw`
  var CATEGORIES = ['Food', 'Transport', 'Home', 'Fun', 'Other'];

  function initialState() { return { budgetCents: null, expenses: [] }; }

  /** "12.3" -> 1230 cents; null for anything that is not a positive amount with at most two decimals. */
  function toCents(text) {
    var match = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(String(text));
    if (!match) return null;
    var cents = Number(match[1]) * 100 + Number((match[2] || '0').padEnd(2, '0'));
    return cents > 0 ? cents : null;
  }

  function formatCents(cents) {
    var sign = cents < 0 ? '-' : '';
    var abs = Math.abs(cents);
    return sign + Math.floor(abs / 100) + '.' + String(abs % 100).padStart(2, '0');
  }

  function addExpense(state, input, id) {
    var cents = toCents(input.amount);
    var description = String(input.description || '').trim();
    if (cents === null) return { state: state, error: 'Enter an amount such as 12.50.' };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date || '')) return { state: state, error: 'Pick a date.' };
    if (!description) return { state: state, error: 'Describe the expense.' };
    var category = CATEGORIES.indexOf(input.category) === -1 ? 'Other' : input.category;
    var expense = { id: id, date: input.date, description: description, category: category, cents: cents, amount: formatCents(cents) };
    return { state: Object.assign({}, state, { expenses: state.expenses.concat([expense]) }), error: null };
  }

  function deleteExpense(state, id) {
    return Object.assign({}, state, { expenses: state.expenses.filter(function (e) { return e.id !== id; }) });
  }

  function totalBy(expenses, keyOf) {
    var totals = {};
    expenses.forEach(function (e) { var key = keyOf(e); totals[key] = (totals[key] || 0) + e.cents; });
    return totals;
  }

  function totalsByMonth(expenses) { return totalBy(expenses, function (e) { return e.date.slice(0, 7); }); }

  function totalsByCategory(expenses) { return totalBy(expenses, function (e) { return e.category; }); }

  function setBudget(state, text) { return Object.assign({}, state, { budgetCents: text === '' ? null : toCents(text) }); }

  /** The month's spending against the budget: over is true once the total passes it. */
  function budgetStatus(state, month) {
    var spent = totalsByMonth(state.expenses)[month] || 0;
    if (state.budgetCents === null) return { spent: spent, left: null, over: false };
    return { spent: spent, left: state.budgetCents - spent, over: spent > state.budgetCents };
  }

  function newestFirst(expenses) { return expenses.slice().sort(function (a, b) { return a.date < b.date ? 1 : a.date > b.date ? -1 : 0; }); }

  return { CATEGORIES: CATEGORIES, initialState: initialState, toCents: toCents, formatCents: formatCents, addExpense: addExpense,
    deleteExpense: deleteExpense, totalsByMonth: totalsByMonth, totalsByCategory: totalsByCategory, setBudget: setBudget,
    budgetStatus: budgetStatus, newestFirst: newestFirst };
`,
  tests: String.raw`
function withExpenses(list) {
  return list.reduce((state, input, i) => Expenses.addExpense(state, input, 'e' + i).state, Expenses.initialState());
}

test('amounts are parsed into whole cents, so 0.10 + 0.20 is exactly 0.30', () => {
  assert.equal(Expenses.toCents('12.5'), 1250);
  assert.equal(Expenses.toCents('0,99'), 99);
  assert.equal(Expenses.toCents('-3'), null);
  assert.equal(Expenses.toCents('1.234'), null);
  assert.equal(Expenses.toCents('0'), null);
  const state = withExpenses([{ amount: '0.10', date: '2024-01-01', description: 'a' }, { amount: '0.20', date: '2024-01-02', description: 'b' }]);
  assert.equal(Expenses.formatCents(Expenses.totalsByMonth(state.expenses)['2024-01']), '0.30');
});

test('an expense needs an amount, a date and a description', () => {
  const empty = Expenses.initialState();
  assert.match(Expenses.addExpense(empty, { amount: 'abc', date: '2024-01-01', description: 'x' }, 'a').error, /amount/);
  assert.match(Expenses.addExpense(empty, { amount: '1', date: '', description: 'x' }, 'a').error, /date/);
  assert.match(Expenses.addExpense(empty, { amount: '1', date: '2024-01-01', description: ' ' }, 'a').error, /Describe/);
});

test('totals per month and per category', () => {
  const state = withExpenses([
    { amount: '10', date: '2024-01-05', description: 'lunch', category: 'Food' },
    { amount: '2.50', date: '2024-01-20', description: 'bus', category: 'Transport' },
    { amount: '7.25', date: '2024-02-01', description: 'dinner', category: 'Food' },
    { amount: '1', date: '2024-02-02', description: 'mystery', category: 'Casino' }
  ]);
  assert.deepEqual(Expenses.totalsByMonth(state.expenses), { '2024-01': 1250, '2024-02': 825 });
  assert.deepEqual(Expenses.totalsByCategory(state.expenses), { Food: 1725, Transport: 250, Other: 100 });
  assert.deepEqual(Expenses.newestFirst(state.expenses).map((e) => e.description), ['mystery', 'dinner', 'bus', 'lunch']);
  assert.equal(Expenses.deleteExpense(state, 'e0').expenses.length, 3);
});

test('the budget warns once the month goes over it', () => {
  let state = withExpenses([{ amount: '80', date: '2024-03-01', description: 'a' }]);
  assert.deepEqual(Expenses.budgetStatus(state, '2024-03'), { spent: 8000, left: null, over: false });
  state = Expenses.setBudget(state, '100');
  assert.deepEqual(Expenses.budgetStatus(state, '2024-03'), { spent: 8000, left: 2000, over: false });
  state = Expenses.addExpense(state, { amount: '20.01', date: '2024-03-09', description: 'b' }, 'x').state;
  assert.equal(Expenses.budgetStatus(state, '2024-03').over, true);
});
`,
  body: () => `
    <form id="expense-form" class="card row" autocomplete="off">
      <input id="expense-amount" inputmode="decimal" placeholder="Amount" aria-label="Amount" size="8">
      <input id="expense-date" type="date" aria-label="Date">
      <input id="expense-description" class="grow" placeholder="Description" aria-label="Description" maxlength="200">
      <select id="expense-category" aria-label="Category"></select>
      <button class="primary" type="submit">Add</button>
    </form>
    <p id="expense-error" class="error" role="alert"></p>
    <section class="card row">
      <label>Monthly budget<input id="budget" inputmode="decimal" placeholder="none" size="8"></label>
      <p id="budget-status" class="grow"></p>
    </section>
    <div class="expense-summary">
      <section class="card"><h2>Per month</h2><ul id="by-month" class="list"></ul></section>
      <section class="card"><h2>Per category</h2><ul id="by-category" class="list"></ul></section>
    </div>
    <section class="card"><h2>Expenses</h2><ul id="expense-list" class="list"></ul></section>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'expenses', initial: Expenses.initialState(), render: render,
    records: function (state) { return state.expenses; },
    searchFields: ['description', 'category', 'date'], exportColumns: ['date', 'description', 'category', 'amount']
  });

  Expenses.CATEGORIES.forEach(function (c) { byId('expense-category').appendChild(h('option', { value: c, text: c })); });
  byId('expense-date').value = new Date().toISOString().slice(0, 10);

  function totalsList(node, totals) {
    clear(node);
    Object.keys(totals).sort().forEach(function (key) {
      node.appendChild(h('li', {}, [h('span', { className: 'grow', text: key }), h('strong', { text: Expenses.formatCents(totals[key]) })]));
    });
  }

  function render(state, view) {
    var shown = view.filter(Expenses.newestFirst(state.expenses));
    var list = clear(byId('expense-list'));
    shown.forEach(function (e) {
      list.appendChild(h('li', {}, [
        h('span', { className: 'muted', text: e.date }), h('span', { className: 'grow', text: e.description }),
        h('span', { className: 'pill', text: e.category }), h('strong', { text: e.amount }),
        h('button', { type: 'button', className: 'danger', text: 'Delete', onclick: function () { app.update(Expenses.deleteExpense(app.get(), e.id)); } })
      ]));
    });
    totalsList(byId('by-month'), Expenses.totalsByMonth(shown));
    totalsList(byId('by-category'), Expenses.totalsByCategory(shown));
    var status = Expenses.budgetStatus(state, new Date().toISOString().slice(0, 7));
    var statusNode = byId('budget-status');
    statusNode.textContent = status.left === null ? 'Spent this month: ' + Expenses.formatCents(status.spent)
      : status.over ? 'Over budget by ' + Expenses.formatCents(-status.left) + ' this month!' : Expenses.formatCents(status.left) + ' left this month';
    statusNode.className = 'grow' + (status.over ? ' error' : '');
    if (document.activeElement !== byId('budget')) byId('budget').value = state.budgetCents === null ? '' : Expenses.formatCents(state.budgetCents);
  }

  byId('expense-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var result = Expenses.addExpense(app.get(), { amount: byId('expense-amount').value, date: byId('expense-date').value,
      description: byId('expense-description').value, category: byId('expense-category').value }, Kit.newId());
    byId('expense-error').textContent = result.error || '';
    if (!result.error) { byId('expense-amount').value = ''; byId('expense-description').value = ''; app.update(result.state); }
  });
  byId('budget').addEventListener('change', function () { app.update(Expenses.setBudget(app.get(), byId('budget').value.trim())); });
  app.render();
`,
  css: `
.expense-summary { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
@media (max-width: 600px) { .expense-summary { grid-template-columns: 1fr; } }`,
};

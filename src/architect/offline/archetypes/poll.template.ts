import type { ArchetypeTemplate } from './archetype-template';

export const POLL_TEMPLATE: ArchetypeTemplate = {
  key: 'POLL',
  title: 'Poll',
  module: 'poll',
  global: 'Poll',
  builds: [],
  limitations: ['Votes are counted in this browser only: there is no server to gather everyone\u2019s votes.'],
  searchFields: ['option'],
  exportColumns: ['option', 'votes', 'percent'],
  logic: String.raw`
  var MAX_OPTIONS = 10;

  function initialState() {
    return { question: 'Where should we go for lunch?', voted: null, options: [
      { id: 'o1', text: 'Pizza', votes: 0 }, { id: 'o2', text: 'Sushi', votes: 0 }, { id: 'o3', text: 'Salad', votes: 0 }
    ] };
  }

  function setQuestion(state, text) {
    var question = String(text || '').trim().slice(0, 200);
    if (!question) return { state: state, error: 'Write a question.' };
    return { state: Object.assign({}, state, { question: question }), error: '' };
  }

  function addOption(state, text, id) {
    var clean = String(text || '').trim().slice(0, 100);
    if (!clean) return { state: state, error: 'Write the option.' };
    if (state.options.length >= MAX_OPTIONS) return { state: state, error: 'A poll has at most ' + MAX_OPTIONS + ' options.' };
    if (state.options.some(function (o) { return o.text.toLowerCase() === clean.toLowerCase(); })) return { state: state, error: 'That option is already there.' };
    return { state: Object.assign({}, state, { options: state.options.concat([{ id: id, text: clean, votes: 0 }]) }), error: '' };
  }

  /** One vote per browser: a second vote is refused until the votes are reset. */
  function vote(state, id) {
    if (state.voted) return { state: state, error: 'You have already voted in this poll.' };
    if (!state.options.some(function (o) { return o.id === id; })) return { state: state, error: 'Pick one of the options.' };
    var options = state.options.map(function (o) { return o.id === id ? Object.assign({}, o, { votes: o.votes + 1 }) : o; });
    return { state: Object.assign({}, state, { options: options, voted: id }), error: '' };
  }

  /** Counts and whole percentages, most votes first (ties keep the options' order). */
  function results(state) {
    var total = state.options.reduce(function (sum, o) { return sum + o.votes; }, 0);
    return state.options.map(function (o, index) {
      return { id: o.id, option: o.text, votes: o.votes, percent: total ? Math.round(o.votes * 100 / total) : 0, index: index };
    }).sort(function (a, b) { return b.votes - a.votes || a.index - b.index; });
  }

  function resetVotes(state) {
    return Object.assign({}, state, { voted: null, options: state.options.map(function (o) { return Object.assign({}, o, { votes: 0 }); }) });
  }

  return { initialState: initialState, setQuestion: setQuestion, addOption: addOption, vote: vote, results: results, resetVotes: resetVotes };
`,
  tests: String.raw`
test('one vote per browser, counted for the option picked', () => {
  let result = Poll.vote(Poll.initialState(), 'o2');
  assert.equal(result.error, '');
  assert.equal(result.state.options[1].votes, 1);
  const again = Poll.vote(result.state, 'o1');
  assert.match(again.error, /already voted/);
  assert.equal(again.state, result.state);
  assert.equal(Poll.vote(Poll.initialState(), 'nope').error, 'Pick one of the options.');
});

test('results give whole percentages, most votes first', () => {
  const state = { question: 'q', voted: null, options: [{ id: 'a', text: 'A', votes: 1 }, { id: 'b', text: 'B', votes: 2 }, { id: 'c', text: 'C', votes: 0 }] };
  assert.deepEqual(Poll.results(state).map((r) => [r.option, r.votes, r.percent]), [['B', 2, 67], ['A', 1, 33], ['C', 0, 0]]);
  assert.deepEqual(Poll.results(Poll.resetVotes(state)).map((r) => r.percent), [0, 0, 0]);
  assert.equal(Poll.resetVotes(Object.assign({}, state, { voted: 'a' })).voted, null);
});

test('options are named, unique and at most ten; the question cannot be blank', () => {
  assert.equal(Poll.addOption(Poll.initialState(), ' pizza ', 'x').error, 'That option is already there.');
  assert.equal(Poll.addOption(Poll.initialState(), '', 'x').error, 'Write the option.');
  let state = Poll.initialState();
  for (let i = 0; i < 7; i += 1) state = Poll.addOption(state, 'Option ' + i, 'id' + i).state;
  assert.match(Poll.addOption(state, 'One more', 'z').error, /at most 10/);
  assert.equal(Poll.setQuestion(state, '  ').error, 'Write a question.');
});
`,
  body: () => `
    <section class="card">
      <h2 id="poll-question"></h2>
      <div id="vote-buttons" class="row" role="group" aria-label="Options"></div>
      <p id="vote-message" class="muted" role="status"></p>
      <ul id="results" class="list" aria-label="Results"></ul>
      <p id="total" class="muted"></p>
    </section>
    <section class="card">
      <h2>Edit the poll</h2>
      <form id="question-form" class="row"><input id="question-input" class="grow" aria-label="Question" maxlength="200"><button type="submit">Save question</button></form>
      <form id="option-form" class="row"><input id="option-input" class="grow" placeholder="A new option" aria-label="New option" maxlength="100"><button type="submit">Add option</button></form>
      <p id="poll-error" class="error" role="alert"></p>
      <button id="reset-votes" class="danger" type="button">Reset votes</button>
    </section>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'poll', initial: Poll.initialState(), render: render,
    records: function (state) { return Poll.results(state); },
    searchFields: ['option'], exportColumns: ['option', 'votes', 'percent']
  });

  function render(state, view) {
    byId('poll-question').textContent = state.question;
    if (document.activeElement !== byId('question-input')) byId('question-input').value = state.question;
    var buttons = clear(byId('vote-buttons'));
    state.options.forEach(function (o) {
      buttons.appendChild(h('button', { type: 'button', className: state.voted === o.id ? 'primary' : '', disabled: Boolean(state.voted), text: o.text,
        'aria-label': 'Vote for ' + o.text, onclick: function () {
          var result = Poll.vote(app.get(), o.id);
          byId('vote-message').textContent = result.error || 'Thanks for voting!';
          app.update(result.state);
        } }));
    });
    var list = clear(byId('results'));
    var rows = Poll.results(state);
    view.filter(rows).forEach(function (r) {
      list.appendChild(h('li', { 'data-option': r.option }, [h('span', { className: 'grow', text: r.option }),
        h('progress', { max: 100, value: r.percent, 'aria-label': r.option + ' share' }),
        h('span', { className: 'count', text: r.votes + (r.votes === 1 ? ' vote' : ' votes') + ', ' + r.percent + '%' })]));
    });
    var total = rows.reduce(function (sum, r) { return sum + r.votes; }, 0);
    byId('total').textContent = total + (total === 1 ? ' vote' : ' votes') + ' in all';
  }

  function apply(result, form) {
    byId('poll-error').textContent = result.error;
    if (!result.error) { if (form) form.reset(); app.update(result.state); }
  }

  byId('question-form').addEventListener('submit', function (event) { event.preventDefault(); apply(Poll.setQuestion(app.get(), byId('question-input').value), null); });
  byId('option-form').addEventListener('submit', function (event) {
    event.preventDefault();
    apply(Poll.addOption(app.get(), byId('option-input').value, Kit.newId()), byId('option-form'));
  });
  byId('reset-votes').addEventListener('click', function () { byId('vote-message').textContent = ''; app.update(Poll.resetVotes(app.get())); });
  app.render();
`,
  css: `
#vote-buttons { margin: 8px 0; }
#results progress { flex: 1 1 160px; height: 14px; accent-color: var(--primary); }
#results .count { min-width: 120px; text-align: right; font-variant-numeric: tabular-nums; }`,
};

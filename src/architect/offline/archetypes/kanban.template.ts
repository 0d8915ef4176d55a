import type { ArchetypeTemplate } from './archetype-template';

export const KANBAN_TEMPLATE: ArchetypeTemplate = {
  key: 'KANBAN',
  title: 'Kanban board',
  module: 'kanban',
  global: 'Kanban',
  builds: ['Work-in-progress limits per column'],
  limitations: [],
  searchFields: ['title', 'column'],
  exportColumns: ['title', 'column'],
  logic: String.raw`
  var COLUMNS = [{ id: 'todo', name: 'To do', limit: null }, { id: 'doing', name: 'In progress', limit: 3 }, { id: 'done', name: 'Done', limit: null }];

  function initialState() { return { cards: [{ id: 'welcome', title: 'Drag me to In progress', column: 'todo' }] }; }

  function cardsIn(state, column) { return state.cards.filter(function (c) { return c.column === column; }); }

  function columnOf(id) { return COLUMNS.filter(function (c) { return c.id === id; })[0] || null; }

  function isFull(state, column) {
    var limit = columnOf(column).limit;
    return limit !== null && cardsIn(state, column).length >= limit;
  }

  function addCard(state, column, title, id) {
    var text = String(title || '').trim();
    if (!text) return { state: state, error: 'A card needs a title.' };
    if (!columnOf(column)) return { state: state, error: 'No such column.' };
    if (isFull(state, column)) return { state: state, error: columnOf(column).name + ' is at its limit.' };
    return { state: { cards: state.cards.concat([{ id: id, title: text, column: column }]) }, error: null };
  }

  function editCard(state, id, title) {
    var text = String(title || '').trim();
    if (!text) return state;
    return { cards: state.cards.map(function (c) { return c.id === id ? Object.assign({}, c, { title: text }) : c; }) };
  }

  function deleteCard(state, id) { return { cards: state.cards.filter(function (c) { return c.id !== id; }) }; }

  /** Moves a card to a column (at the end, or before another card); refused into a full column. */
  function moveCard(state, id, column, beforeId) {
    var card = state.cards.filter(function (c) { return c.id === id; })[0];
    if (!card || !columnOf(column)) return { state: state, error: 'No such card or column.' };
    if (card.column !== column && isFull(state, column)) return { state: state, error: columnOf(column).name + ' is at its limit.' };
    var rest = state.cards.filter(function (c) { return c.id !== id; });
    var moved = Object.assign({}, card, { column: column });
    var index = beforeId ? rest.findIndex(function (c) { return c.id === beforeId; }) : -1;
    if (index === -1) rest.push(moved); else rest.splice(index, 0, moved);
    return { state: { cards: rest }, error: null };
  }

  function nextColumn(column) {
    var index = COLUMNS.findIndex(function (c) { return c.id === column; });
    return index >= 0 && index < COLUMNS.length - 1 ? COLUMNS[index + 1].id : null;
  }

  return { COLUMNS: COLUMNS, initialState: initialState, cardsIn: cardsIn, isFull: isFull, addCard: addCard, editCard: editCard,
    deleteCard: deleteCard, moveCard: moveCard, nextColumn: nextColumn };
`,
  tests: String.raw`
function board(titles) {
  return titles.reduce((state, title, i) => Kanban.addCard(state, 'todo', title, 'c' + i).state, { cards: [] });
}

test('cards are added to a column; blank titles are refused', () => {
  const state = board(['a', 'b']);
  assert.deepEqual(Kanban.cardsIn(state, 'todo').map((c) => c.title), ['a', 'b']);
  assert.match(Kanban.addCard(state, 'todo', '  ', 'x').error, /title/);
});

test('moving a card changes its column and keeps the others in order', () => {
  let state = board(['a', 'b', 'c']);
  state = Kanban.moveCard(state, 'c1', 'doing').state;
  assert.deepEqual(Kanban.cardsIn(state, 'todo').map((c) => c.title), ['a', 'c']);
  assert.deepEqual(Kanban.cardsIn(state, 'doing').map((c) => c.title), ['b']);
  state = Kanban.moveCard(state, 'c2', 'todo', 'c0').state;
  assert.deepEqual(Kanban.cardsIn(state, 'todo').map((c) => c.title), ['c', 'a']);
});

test('a full in-progress column refuses another card', () => {
  let state = board(['a', 'b', 'c', 'd']);
  for (const id of ['c0', 'c1', 'c2']) state = Kanban.moveCard(state, id, 'doing').state;
  const refused = Kanban.moveCard(state, 'c3', 'doing');
  assert.equal(refused.state, state);
  assert.match(refused.error, /limit/);
  assert.equal(Kanban.moveCard(state, 'c0', 'doing').error, null);
});

test('cards are edited and deleted; unknown cards are not moved', () => {
  let state = Kanban.editCard(board(['a']), 'c0', ' renamed ');
  assert.equal(state.cards[0].title, 'renamed');
  assert.ok(Kanban.moveCard(state, 'nope', 'done').error);
  state = Kanban.deleteCard(state, 'c0');
  assert.equal(state.cards.length, 0);
  assert.equal(Kanban.nextColumn('todo'), 'doing');
  assert.equal(Kanban.nextColumn('done'), null);
});
`,
  body: () => `
    <form id="card-form" class="card row" autocomplete="off">
      <input id="card-title" class="grow" placeholder="New card" aria-label="Card title" maxlength="200">
      <button class="primary" type="submit">Add to To do</button>
    </form>
    <p id="board-error" class="error" role="alert"></p>
    <div id="board" class="board"></div>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'kanban', initial: Kanban.initialState(), render: render,
    records: function (state) { return state.cards; },
    searchFields: ['title', 'column'], exportColumns: ['title', 'column']
  });

  function apply(result) {
    byId('board-error').textContent = result.error || '';
    if (!result.error) app.update(result.state);
  }

  function cardNode(card) {
    var next = Kanban.nextColumn(card.column);
    return h('li', { className: 'kanban-card', draggable: true, ondragstart: function (event) { event.dataTransfer.setData('text/plain', card.id); } }, [
      h('span', { className: 'grow', text: card.title }),
      h('button', { type: 'button', text: 'Edit', onclick: function () {
        var title = window.prompt('Card title', card.title);
        if (title !== null) app.update(Kanban.editCard(app.get(), card.id, title));
      } }),
      next ? h('button', { type: 'button', text: '\u2192', 'aria-label': 'Move right', onclick: function () { apply(Kanban.moveCard(app.get(), card.id, next)); } }) : null,
      h('button', { type: 'button', className: 'danger', text: 'Delete', onclick: function () { app.update(Kanban.deleteCard(app.get(), card.id)); } })
    ]);
  }

  function render(state, view) {
    var boardNode = clear(byId('board'));
    Kanban.COLUMNS.forEach(function (column) {
      var cards = view.filter(Kanban.cardsIn(state, column.id));
      var list = h('ul', { className: 'list' }, cards.map(cardNode));
      boardNode.appendChild(h('section', {
        className: 'card column',
        ondragover: function (event) { event.preventDefault(); },
        ondrop: function (event) { event.preventDefault(); apply(Kanban.moveCard(app.get(), event.dataTransfer.getData('text/plain'), column.id)); }
      }, [h('h2', { text: column.name + ' (' + Kanban.cardsIn(state, column.id).length + (column.limit ? '/' + column.limit : '') + ')' }), list]));
    });
  }

  byId('card-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var result = Kanban.addCard(app.get(), 'todo', byId('card-title').value, Kit.newId());
    apply(result);
    if (!result.error) byId('card-title').value = '';
  });
  app.render();
`,
  css: `
.board { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; }
.column h2 { font-size: 1rem; margin: 0 0 8px; }
.kanban-card { background: var(--background); border-radius: var(--radius); margin-bottom: 6px; cursor: grab; }
@media (max-width: 700px) { .board { grid-template-columns: 1fr; } }`,
};

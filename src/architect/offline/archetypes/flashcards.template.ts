import type { ArchetypeTemplate } from './archetype-template';

export const FLASHCARDS_TEMPLATE: ArchetypeTemplate = {
  key: 'FLASHCARDS',
  title: 'Flashcards',
  module: 'flashcards',
  global: 'Flashcards',
  builds: [],
  limitations: [],
  searchFields: ['front', 'back'],
  exportColumns: ['front', 'back', 'known'],
  logic: String.raw`
  function initialState() {
    return { index: 0, flipped: false, editing: null, cards: [
      { id: 'c1', front: 'Bonjour', back: 'Hello', known: false },
      { id: 'c2', front: 'Merci', back: 'Thank you', known: false }
    ] };
  }

  function clean(text) { return String(text || '').trim().slice(0, 500); }

  function checkCard(front, back) {
    if (!clean(front)) return 'Write the front of the card.';
    if (!clean(back)) return 'Write the back of the card.';
    return '';
  }

  /** Adds a card, or saves the one being edited. */
  function saveCard(state, front, back, id) {
    var error = checkCard(front, back);
    if (error) return { state: state, error: error };
    if (state.editing) {
      var cards = state.cards.map(function (c) { return c.id === state.editing ? Object.assign({}, c, { front: clean(front), back: clean(back) }) : c; });
      return { state: Object.assign({}, state, { cards: cards, editing: null }), error: '' };
    }
    var card = { id: id, front: clean(front), back: clean(back), known: false };
    return { state: Object.assign({}, state, { cards: state.cards.concat([card]) }), error: '' };
  }

  function edit(state, id) { return Object.assign({}, state, { editing: id }); }

  function deleteCard(state, id) {
    var cards = state.cards.filter(function (c) { return c.id !== id; });
    return Object.assign({}, state, { cards: cards, index: Math.min(state.index, Math.max(0, cards.length - 1)), flipped: false,
      editing: state.editing === id ? null : state.editing });
  }

  function current(state) { return state.cards[state.index] || null; }

  function flip(state) { return current(state) ? Object.assign({}, state, { flipped: !state.flipped }) : state; }

  /** Marks the card in front of you, then shows the next one, front up. */
  function mark(state, known) {
    var card = current(state);
    if (!card) return state;
    var cards = state.cards.map(function (c) { return c.id === card.id ? Object.assign({}, c, { known: Boolean(known) }) : c; });
    return Object.assign({}, state, { cards: cards, index: (state.index + 1) % cards.length, flipped: false });
  }

  function progress(state) {
    return { known: state.cards.filter(function (c) { return c.known; }).length, total: state.cards.length };
  }

  /** Fisher-Yates with the given random source (Math.random in the page), from the first card. */
  function shuffle(state, random) {
    var cards = state.cards.slice();
    for (var i = cards.length - 1; i > 0; i -= 1) {
      var j = Math.floor(random() * (i + 1));
      var swap = cards[i]; cards[i] = cards[j]; cards[j] = swap;
    }
    return Object.assign({}, state, { cards: cards, index: 0, flipped: false });
  }

  return { initialState: initialState, checkCard: checkCard, saveCard: saveCard, edit: edit, deleteCard: deleteCard, current: current,
    flip: flip, mark: mark, progress: progress, shuffle: shuffle };
`,
  tests: String.raw`
const empty = { index: 0, flipped: false, editing: null, cards: [] };

test('a card needs a front and a back', () => {
  assert.equal(Flashcards.saveCard(empty, ' ', 'b', 'x').error, 'Write the front of the card.');
  assert.equal(Flashcards.saveCard(empty, 'a', '', 'x').error, 'Write the back of the card.');
  assert.deepEqual(Flashcards.saveCard(empty, ' a ', 'b', 'x').state.cards, [{ id: 'x', front: 'a', back: 'b', known: false }]);
});

test('editing saves over the card being edited', () => {
  let state = Flashcards.saveCard(empty, 'a', 'b', 'x').state;
  state = Flashcards.saveCard(Flashcards.edit(state, 'x'), 'A', 'B', 'ignored').state;
  assert.deepEqual(state.cards, [{ id: 'x', front: 'A', back: 'B', known: false }]);
  assert.equal(state.editing, null);
});

test('studying flips a card, marks it and moves on, front up; progress counts known cards', () => {
  let state = Flashcards.initialState();
  state = Flashcards.flip(state);
  assert.equal(state.flipped, true);
  state = Flashcards.mark(state, true);
  assert.deepEqual([state.index, state.flipped], [1, false]);
  state = Flashcards.mark(state, false);
  assert.equal(state.index, 0);
  assert.deepEqual(Flashcards.progress(state), { known: 1, total: 2 });
});

test('shuffling reorders the deck and starts again; deleting keeps the index in range', () => {
  const state = Flashcards.shuffle(Object.assign(Flashcards.initialState(), { index: 1 }), () => 0);
  assert.deepEqual(state.cards.map((c) => c.id), ['c2', 'c1']);
  assert.equal(state.index, 0);
  const last = Flashcards.deleteCard(Object.assign(Flashcards.initialState(), { index: 1 }), 'c2');
  assert.equal(last.index, 0);
  assert.equal(Flashcards.current(Flashcards.deleteCard(last, 'c1')), null);
});
`,
  body: () => `
    <section class="card study">
      <p id="progress" class="muted" aria-live="polite"></p>
      <button id="study-card" class="flashcard" type="button" aria-label="Flip card"><span id="card-side" class="muted"></span><span id="card-text"></span></button>
      <div class="row study-buttons"><button id="flip" type="button">Flip</button><button id="known" class="primary" type="button">Known</button><button id="not-yet" type="button">Not yet</button><button id="shuffle" type="button">Shuffle</button></div>
    </section>
    <form id="card-form" class="card row">
      <input id="card-front" class="grow" placeholder="Front" aria-label="Front" maxlength="500">
      <input id="card-back" class="grow" placeholder="Back" aria-label="Back" maxlength="500">
      <button id="save-card" class="primary" type="submit">Add card</button>
      <p id="card-error" class="error" role="alert"></p>
    </form>
    <section class="card"><h2>All cards</h2><ul id="card-list" class="list"></ul></section>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'flashcards', initial: Flashcards.initialState(), render: render,
    records: function (state) { return state.cards; },
    searchFields: ['front', 'back'], exportColumns: ['front', 'back', 'known']
  });

  function render(state, view) {
    var card = Flashcards.current(state);
    var progress = Flashcards.progress(state);
    byId('progress').textContent = progress.known + ' of ' + progress.total + ' known';
    byId('card-side').textContent = card ? (state.flipped ? 'Back' : 'Front') : '';
    byId('card-text').textContent = card ? (state.flipped ? card.back : card.front) : 'Add a card to start.';
    byId('save-card').textContent = state.editing ? 'Save card' : 'Add card';
    var list = clear(byId('card-list'));
    view.filter(state.cards).forEach(function (c) {
      list.appendChild(h('li', {}, [
        h('span', { className: 'grow', text: c.front + ' \u2192 ' + c.back }),
        c.known ? h('span', { className: 'pill', text: 'known' }) : null,
        h('button', { type: 'button', text: 'Edit', 'aria-label': 'Edit ' + c.front, onclick: function () {
          byId('card-front').value = c.front; byId('card-back').value = c.back; app.update(Flashcards.edit(app.get(), c.id));
        } }),
        h('button', { type: 'button', className: 'danger', text: 'Delete', 'aria-label': 'Delete ' + c.front, onclick: function () { app.update(Flashcards.deleteCard(app.get(), c.id)); } })
      ]));
    });
  }

  byId('card-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var result = Flashcards.saveCard(app.get(), byId('card-front').value, byId('card-back').value, Kit.newId());
    byId('card-error').textContent = result.error;
    if (!result.error) { byId('card-form').reset(); app.update(result.state); }
  });
  byId('study-card').addEventListener('click', function () { app.update(Flashcards.flip(app.get())); });
  byId('flip').addEventListener('click', function () { app.update(Flashcards.flip(app.get())); });
  byId('known').addEventListener('click', function () { app.update(Flashcards.mark(app.get(), true)); });
  byId('not-yet').addEventListener('click', function () { app.update(Flashcards.mark(app.get(), false)); });
  byId('shuffle').addEventListener('click', function () { app.update(Flashcards.shuffle(app.get(), Math.random)); });
  app.render();
`,
  css: `
.study { text-align: center; }
.flashcard { display: flex; flex-direction: column; gap: 8px; align-items: center; justify-content: center; width: 100%; min-height: 180px; font-size: 1.8rem; margin: 8px 0; }
.study-buttons { justify-content: center; }`,
};

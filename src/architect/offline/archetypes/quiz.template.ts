import type { ArchetypeTemplate } from './archetype-template';

export const QUIZ_TEMPLATE: ArchetypeTemplate = {
  key: 'QUIZ',
  title: 'Quiz',
  module: 'quiz',
  global: 'Quiz',
  builds: ['High-score table', 'Shuffled questions and answers'],
  limitations: ['The questions are a fixed general-knowledge sample in src/quiz.js: edit QUESTIONS to write your own.'],
  searchFields: ['date', 'score'],
  exportColumns: ['date', 'score', 'total'],
  logic: String.raw`
  var QUESTIONS = [
    { question: 'Which planet is known as the Red Planet?', choices: ['Venus', 'Mars', 'Jupiter', 'Mercury'], answer: 1 },
    { question: 'How many continents are there?', choices: ['5', '6', '7', '8'], answer: 2 },
    { question: 'What is the boiling point of water at sea level in Celsius?', choices: ['90', '100', '110', '120'], answer: 1 },
    { question: 'Which gas do plants absorb from the air?', choices: ['Oxygen', 'Nitrogen', 'Carbon dioxide', 'Helium'], answer: 2 },
    { question: 'What is 7 x 8?', choices: ['54', '56', '58', '64'], answer: 1 }
  ];

  /** A seeded shuffle (mulberry32), so a given seed always gives the same order. */
  function shuffle(items, seed) {
    var a = seed >>> 0;
    var random = function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    var copy = items.slice();
    for (var i = copy.length - 1; i > 0; i -= 1) {
      var j = Math.floor(random() * (i + 1));
      var swap = copy[i]; copy[i] = copy[j]; copy[j] = swap;
    }
    return copy;
  }

  /** The questions in a shuffled order, each with its choices shuffled and the answer index following its choice. */
  function prepare(questions, seed) {
    return shuffle(questions, seed).map(function (q, index) {
      var order = shuffle(q.choices.map(function (_, i) { return i; }), seed + index + 1);
      return { question: q.question, choices: order.map(function (i) { return q.choices[i]; }), answer: order.indexOf(q.answer) };
    });
  }

  function initialState() { return { questions: QUESTIONS, index: 0, answers: [], results: [] }; }

  function restart(state, seed) { return Object.assign({}, state, { questions: prepare(QUESTIONS, seed), index: 0, answers: [] }); }

  function isFinished(state) { return state.index >= state.questions.length; }

  function answer(state, choice) {
    if (isFinished(state)) return state;
    return Object.assign({}, state, { index: state.index + 1, answers: state.answers.concat([choice]) });
  }

  function score(state) {
    return state.answers.filter(function (choice, i) { return choice === state.questions[i].answer; }).length;
  }

  function review(state) {
    return state.questions.map(function (q, i) {
      return { question: q.question, chosen: q.choices[state.answers[i]], correct: q.choices[q.answer], right: state.answers[i] === q.answer };
    });
  }

  /** Records a finished run; the table keeps the best ten, highest score first, earliest first on a tie. */
  function recordResult(state, date) {
    var result = { date: date, score: score(state), total: state.questions.length };
    var results = state.results.concat([result]).sort(function (a, b) { return b.score / b.total - a.score / a.total || (a.date < b.date ? -1 : 1); }).slice(0, 10);
    return Object.assign({}, state, { results: results });
  }

  return { QUESTIONS: QUESTIONS, shuffle: shuffle, prepare: prepare, initialState: initialState, restart: restart, isFinished: isFinished,
    answer: answer, score: score, review: review, recordResult: recordResult };
`,
  tests: String.raw`
test('answers move through the questions one at a time and the score counts the right ones', () => {
  let state = Quiz.initialState();
  const answers = state.questions.map((q, i) => (i < 3 ? q.answer : (q.answer + 1) % q.choices.length));
  for (const choice of answers) state = Quiz.answer(state, choice);
  assert.equal(Quiz.isFinished(state), true);
  assert.equal(Quiz.score(state), 3);
  assert.equal(Quiz.answer(state, 0), state);
});

test('the review shows each chosen and correct answer', () => {
  let state = Quiz.initialState();
  state = Quiz.answer(state, 0);
  const [first] = Quiz.review(state);
  assert.deepEqual(first, { question: 'Which planet is known as the Red Planet?', chosen: 'Venus', correct: 'Mars', right: false });
});

test('shuffling is deterministic per seed and keeps every item', () => {
  const items = [1, 2, 3, 4, 5, 6];
  assert.deepEqual(Quiz.shuffle(items, 42), Quiz.shuffle(items, 42));
  assert.deepEqual(Quiz.shuffle(items, 42).slice().sort(), items);
  assert.notDeepEqual(Quiz.shuffle(items, 1), Quiz.shuffle(items, 2));
});

test('after a shuffled restart the answer index still points at the right choice', () => {
  const state = Quiz.restart(Quiz.initialState(), 7);
  assert.equal(state.index, 0);
  for (const q of state.questions) {
    const original = Quiz.QUESTIONS.find((o) => o.question === q.question);
    assert.equal(q.choices[q.answer], original.choices[original.answer]);
  }
});

test('the high-score table keeps the best results first', () => {
  let state = Quiz.initialState();
  state = Quiz.recordResult(state, '2024-01-01');
  for (const q of state.questions) state = Quiz.answer(state, q.answer);
  state = Quiz.recordResult(state, '2024-01-02');
  assert.deepEqual(state.results.map((r) => r.score), [5, 0]);
});
`,
  body: () => `
    <section id="question-card" class="card">
      <p id="progress" class="muted"></p>
      <h2 id="question"></h2>
      <div id="choices" class="choices"></div>
    </section>
    <section id="result-card" class="card hidden">
      <h2 id="score"></h2>
      <ol id="review" class="list"></ol>
      <button id="restart" class="primary" type="button">Restart the quiz</button>
    </section>
    <section class="card"><h2>High scores</h2><ol id="results" class="list"></ol></section>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'quiz', initial: Quiz.initialState(), render: render,
    records: function (state) { return state.results; },
    searchFields: ['date', 'score'], exportColumns: ['date', 'score', 'total']
  });

  function render(state, view) {
    var finished = Quiz.isFinished(state);
    byId('question-card').classList.toggle('hidden', finished);
    byId('result-card').classList.toggle('hidden', !finished);
    if (!finished) {
      var q = state.questions[state.index];
      byId('progress').textContent = 'Question ' + (state.index + 1) + ' of ' + state.questions.length;
      byId('question').textContent = q.question;
      var choices = clear(byId('choices'));
      q.choices.forEach(function (choice, i) {
        choices.appendChild(h('button', { type: 'button', text: choice, onclick: function () {
          var next = Quiz.answer(app.get(), i);
          app.update(Quiz.isFinished(next) ? Quiz.recordResult(next, new Date().toISOString().slice(0, 10)) : next);
        } }));
      });
    } else {
      byId('score').textContent = 'You scored ' + Quiz.score(state) + ' of ' + state.questions.length;
      var reviewList = clear(byId('review'));
      Quiz.review(state).forEach(function (item) {
        reviewList.appendChild(h('li', { className: item.right ? 'right' : 'wrong' }, [
          h('span', { className: 'grow', text: item.question }),
          h('span', { text: item.right ? item.correct : (item.chosen || '-') + ' (correct: ' + item.correct + ')' })
        ]));
      });
    }
    var results = clear(byId('results'));
    view.filter(state.results).forEach(function (r) {
      results.appendChild(h('li', {}, [h('span', { className: 'grow', text: r.date }), h('strong', { text: r.score + ' / ' + r.total })]));
    });
  }

  byId('restart').addEventListener('click', function () { app.update(Quiz.restart(app.get(), Date.now())); });
  app.render();
`,
  css: `
.choices { display: grid; gap: 8px; }
.choices button { text-align: left; padding: 10px 14px; }
.right { color: var(--success); }
.wrong { color: var(--danger); }`,
};

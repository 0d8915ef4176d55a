import type { ArchetypeTemplate } from './archetype-template';

export const CALCULATOR_TEMPLATE: ArchetypeTemplate = {
  key: 'CALCULATOR',
  title: 'Calculator',
  module: 'calculator',
  global: 'Calculator',
  builds: ['History of past calculations', 'Scientific functions (square root, powers, percentages)'],
  limitations: [],
  searchFields: ['expression', 'result'],
  exportColumns: ['expression', 'result'],
  logic: String.raw`
  // A tokenizer and a recursive-descent parser: the input is parsed, never run as code.
  function tokenize(text) {
    var tokens = [];
    var source = String(text).replace(/\u00d7/g, '*').replace(/\u00f7/g, '/').replace(/\s+/g, '');
    var pattern = /(\d+\.?\d*|\.\d+)|(sqrt)|([-+*\/^%()])/y;
    while (pattern.lastIndex < source.length) {
      var at = pattern.lastIndex;
      var match = pattern.exec(source);
      if (!match) throw new Error('Unexpected "' + source[at] + '"');
      tokens.push(match[1] !== undefined ? { type: 'number', value: parseFloat(match[1]) } : { type: 'op', value: match[2] || match[3] });
    }
    return tokens;
  }

  function parse(tokens) {
    var position = 0;
    function peek() { return tokens[position]; }
    function take(value) {
      var token = tokens[position];
      if (!token || token.value !== value) throw new Error('Expected "' + value + '"');
      position += 1;
    }
    function expression() {
      var value = term();
      while (peek() && (peek().value === '+' || peek().value === '-')) {
        var op = tokens[position++].value;
        value = op === '+' ? value + term() : value - term();
      }
      return value;
    }
    function term() {
      var value = power();
      while (peek() && (peek().value === '*' || peek().value === '/')) {
        var op = tokens[position++].value;
        var right = power();
        if (op === '/' && right === 0) throw new Error('Cannot divide by zero');
        value = op === '*' ? value * right : value / right;
      }
      return value;
    }
    function power() {
      var base = unary();
      if (peek() && peek().value === '^') { position += 1; return Math.pow(base, power()); }
      return base;
    }
    function unary() {
      if (peek() && peek().value === '-') { position += 1; return -unary(); }
      if (peek() && peek().value === '+') { position += 1; return unary(); }
      var value = primary();
      while (peek() && peek().value === '%') { position += 1; value = value / 100; }
      return value;
    }
    function primary() {
      var token = tokens[position++];
      if (!token) throw new Error('Incomplete expression');
      if (token.type === 'number') return token.value;
      if (token.value === '(') { var inner = expression(); take(')'); return inner; }
      if (token.value === 'sqrt') {
        take('(');
        var radicand = expression();
        take(')');
        if (radicand < 0) throw new Error('No square root of a negative number');
        return Math.sqrt(radicand);
      }
      throw new Error('Unexpected "' + token.value + '"');
    }
    var result = expression();
    if (position < tokens.length) throw new Error('Unexpected "' + tokens[position].value + '"');
    return result;
  }

  function evaluate(text) {
    try {
      var value = parse(tokenize(text));
      if (!isFinite(value)) return { ok: false, error: 'Result is too large' };
      return { ok: true, value: Math.round(value * 1e10) / 1e10 };
    } catch (error) {
      return { ok: false, error: error.message };
    }
  }

  function initialState() { return { entry: '', display: '0', error: null, history: [] }; }

  /** One key: digits and operators append; C clears all; CE clears the entry; Backspace; = evaluates. */
  function press(state, key) {
    if (key === 'C') return Object.assign({}, state, { entry: '', display: '0', error: null });
    if (key === 'CE' || key === 'Escape') {
      var withoutLast = state.entry.replace(/(\d+\.?\d*|\.\d+)$/, '');
      return Object.assign({}, state, { entry: withoutLast, display: withoutLast || '0', error: null });
    }
    if (key === 'Backspace') {
      var shorter = state.entry.slice(0, -1);
      return Object.assign({}, state, { entry: shorter, display: shorter || '0', error: null });
    }
    if (key === '=' || key === 'Enter') {
      if (!state.entry) return state;
      var result = evaluate(state.entry);
      if (!result.ok) return Object.assign({}, state, { error: result.error, display: 'Error' });
      var record = { expression: state.entry, result: String(result.value) };
      return { entry: String(result.value), display: String(result.value), error: null, history: [record].concat(state.history).slice(0, 50) };
    }
    if (!/^(\d|\.|[-+*\/^%()]|sqrt\()$/.test(key)) return state;
    var entry = state.entry + key;
    return Object.assign({}, state, { entry: entry, display: entry, error: null });
  }

  return { tokenize: tokenize, evaluate: evaluate, initialState: initialState, press: press };
`,
  tests: String.raw`
test('multiplication and division bind tighter than addition; parentheses override', () => {
  assert.deepEqual(Calculator.evaluate('2+3*4'), { ok: true, value: 14 });
  assert.deepEqual(Calculator.evaluate('(2+3)*4'), { ok: true, value: 20 });
  assert.deepEqual(Calculator.evaluate('10-4-3'), { ok: true, value: 3 });
  assert.deepEqual(Calculator.evaluate('8/2/2'), { ok: true, value: 2 });
});

test('decimals, unary minus, powers (right-associative), percentages and square roots', () => {
  assert.deepEqual(Calculator.evaluate('0.1+0.2'), { ok: true, value: 0.3 });
  assert.deepEqual(Calculator.evaluate('-3*-2'), { ok: true, value: 6 });
  assert.deepEqual(Calculator.evaluate('2^3^2'), { ok: true, value: 512 });
  assert.deepEqual(Calculator.evaluate('50%*8'), { ok: true, value: 4 });
  assert.deepEqual(Calculator.evaluate('sqrt(16)+1'), { ok: true, value: 5 });
  assert.deepEqual(Calculator.evaluate('6\u00f73\u00d72'), { ok: true, value: 4 });
});

test('division by zero is a clear error, not Infinity', () => {
  assert.deepEqual(Calculator.evaluate('1/0'), { ok: false, error: 'Cannot divide by zero' });
  assert.deepEqual(Calculator.evaluate('5/(2-2)'), { ok: false, error: 'Cannot divide by zero' });
});

test('malformed input is an error and code is never run', () => {
  assert.equal(Calculator.evaluate('2+').ok, false);
  assert.equal(Calculator.evaluate('(1+2').ok, false);
  assert.equal(Calculator.evaluate('alert(1)').ok, false);
  assert.equal(Calculator.evaluate('sqrt(-4)').error, 'No square root of a negative number');
});

test('keys build the entry; = evaluates into the history; C, CE and Backspace edit', () => {
  let state = Calculator.initialState();
  for (const key of ['1', '2', '+', '3', 'Backspace', '4']) state = Calculator.press(state, key);
  assert.equal(state.display, '12+4');
  state = Calculator.press(state, '=');
  assert.equal(state.display, '16');
  assert.deepEqual(state.history, [{ expression: '12+4', result: '16' }]);
  state = Calculator.press(Calculator.press(state, '/'), '0');
  state = Calculator.press(state, 'Enter');
  assert.equal(state.display, 'Error');
  assert.equal(state.error, 'Cannot divide by zero');
  assert.equal(Calculator.press(state, 'C').display, '0');
  let typing = Calculator.initialState();
  for (const key of ['1', '2', '+', '3', '4', 'CE']) typing = Calculator.press(typing, key);
  assert.equal(typing.display, '12+');
  assert.equal(Calculator.press(state, 'x'), state);
});
`,
  body: () => `
    <div class="calculator card">
      <output id="display" class="display" aria-live="polite">0</output>
      <p id="calc-error" class="error" role="alert"></p>
      <div id="keys" class="keys">
        <button type="button" data-key="C">C</button><button type="button" data-key="CE">CE</button><button type="button" data-key="Backspace" aria-label="Backspace">&#9003;</button><button type="button" data-key="/">&divide;</button>
        <button type="button" data-key="7">7</button><button type="button" data-key="8">8</button><button type="button" data-key="9">9</button><button type="button" data-key="*">&times;</button>
        <button type="button" data-key="4">4</button><button type="button" data-key="5">5</button><button type="button" data-key="6">6</button><button type="button" data-key="-">&minus;</button>
        <button type="button" data-key="1">1</button><button type="button" data-key="2">2</button><button type="button" data-key="3">3</button><button type="button" data-key="+">+</button>
        <button type="button" data-key="sqrt(">&radic;</button><button type="button" data-key="0">0</button><button type="button" data-key=".">.</button><button type="button" data-key="=" class="primary">=</button>
        <button type="button" data-key="(">(</button><button type="button" data-key=")">)</button><button type="button" data-key="^">x&#696;</button><button type="button" data-key="%">%</button>
      </div>
    </div>
    <section class="card"><h2>History</h2><ul id="history" class="list"></ul></section>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'calculator', initial: Calculator.initialState(), render: render,
    records: function (state) { return state.history; },
    searchFields: ['expression', 'result'], exportColumns: ['expression', 'result']
  });

  function render(state, view) {
    byId('display').textContent = state.display;
    byId('calc-error').textContent = state.error || '';
    var list = clear(byId('history'));
    view.filter(state.history).forEach(function (item) {
      list.appendChild(h('li', {}, [h('span', { className: 'grow', text: item.expression }), h('strong', { text: '= ' + item.result })]));
    });
  }

  function press(key) { app.update(Calculator.press(app.get(), key)); }

  byId('keys').addEventListener('click', function (event) {
    var key = event.target.getAttribute && event.target.getAttribute('data-key');
    if (key) press(key);
  });
  document.addEventListener('keydown', function (event) {
    if (event.target.tagName === 'INPUT') return;
    var key = event.key === 'x' ? '*' : event.key;
    if (/^(\d|\.|[-+*\/^%()]|Enter|=|Backspace|Escape)$/.test(key)) { event.preventDefault(); press(key); }
  });
  app.render();
`,
  css: `
.calculator { max-width: 360px; margin: 0 auto 16px; }
.display { display: block; text-align: right; font-size: 2rem; padding: 8px 12px; background: var(--background); border-radius: var(--radius); overflow-x: auto; }
.keys { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; }
.keys button { font-size: 1.2rem; padding: 12px 0; }`,
};

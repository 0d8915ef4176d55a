import type { ArchetypeTemplate } from './archetype-template';

export const UNIT_CONVERTER_TEMPLATE: ArchetypeTemplate = {
  key: 'UNIT_CONVERTER',
  title: 'Unit converter',
  module: 'converter',
  global: 'Converter',
  builds: [],
  limitations: ['No currency conversion: exchange rates need a network, and the app has none.'],
  searchFields: ['text'],
  exportColumns: ['quantity', 'value', 'from', 'to', 'result'],
  logic: String.raw`
  /** Each unit's size in the quantity's base unit (metre, kilogram, litre); temperature converts through Celsius. */
  var QUANTITIES = {
    length: { name: 'Length', units: { m: ['metre', 1], km: ['kilometre', 1000], cm: ['centimetre', 0.01], mm: ['millimetre', 0.001],
      mi: ['mile', 1609.344], yd: ['yard', 0.9144], ft: ['foot', 0.3048], in: ['inch', 0.0254] } },
    weight: { name: 'Weight', units: { kg: ['kilogram', 1], g: ['gram', 0.001], mg: ['milligram', 0.000001], t: ['tonne', 1000],
      lb: ['pound', 0.45359237], oz: ['ounce', 0.028349523125], st: ['stone', 6.35029318] } },
    temperature: { name: 'Temperature', units: { c: ['Celsius', null], f: ['Fahrenheit', null], k: ['Kelvin', null] } },
    volume: { name: 'Volume', units: { l: ['litre', 1], ml: ['millilitre', 0.001], gal: ['US gallon', 3.785411784], qt: ['US quart', 0.946352946],
      cup: ['US cup', 0.2365882365], floz: ['US fluid ounce', 0.0295735295625], tbsp: ['tablespoon', 0.01478676478125], tsp: ['teaspoon', 0.00492892159375] } }
  };

  function quantities() { return Object.keys(QUANTITIES).map(function (id) { return { id: id, name: QUANTITIES[id].name }; }); }

  function unitsOf(quantity) {
    var units = QUANTITIES[quantity].units;
    return Object.keys(units).map(function (id) { return { id: id, name: units[id][0] }; });
  }

  var TO_CELSIUS = { c: function (v) { return v; }, f: function (v) { return (v - 32) * 5 / 9; }, k: function (v) { return v - 273.15; } };
  var FROM_CELSIUS = { c: function (v) { return v; }, f: function (v) { return v * 9 / 5 + 32; }, k: function (v) { return v + 273.15; } };

  /** The value in the other unit, or null when the input is not a number or a unit is unknown. */
  function convert(quantity, value, from, to) {
    var number = typeof value === 'number' ? value : Number(String(value).trim().replace(',', '.'));
    if (String(value).trim() === '' || !isFinite(number)) return null;
    var units = QUANTITIES[quantity] && QUANTITIES[quantity].units;
    if (!units || !units[from] || !units[to]) return null;
    if (quantity === 'temperature') return round(FROM_CELSIUS[to](TO_CELSIUS[from](number)));
    return round(number * units[from][1] / units[to][1]);
  }

  /** Ten significant digits: 0.1 + 0.2 shows as 0.3, and 1 km as 1000 m. */
  function round(number) { return Number(number.toPrecision(10)); }

  function describe(quantity, value, from, to) {
    var result = convert(quantity, value, from, to);
    if (result === null) return null;
    var units = QUANTITIES[quantity].units;
    return { quantity: quantity, value: Number(value), from: from, to: to, result: result,
      text: Number(value) + ' ' + units[from][0] + ' = ' + result + ' ' + units[to][0] };
  }

  function initialState() { return { quantity: 'length', from: 'km', to: 'm', saved: [] }; }

  function save(state, conversion) {
    if (!conversion) return state;
    return Object.assign({}, state, { saved: [conversion].concat(state.saved).slice(0, 50) });
  }

  return { quantities: quantities, unitsOf: unitsOf, convert: convert, describe: describe, initialState: initialState, save: save };
`,
  tests: String.raw`
test('lengths, weights and volumes convert through their base unit', () => {
  assert.equal(Converter.convert('length', 1, 'km', 'm'), 1000);
  assert.equal(Converter.convert('length', '12', 'in', 'ft'), 1);
  assert.equal(Converter.convert('length', 1, 'mi', 'km'), 1.609344);
  assert.equal(Converter.convert('weight', 1, 'kg', 'lb'), 2.204622622);
  assert.equal(Converter.convert('weight', 16, 'oz', 'lb'), 1);
  assert.equal(Converter.convert('volume', 1, 'l', 'ml'), 1000);
});

test('temperatures convert through Celsius, not by a factor', () => {
  assert.equal(Converter.convert('temperature', 100, 'c', 'f'), 212);
  assert.equal(Converter.convert('temperature', -40, 'f', 'c'), -40);
  assert.equal(Converter.convert('temperature', 0, 'k', 'c'), -273.15);
});

test('input that is not a number, or an unknown unit, converts to nothing', () => {
  assert.equal(Converter.convert('length', '', 'm', 'km'), null);
  assert.equal(Converter.convert('length', 'abc', 'm', 'km'), null);
  assert.equal(Converter.convert('length', 1, 'm', 'kg'), null);
  assert.equal(Converter.convert('length', '2,5', 'm', 'cm'), 250);
});

test('every quantity lists its units and a saved conversion reads as a sentence', () => {
  assert.deepEqual(Converter.quantities().map((q) => q.id), ['length', 'weight', 'temperature', 'volume']);
  assert.ok(Converter.unitsOf('temperature').some((u) => u.name === 'Fahrenheit'));
  const state = Converter.save(Converter.initialState(), Converter.describe('length', 2, 'km', 'm'));
  assert.equal(state.saved[0].text, '2 kilometre = 2000 metre');
  assert.equal(Converter.save(state, null), state);
});
`,
  body: () => `
    <section class="card converter">
      <div class="row">
        <label>Quantity<select id="quantity" aria-label="Quantity"></select></label>
        <label>Value<input id="amount" type="text" inputmode="decimal" aria-label="Value" value="1" maxlength="30"></label>
      </div>
      <div class="row">
        <label>From<select id="from-unit" aria-label="From unit"></select></label>
        <button id="swap" type="button" aria-label="Swap units">Swap</button>
        <label>To<select id="to-unit" aria-label="To unit"></select></label>
      </div>
      <p class="result">= <output id="result" aria-live="polite"></output> <span id="result-unit" class="muted"></span></p>
      <p id="convert-error" class="error" role="alert"></p>
      <button id="save-conversion" class="primary" type="button">Save conversion</button>
    </section>
    <section class="card"><h2>Saved conversions</h2><ul id="saved" class="list"></ul></section>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'converter', initial: Converter.initialState(), render: render,
    records: function (state) { return state.saved; },
    searchFields: ['text'], exportColumns: ['quantity', 'value', 'from', 'to', 'result']
  });

  function fill(select, options, selected) {
    clear(select);
    options.forEach(function (option) { select.appendChild(h('option', { value: option.id, text: option.name, selected: option.id === selected })); });
  }

  function current() { var s = app.get(); return Converter.describe(s.quantity, byId('amount').value, s.from, s.to); }

  function showResult() {
    var conversion = current();
    byId('result').textContent = conversion ? String(conversion.result) : '';
    byId('result-unit').textContent = conversion ? Converter.unitsOf(app.get().quantity).filter(function (u) { return u.id === app.get().to; })[0].name : '';
    byId('convert-error').textContent = conversion ? '' : 'Type a number to convert.';
  }

  function render(state, view) {
    fill(byId('quantity'), Converter.quantities(), state.quantity);
    fill(byId('from-unit'), Converter.unitsOf(state.quantity), state.from);
    fill(byId('to-unit'), Converter.unitsOf(state.quantity), state.to);
    showResult();
    var list = clear(byId('saved'));
    view.filter(state.saved).forEach(function (entry) { list.appendChild(h('li', { text: entry.text })); });
  }

  byId('quantity').addEventListener('change', function () {
    var units = Converter.unitsOf(byId('quantity').value);
    app.update(Object.assign({}, app.get(), { quantity: byId('quantity').value, from: units[0].id, to: units[1].id }));
  });
  byId('from-unit').addEventListener('change', function () { app.update(Object.assign({}, app.get(), { from: byId('from-unit').value })); });
  byId('to-unit').addEventListener('change', function () { app.update(Object.assign({}, app.get(), { to: byId('to-unit').value })); });
  byId('swap').addEventListener('click', function () { var s = app.get(); app.update(Object.assign({}, s, { from: s.to, to: s.from })); });
  byId('amount').addEventListener('input', showResult);
  byId('save-conversion').addEventListener('click', function () { app.update(Converter.save(app.get(), current())); });
  app.render();
`,
  css: `
.converter .row { margin-bottom: 12px; align-items: flex-end; }
.result { font-size: 2rem; margin: 8px 0; }
#result { color: var(--primary); font-variant-numeric: tabular-nums; }`,
};

import type { ArchetypeTemplate, TemplateContext } from './archetype-template';

const PRICING = 'Pricing table';
const TESTIMONIALS = 'Testimonials section';
const FAQ = 'FAQ section';

function optionalSections(context: TemplateContext): string {
  const sections: string[] = [];
  if (context.has(PRICING)) {
    sections.push(`<section class="card"><h2>Pricing</h2><div class="grid3">
        <div><h3>Free</h3><p class="price">0</p><p class="muted">For trying it out</p></div>
        <div><h3>Pro</h3><p class="price">9 / month</p><p class="muted">For regular use</p></div>
        <div><h3>Team</h3><p class="price">29 / month</p><p class="muted">For groups</p></div></div></section>`);
  }
  if (context.has(TESTIMONIALS)) {
    sections.push(
      `<section class="card"><h2>What people say</h2><blockquote>"Exactly what we needed." (a happy customer)</blockquote><blockquote>"Simple and quick." (another one)</blockquote></section>`,
    );
  }
  if (context.has(FAQ)) {
    sections.push(
      `<section class="card"><h2>Questions</h2><details><summary>Is it free to start?</summary><p>Yes.</p></details><details><summary>Can I cancel any time?</summary><p>Yes, at any time.</p></details></section>`,
    );
  }
  return sections.map((section) => `    ${section}`).join('\n');
}

export const LANDING_PAGE_TEMPLATE: ArchetypeTemplate = {
  key: 'LANDING_PAGE',
  title: 'Welcome',
  module: 'landing',
  global: 'Landing',
  builds: [PRICING, TESTIMONIALS, FAQ],
  limitations: ['Sign-ups are kept in this browser only (there is no server to send them to): export them to use them.'],
  searchFields: ['name', 'email'],
  exportColumns: ['name', 'email', 'date'],
  logic: String.raw`
  function initialState() { return { signups: [] }; }

  function isValidEmail(email) { return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(String(email)); }

  function validateSignup(input) {
    var errors = {};
    if (!String(input.name || '').trim()) errors.name = 'Please tell us your name.';
    if (!isValidEmail(String(input.email || '').trim())) errors.email = 'Please enter a valid email address.';
    return errors;
  }

  function addSignup(state, input, date) {
    var errors = validateSignup(input);
    if (Object.keys(errors).length > 0) return { state: state, errors: errors };
    var email = String(input.email).trim().toLowerCase();
    if (state.signups.some(function (s) { return s.email === email; })) return { state: state, errors: { email: 'This email is already signed up.' } };
    var signup = { name: String(input.name).trim(), email: email, date: date };
    return { state: { signups: state.signups.concat([signup]) }, errors: {} };
  }

  return { initialState: initialState, isValidEmail: isValidEmail, validateSignup: validateSignup, addSignup: addSignup };
`,
  tests: String.raw`
test('email addresses are checked for a plausible shape', () => {
  assert.equal(Landing.isValidEmail('ada@example.com'), true);
  assert.equal(Landing.isValidEmail('ada@example'), false);
  assert.equal(Landing.isValidEmail('ada example.com'), false);
  assert.equal(Landing.isValidEmail(''), false);
});

test('a sign-up needs a name and an email, and says which is missing', () => {
  assert.deepEqual(Object.keys(Landing.validateSignup({ name: ' ', email: 'x' })).sort(), ['email', 'name']);
  assert.deepEqual(Landing.validateSignup({ name: 'Ada', email: 'ada@example.com' }), {});
});

test('sign-ups are stored once per email, ignoring case', () => {
  let result = Landing.addSignup(Landing.initialState(), { name: 'Ada', email: ' Ada@Example.com ' }, '2024-01-01');
  assert.deepEqual(result.state.signups, [{ name: 'Ada', email: 'ada@example.com', date: '2024-01-01' }]);
  const again = Landing.addSignup(result.state, { name: 'Ada L', email: 'ADA@example.com' }, '2024-01-02');
  assert.equal(again.state, result.state);
  assert.match(again.errors.email, /already/);
});
`,
  body: (context) => `
    <section class="hero">
      <h2>Everything you need, nothing you don't</h2>
      <p class="muted">A short promise that says what this product does and for whom.</p>
      <a class="button primary" href="#signup">Get started</a>
    </section>
    <section class="grid3">
      <div class="card"><h3>Fast</h3><p class="muted">Loads in a blink on any device.</p></div>
      <div class="card"><h3>Simple</h3><p class="muted">No manual needed.</p></div>
      <div class="card"><h3>Private</h3><p class="muted">Your data stays yours.</p></div>
    </section>
${optionalSections(context)}
    <form id="signup" class="card" novalidate>
      <h2>Sign up</h2>
      <label>Name<input id="signup-name" autocomplete="name" maxlength="100"></label>
      <p id="name-error" class="error" role="alert"></p>
      <label>Email<input id="signup-email" type="email" autocomplete="email" maxlength="200"></label>
      <p id="email-error" class="error" role="alert"></p>
      <button class="primary" type="submit">Join</button>
      <p id="signup-thanks" class="muted" role="status"></p>
    </form>
    <section class="card"><h2>Sign-ups (this browser)</h2><ul id="signups" class="list"></ul></section>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'landing', initial: Landing.initialState(), render: render,
    records: function (state) { return state.signups; },
    searchFields: ['name', 'email'], exportColumns: ['name', 'email', 'date']
  });

  function render(state, view) {
    var list = clear(byId('signups'));
    view.filter(state.signups).forEach(function (s) {
      list.appendChild(h('li', {}, [h('span', { className: 'grow', text: s.name }), h('span', { className: 'muted', text: s.email })]));
    });
  }

  byId('signup').addEventListener('submit', function (event) {
    event.preventDefault();
    var result = Landing.addSignup(app.get(), { name: byId('signup-name').value, email: byId('signup-email').value }, new Date().toISOString().slice(0, 10));
    byId('name-error').textContent = result.errors.name || '';
    byId('email-error').textContent = result.errors.email || '';
    if (result.state !== app.get()) {
      byId('signup-thanks').textContent = 'Thanks, ' + byId('signup-name').value.trim() + '!';
      byId('signup').reset();
      app.update(result.state);
    }
  });
  app.render();
`,
  css: `
.hero { text-align: center; padding: 48px 16px; }
.hero h2 { font-size: 2.2rem; margin: 0 0 8px; }
.grid3 { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; margin-bottom: 12px; }
.price { font-size: 1.6rem; color: var(--primary); margin: 4px 0; }
#signup label { display: flex; margin-top: 8px; }
blockquote { margin: 8px 0; padding-left: 12px; border-left: 3px solid var(--primary); }
@media (max-width: 700px) { .grid3 { grid-template-columns: 1fr; } .hero h2 { font-size: 1.6rem; } }`,
};

import type { ArchetypeTemplate, TemplateContext } from './archetype-template';

import { escapeHtml } from '../escape';

interface Section {
  label: string;
  id: string;
  heading: string;
  html: string;
}

/** The sections a plan may ask for, in page order; each has an id the hero's links point at. */
const SECTIONS: readonly Section[] = [
  {
    label: 'About section',
    id: 'about',
    heading: 'About us',
    html: `<p>Who we are, what we care about and why we started: a few honest sentences in your own words.</p>`,
  },
  {
    label: 'Menu section with dishes and prices',
    id: 'menu',
    heading: 'Menu',
    html: `<ul class="list menu-list">
        <li><span class="grow">House special</span><span class="price">6.50</span></li>
        <li><span class="grow">Seasonal dish</span><span class="price">8.00</span></li>
        <li><span class="grow">Something sweet</span><span class="price">4.20</span></li>
        <li><span class="grow">Drink of the day</span><span class="price">3.10</span></li></ul>`,
  },
  {
    label: 'Opening hours section',
    id: 'hours',
    heading: 'Opening hours',
    html: `<table class="hours"><tbody>
        <tr><th scope="row">Monday to Friday</th><td>08:00 to 18:00</td></tr>
        <tr><th scope="row">Saturday</th><td>09:00 to 17:00</td></tr>
        <tr><th scope="row">Sunday</th><td>Closed</td></tr></tbody></table>`,
  },
  {
    label: 'Events section',
    id: 'events',
    heading: 'Upcoming events',
    html: `<ul class="list"><li><span class="grow">Opening evening</span><span class="muted">First Friday of the month</span></li>
        <li><span class="grow">Workshop</span><span class="muted">Every second Saturday</span></li></ul>`,
  },
  {
    label: 'Pricing table',
    id: 'pricing',
    heading: 'Pricing',
    html: `<div class="grid3">
        <div><h3>Free</h3><p class="price">0</p><p class="muted">For trying it out</p></div>
        <div><h3>Pro</h3><p class="price">9 / month</p><p class="muted">For regular use</p></div>
        <div><h3>Team</h3><p class="price">29 / month</p><p class="muted">For groups</p></div></div>`,
  },
  {
    label: 'Team section',
    id: 'team',
    heading: 'Our team',
    html: `<div class="grid3">
        <div class="person"><h3>Alex</h3><p class="muted">Founder</p></div>
        <div class="person"><h3>Sam</h3><p class="muted">Operations</p></div>
        <div class="person"><h3>Jo</h3><p class="muted">Customer care</p></div></div>`,
  },
  {
    label: 'Photo gallery section',
    id: 'gallery',
    heading: 'Gallery',
    html: `<div class="gallery">${[1, 2, 3, 4, 5, 6].map((n) => `<figure class="tile tile-${n}"><figcaption>Photo ${n}</figcaption></figure>`).join('')}</div>`,
  },
  {
    label: 'Testimonials section',
    id: 'testimonials',
    heading: 'What people say',
    html: `<blockquote>"Exactly what we needed." (a happy customer)</blockquote><blockquote>"Simple and quick." (another one)</blockquote>`,
  },
  {
    label: 'FAQ section',
    id: 'faq',
    heading: 'Questions',
    html: `<details><summary>Is it free to start?</summary><p>Yes.</p></details><details><summary>Can I cancel any time?</summary><p>Yes, at any time.</p></details>`,
  },
  {
    label: 'Contact section with address and a message form',
    id: 'contact',
    heading: 'Contact',
    html: `<address>1 Example Street, Your Town</address>
      <form id="contact-form" novalidate>
        <label>Your email<input id="contact-email" type="email" autocomplete="email" maxlength="200"></label>
        <label>Message<textarea id="contact-message" maxlength="2000"></textarea></label>
        <p id="contact-error" class="error" role="alert"></p>
        <button type="submit">Send message</button>
        <p id="contact-thanks" class="muted" role="status"></p>
      </form>`,
  },
];

function sectionsAsked(context: TemplateContext): Section[] {
  return SECTIONS.filter((section) => context.has(section.label));
}

function optionalSections(context: TemplateContext): string {
  return sectionsAsked(context)
    .map((section) => `    <section id="${section.id}" class="card"><h2>${section.heading}</h2>${section.html}</section>`)
    .join('\n');
}

function sectionLinks(context: TemplateContext): string {
  const links = sectionsAsked(context).map((section) => `<a href="#${section.id}">${section.heading}</a>`);
  return links.length > 0 ? `<nav class="section-links" aria-label="Sections">${links.join('')}</nav>` : '';
}

export const LANDING_PAGE_TEMPLATE: ArchetypeTemplate = {
  key: 'LANDING_PAGE',
  title: 'Welcome',
  module: 'landing',
  global: 'Landing',
  builds: SECTIONS.map((section) => section.label),
  onRequest: SECTIONS.map((section) => section.label),
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

  /** A contact message needs a reply address and some words. */
  function validateMessage(input) {
    var errors = [];
    if (!isValidEmail(String(input.email || '').trim())) errors.push('Please enter a valid email address.');
    if (!String(input.message || '').trim()) errors.push('Please write a message.');
    return errors;
  }

  return { initialState: initialState, isValidEmail: isValidEmail, validateSignup: validateSignup, addSignup: addSignup, validateMessage: validateMessage };
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

test('a contact message needs an email and some words', () => {
  assert.deepEqual(Landing.validateMessage({ email: 'x', message: ' ' }).length, 2);
  assert.deepEqual(Landing.validateMessage({ email: 'ada@example.com', message: 'Hello' }), []);
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
      <h2>${escapeHtml(context.copy.headline)}</h2>
      <p class="muted">${escapeHtml(context.copy.tagline)}</p>
      <a class="button primary" href="#signup">Get started</a>
      ${sectionLinks(context)}
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
  var contact = byId('contact-form');
  if (contact) contact.addEventListener('submit', function (event) {
    event.preventDefault();
    var errors = Landing.validateMessage({ email: byId('contact-email').value, message: byId('contact-message').value });
    byId('contact-error').textContent = errors.join(' ');
    byId('contact-thanks').textContent = errors.length ? '' : 'Thanks: your message is ready to send (this page keeps it in the browser; there is no mail server offline).';
    if (!errors.length) contact.reset();
  });
  app.render();
`,
  css: `
.hero { text-align: center; padding: 48px 16px; }
.hero h2 { font-size: 2.2rem; margin: 0 0 8px; }
.grid3 { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; margin-bottom: 12px; }
.price { font-size: 1.6rem; color: var(--primary); margin: 4px 0; }
#signup label { display: flex; margin-top: 8px; }
.section-links { display: flex; flex-wrap: wrap; gap: 12px; justify-content: center; margin-top: 16px; }
.menu-list .price { font-size: 1rem; }
table.hours th { text-align: left; padding-right: 24px; font-weight: 500; }
.gallery { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
.tile { margin: 0; aspect-ratio: 4 / 3; border-radius: var(--radius); background: linear-gradient(135deg, var(--primary), var(--card-hover)); display: flex; align-items: flex-end; }
.tile figcaption { color: var(--on-primary); padding: 6px 8px; font-size: 0.85rem; }
blockquote { margin: 8px 0; padding-left: 12px; border-left: 3px solid var(--primary); }
@media (max-width: 700px) { .grid3 { grid-template-columns: 1fr; } .hero h2 { font-size: 1.6rem; } }`,
};

import type { ArchetypeTemplate } from './archetype-template';

export const TEAM_CHAT_TEMPLATE: ArchetypeTemplate = {
  key: 'TEAM_CHAT',
  title: 'Team chat',
  module: 'chat',
  global: 'Chat',
  builds: [],
  limitations: ['Messages stay in this browser: there is no server, so nobody else receives them.'],
  searchFields: ['author', 'text', 'channel'],
  exportColumns: ['channel', 'author', 'text', 'sentAt'],
  logic: String.raw`
  function initialState() {
    return { me: 'you', current: 'general', channels: ['general', 'random'], messages: [{ id: 'hi', channel: 'general', author: 'gantry', text: 'Welcome to #general', sentAt: 0 }] };
  }

  /** "#My Team!" -> "my-team": lowercase letters, digits and dashes. */
  function channelName(text) {
    return String(text || '').toLowerCase().replace(/^#/, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  }

  function addChannel(state, text) {
    var name = channelName(text);
    if (!name) return { state: state, error: 'Name the channel with letters or digits.' };
    if (state.channels.indexOf(name) !== -1) return { state: Object.assign({}, state, { current: name }), error: null };
    return { state: Object.assign({}, state, { channels: state.channels.concat([name]), current: name }), error: null };
  }

  function switchChannel(state, name) { return state.channels.indexOf(name) === -1 ? state : Object.assign({}, state, { current: name }); }

  function postMessage(state, text, id, now) {
    var body = String(text || '').trim();
    if (!body) return state;
    var message = { id: id, channel: state.current, author: state.me, text: body.slice(0, 4000), sentAt: now };
    return Object.assign({}, state, { messages: state.messages.concat([message]) });
  }

  function messagesIn(state, channel) {
    return state.messages.filter(function (m) { return m.channel === channel; }).sort(function (a, b) { return a.sentAt - b.sentAt; });
  }

  function timeLabel(sentAt) {
    var d = new Date(sentAt);
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  }

  return { initialState: initialState, channelName: channelName, addChannel: addChannel, switchChannel: switchChannel,
    postMessage: postMessage, messagesIn: messagesIn, timeLabel: timeLabel };
`,
  tests: String.raw`
test('channel names are normalised', () => {
  assert.equal(Chat.channelName('#My Team!'), 'my-team');
  assert.equal(Chat.channelName('  '), '');
});

test('creating a channel adds and opens it; an existing name just opens it; a blank one is refused', () => {
  let { state } = Chat.addChannel(Chat.initialState(), 'Design');
  assert.deepEqual(state.channels, ['general', 'random', 'design']);
  assert.equal(state.current, 'design');
  state = Chat.addChannel(state, '#General').state;
  assert.equal(state.channels.length, 3);
  assert.equal(state.current, 'general');
  assert.ok(Chat.addChannel(state, '!!!').error);
});

test('messages go to the current channel in time order; blank ones are ignored', () => {
  let state = Chat.switchChannel(Chat.initialState(), 'random');
  state = Chat.postMessage(state, 'second', 'm2', 2000);
  state = Chat.postMessage(state, 'first', 'm1', 1000);
  state = Chat.postMessage(state, '   ', 'm3', 3000);
  assert.deepEqual(Chat.messagesIn(state, 'random').map((m) => m.text), ['first', 'second']);
  assert.equal(Chat.messagesIn(state, 'general').length, 1);
  assert.equal(Chat.switchChannel(state, 'nope'), state);
});

test('times show hours and minutes', () => {
  assert.equal(Chat.timeLabel(Date.UTC(2024, 0, 1, 9, 5)), '09:05');
});
`,
  body: () => `
    <div class="chat-layout">
      <aside class="card sidebar">
        <h2>Channels</h2>
        <ul id="channels" class="list"></ul>
        <form id="channel-form" class="row"><input id="channel-name" class="grow" placeholder="new-channel" aria-label="New channel" maxlength="40"><button type="submit">Create</button></form>
        <p id="channel-error" class="error" role="alert"></p>
      </aside>
      <section class="card chat-main">
        <h2 id="channel-title"></h2>
        <ul id="messages" class="list messages" aria-live="polite"></ul>
        <form id="composer" class="row" autocomplete="off">
          <input id="message-text" class="grow" placeholder="Message" aria-label="Message" maxlength="4000">
          <button class="primary" type="submit">Send</button>
        </form>
        <p class="muted">Posting as <input id="my-name" maxlength="30" size="10" aria-label="Your name"></p>
      </section>
    </div>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'chat', initial: Chat.initialState(), render: render,
    records: function (state) { return state.messages; },
    searchFields: ['author', 'text', 'channel'], exportColumns: ['channel', 'author', 'text', 'sentAt']
  });

  function render(state, view) {
    var channels = clear(byId('channels'));
    state.channels.forEach(function (name) {
      channels.appendChild(h('li', { className: name === state.current ? 'selected' : '', onclick: function () { app.update(Chat.switchChannel(app.get(), name)); } }, ['#' + name]));
    });
    byId('channel-title').textContent = '#' + state.current;
    if (document.activeElement !== byId('my-name')) byId('my-name').value = state.me;
    var list = clear(byId('messages'));
    view.filter(Chat.messagesIn(state, state.current)).forEach(function (m) {
      list.appendChild(h('li', {}, [h('strong', { text: m.author }), h('span', { className: 'muted', text: Chat.timeLabel(m.sentAt) }), h('span', { className: 'grow', text: m.text })]));
    });
    list.scrollTop = list.scrollHeight;
  }

  byId('composer').addEventListener('submit', function (event) {
    event.preventDefault();
    app.update(Chat.postMessage(app.get(), byId('message-text').value, Kit.newId(), Date.now()));
    byId('message-text').value = '';
  });
  byId('channel-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var result = Chat.addChannel(app.get(), byId('channel-name').value);
    byId('channel-error').textContent = result.error || '';
    if (!result.error) { byId('channel-name').value = ''; app.update(result.state); }
  });
  byId('my-name').addEventListener('change', function () {
    var name = byId('my-name').value.trim().slice(0, 30);
    if (name) app.update(Object.assign({}, app.get(), { me: name }));
  });
  app.render();
`,
  css: `
.chat-layout { display: grid; grid-template-columns: 220px 1fr; gap: 12px; }
.sidebar { background: var(--sidebar); }
.sidebar li { cursor: pointer; }
.sidebar li.selected { font-weight: 700; color: var(--primary); }
.messages { max-height: 60vh; overflow-y: auto; margin-bottom: 8px; }
.messages li { align-items: baseline; }
@media (max-width: 700px) { .chat-layout { grid-template-columns: 1fr; } }`,
};

import type { ArchetypeTemplate } from './archetype-template';

export const SOCIAL_FEED_TEMPLATE: ArchetypeTemplate = {
  key: 'SOCIAL_FEED',
  title: 'Feed',
  module: 'feed',
  global: 'Feed',
  builds: ['Hashtags'],
  limitations: ['One person posts from this browser under a chosen name: there are no accounts, no server and no other users.'],
  searchFields: ['author', 'text'],
  exportColumns: ['author', 'text', 'createdAt', 'likes'],
  logic: String.raw`
  var MAX_LENGTH = 280;

  function initialState() {
    return { me: 'you', posts: [{ id: 'hello', author: 'gantry', text: 'Welcome to your feed! #hello', createdAt: 0, likedBy: [] }] };
  }

  function createPost(state, text, id, now) {
    var body = String(text || '').trim();
    if (!body) return { state: state, error: 'Write something first.' };
    if (body.length > MAX_LENGTH) return { state: state, error: 'Posts are at most ' + MAX_LENGTH + ' characters.' };
    var post = { id: id, author: state.me, text: body, createdAt: now, likedBy: [] };
    return { state: Object.assign({}, state, { posts: state.posts.concat([post]) }), error: null };
  }

  function toggleLike(state, id) {
    return Object.assign({}, state, { posts: state.posts.map(function (p) {
      if (p.id !== id) return p;
      var liked = p.likedBy.indexOf(state.me) !== -1;
      return Object.assign({}, p, { likedBy: liked ? p.likedBy.filter(function (u) { return u !== state.me; }) : p.likedBy.concat([state.me]) });
    }) });
  }

  function setName(state, name) {
    var clean = String(name || '').trim().replace(/\s+/g, '_').slice(0, 30);
    return clean ? Object.assign({}, state, { me: clean }) : state;
  }

  function feed(posts) { return posts.slice().sort(function (a, b) { return b.createdAt - a.createdAt; }); }

  function postsBy(posts, author) { return feed(posts).filter(function (p) { return p.author === author; }); }

  function hashtags(text) {
    var found = String(text).toLowerCase().match(/#[\p{L}\p{N}_]+/gu) || [];
    return found.filter(function (tag, i) { return found.indexOf(tag) === i; });
  }

  function withLikes(post) { return Object.assign({}, post, { likes: post.likedBy.length }); }

  return { MAX_LENGTH: MAX_LENGTH, initialState: initialState, createPost: createPost, toggleLike: toggleLike, setName: setName,
    feed: feed, postsBy: postsBy, hashtags: hashtags, withLikes: withLikes };
`,
  tests: String.raw`
const start = { me: 'ada', posts: [] };

test('posts are trimmed, must not be empty and are at most 280 characters', () => {
  const ok = Feed.createPost(start, '  hi  ', 'p1', 10);
  assert.deepEqual(ok.state.posts, [{ id: 'p1', author: 'ada', text: 'hi', createdAt: 10, likedBy: [] }]);
  assert.ok(Feed.createPost(start, '   ', 'p2', 10).error);
  assert.match(Feed.createPost(start, 'x'.repeat(281), 'p3', 10).error, /280/);
  assert.equal(Feed.createPost(start, 'x'.repeat(280), 'p4', 10).error, null);
});

test('the feed is newest first and a profile shows one author', () => {
  let state = Feed.createPost(start, 'old', 'a', 1).state;
  state = Feed.createPost(Feed.setName(state, 'Bob Smith'), 'new', 'b', 2).state;
  assert.deepEqual(Feed.feed(state.posts).map((p) => p.text), ['new', 'old']);
  assert.deepEqual(Feed.postsBy(state.posts, 'Bob_Smith').map((p) => p.id), ['b']);
});

test('liking twice unlikes, and likes are counted per person', () => {
  let state = Feed.createPost(start, 'x', 'a', 1).state;
  state = Feed.toggleLike(state, 'a');
  assert.equal(Feed.withLikes(state.posts[0]).likes, 1);
  state = Feed.toggleLike(state, 'a');
  assert.equal(Feed.withLikes(state.posts[0]).likes, 0);
});

test('hashtags are found once each, ignoring case', () => {
  assert.deepEqual(Feed.hashtags('Loving #Summer and #summer at the #beach_2024!'), ['#summer', '#beach_2024']);
  assert.deepEqual(Feed.hashtags('no tags'), []);
});
`,
  body: () => `
    <nav class="row"><a href="#/">Feed</a><a id="profile-link" href="#/profile">My profile</a>
      <label class="row">Posting as <input id="my-name" maxlength="30" size="12"></label></nav>
    <form id="composer" class="card" autocomplete="off">
      <textarea id="post-text" maxlength="280" placeholder="What's happening?" aria-label="New post"></textarea>
      <div class="row"><span id="chars" class="muted grow">0 / 280</span><button class="primary" type="submit">Post</button></div>
      <p id="post-error" class="error" role="alert"></p>
    </form>
    <h2 id="feed-title">Feed</h2>
    <ul id="posts" class="list"></ul>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'feed', initial: Feed.initialState(), render: render,
    records: function (state) { return state.posts.map(Feed.withLikes); },
    searchFields: ['author', 'text'], exportColumns: ['author', 'text', 'createdAt', 'likes']
  });

  function render(state, view) {
    var profile = location.hash === '#/profile';
    byId('feed-title').textContent = profile ? '@' + state.me : 'Feed';
    if (document.activeElement !== byId('my-name')) byId('my-name').value = state.me;
    var list = clear(byId('posts'));
    view.filter(profile ? Feed.postsBy(state.posts, state.me) : Feed.feed(state.posts)).forEach(function (post) {
      var liked = post.likedBy.indexOf(state.me) !== -1;
      list.appendChild(h('li', { className: 'card post' }, [
        h('div', { className: 'grow' }, [
          h('strong', { text: '@' + post.author }), h('span', { className: 'muted', text: ' ' + new Date(post.createdAt).toLocaleString() }),
          h('p', { text: post.text }),
          h('div', { className: 'row' }, Feed.hashtags(post.text).map(function (tag) { return h('span', { className: 'pill', text: tag }); }))
        ]),
        h('button', { type: 'button', className: liked ? 'primary' : '', 'aria-pressed': String(liked), text: '\u2665 ' + post.likedBy.length,
          onclick: function () { app.update(Feed.toggleLike(app.get(), post.id)); } })
      ]));
    });
  }

  byId('post-text').addEventListener('input', function () { byId('chars').textContent = byId('post-text').value.length + ' / ' + Feed.MAX_LENGTH; });
  byId('composer').addEventListener('submit', function (event) {
    event.preventDefault();
    var result = Feed.createPost(app.get(), byId('post-text').value, Kit.newId(), Date.now());
    byId('post-error').textContent = result.error || '';
    if (!result.error) { byId('post-text').value = ''; app.update(result.state); }
  });
  byId('my-name').addEventListener('change', function () { app.update(Feed.setName(app.get(), byId('my-name').value)); });
  window.addEventListener('hashchange', app.render);
  app.render();
`,
  css: `
nav.row { margin-bottom: 12px; }
.post { align-items: flex-start !important; }
.post p { margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; }`,
};

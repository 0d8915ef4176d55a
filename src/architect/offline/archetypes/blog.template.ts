import type { ArchetypeTemplate } from './archetype-template';

export const BLOG_TEMPLATE: ArchetypeTemplate = {
  key: 'BLOG',
  title: 'Blog',
  module: 'blog',
  global: 'Blog',
  builds: ['Tags for posts'],
  limitations: ['Posts are written and stored in this browser: there is no server or shared database.'],
  searchFields: ['title', 'body', 'tags'],
  exportColumns: ['title', 'date', 'tags', 'body'],
  logic: String.raw`
  function initialState() {
    return { posts: [{ id: 'hello', title: 'Hello, world', date: '2024-01-01', tags: 'welcome', body: 'This is the first post. Write your own with the form below.' }] };
  }

  function excerpt(body, maxChars) {
    var text = String(body).replace(/\s+/g, ' ').trim();
    if (text.length <= maxChars) return text;
    var cut = text.slice(0, maxChars);
    var space = cut.lastIndexOf(' ');
    return (space > maxChars / 2 ? cut.slice(0, space) : cut) + '\u2026';
  }

  function tagList(tags) {
    return String(tags || '').split(',').map(function (t) { return t.trim().toLowerCase(); }).filter(function (t, i, all) { return t && all.indexOf(t) === i; });
  }

  function savePost(state, input, id, date) {
    var title = String(input.title || '').trim();
    var body = String(input.body || '').trim();
    if (!title || !body) return { state: state, error: 'A post needs a title and some text.' };
    var existing = state.posts.filter(function (p) { return p.id === input.id; })[0];
    var post = { id: existing ? existing.id : id, title: title, body: body, tags: tagList(input.tags).join(', '), date: existing ? existing.date : date };
    var posts = existing ? state.posts.map(function (p) { return p.id === post.id ? post : p; }) : state.posts.concat([post]);
    return { state: { posts: posts }, error: null, id: post.id };
  }

  function deletePost(state, id) { return { posts: state.posts.filter(function (p) { return p.id !== id; }) }; }

  function newestFirst(posts) { return posts.slice().sort(function (a, b) { return a.date < b.date ? 1 : a.date > b.date ? -1 : 0; }); }

  /** "#/post/abc" -> { page: 'post', id: 'abc' }; anything else is the list. */
  function parseRoute(hash) {
    var match = /^#\/(post|edit)\/([\w-]+)$/.exec(String(hash));
    if (match) return { page: match[1], id: match[2] };
    return String(hash) === '#/new' ? { page: 'edit', id: null } : { page: 'list', id: null };
  }

  return { initialState: initialState, excerpt: excerpt, tagList: tagList, savePost: savePost, deletePost: deletePost, newestFirst: newestFirst, parseRoute: parseRoute };
`,
  tests: String.raw`
test('excerpts cut at a word boundary with an ellipsis', () => {
  assert.equal(Blog.excerpt('short text', 50), 'short text');
  assert.equal(Blog.excerpt('the quick brown fox jumps over the lazy dog', 20), 'the quick brown fox\u2026');
});

test('a new post is added; saving with its id edits it and keeps its date', () => {
  let result = Blog.savePost({ posts: [] }, { title: ' First ', body: 'Body', tags: 'News, news ,tech' }, 'p1', '2024-02-01');
  assert.deepEqual(result.state.posts[0], { id: 'p1', title: 'First', body: 'Body', tags: 'news, tech', date: '2024-02-01' });
  result = Blog.savePost(result.state, { id: 'p1', title: 'First, edited', body: 'New body' }, 'p2', '2024-03-01');
  assert.equal(result.state.posts.length, 1);
  assert.equal(result.state.posts[0].date, '2024-02-01');
  assert.equal(result.state.posts[0].title, 'First, edited');
});

test('a post needs a title and text; deleting removes it', () => {
  assert.ok(Blog.savePost({ posts: [] }, { title: 'x', body: ' ' }, 'p', '2024-01-01').error);
  assert.deepEqual(Blog.deletePost(Blog.initialState(), 'hello').posts, []);
});

test('posts list newest first and routes name the page', () => {
  const posts = [{ date: '2024-01-01', id: 'a' }, { date: '2024-05-01', id: 'b' }];
  assert.deepEqual(Blog.newestFirst(posts).map((p) => p.id), ['b', 'a']);
  assert.deepEqual(Blog.parseRoute('#/post/b'), { page: 'post', id: 'b' });
  assert.deepEqual(Blog.parseRoute('#/new'), { page: 'edit', id: null });
  assert.deepEqual(Blog.parseRoute('#/post/<x>'), { page: 'list', id: null });
});
`,
  body: () => `
    <nav class="row"><a href="#/">All posts</a><a class="button primary" href="#/new">Write a post</a></nav>
    <section id="list-page"><ul id="post-list" class="list"></ul></section>
    <article id="post-page" class="card hidden">
      <h2 id="post-title"></h2><p id="post-meta" class="muted"></p><div id="post-body" class="post-body"></div>
      <div class="row"><a id="post-edit" class="button" href="#/">Edit</a><button id="post-delete" class="danger" type="button">Delete</button></div>
    </article>
    <form id="edit-page" class="card hidden" autocomplete="off">
      <input id="edit-title" placeholder="Title" aria-label="Title" maxlength="200">
      <input id="edit-tags" placeholder="Tags, separated by commas" aria-label="Tags" maxlength="200">
      <textarea id="edit-body" placeholder="Write your post" aria-label="Post text"></textarea>
      <p id="edit-error" class="error" role="alert"></p>
      <button class="primary" type="submit">Publish</button>
    </form>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'blog', initial: Blog.initialState(), render: render,
    records: function (state) { return state.posts; },
    searchFields: ['title', 'body', 'tags'], exportColumns: ['title', 'date', 'tags', 'body']
  });
  var editing; // the id whose form is shown: null for a new post, undefined for none

  function show(page) {
    ['list-page', 'post-page', 'edit-page'].forEach(function (id) { byId(id).classList.toggle('hidden', id !== page); });
  }

  function render(state, view) {
    var route = Blog.parseRoute(location.hash);
    var post = state.posts.filter(function (p) { return p.id === route.id; })[0];
    if (route.page === 'post' && post) {
      show('post-page');
      byId('post-title').textContent = post.title;
      byId('post-meta').textContent = post.date + (post.tags ? ' \u00b7 ' + post.tags : '');
      var body = clear(byId('post-body'));
      post.body.split(/\n{2,}/).forEach(function (paragraph) { body.appendChild(h('p', { text: paragraph })); });
      byId('post-edit').setAttribute('href', '#/edit/' + post.id);
    } else if (route.page === 'edit') {
      show('edit-page');
      if (editing !== route.id) {
        editing = route.id;
        byId('edit-title').value = post ? post.title : '';
        byId('edit-tags').value = post ? post.tags : '';
        byId('edit-body').value = post ? post.body : '';
      }
    } else {
      show('list-page');
      var list = clear(byId('post-list'));
      view.filter(Blog.newestFirst(state.posts)).forEach(function (p) {
        list.appendChild(h('li', { className: 'card post-item' }, [
          h('a', { href: '#/post/' + p.id, text: p.title }), h('span', { className: 'muted', text: p.date }), h('p', { text: Blog.excerpt(p.body, 160) })
        ]));
      });
    }
  }

  byId('edit-page').addEventListener('submit', function (event) {
    event.preventDefault();
    var result = Blog.savePost(app.get(), { id: editing, title: byId('edit-title').value, tags: byId('edit-tags').value, body: byId('edit-body').value },
      Kit.newId(), new Date().toISOString().slice(0, 10));
    byId('edit-error').textContent = result.error || '';
    if (!result.error) { editing = undefined; app.update(result.state); location.hash = '#/post/' + result.id; }
  });
  byId('post-delete').addEventListener('click', function () {
    var route = Blog.parseRoute(location.hash);
    if (window.confirm('Delete this post?')) { app.update(Blog.deletePost(app.get(), route.id)); location.hash = '#/'; }
  });
  window.addEventListener('hashchange', app.render);
  app.render();
`,
  css: `
nav.row { margin-bottom: 12px; justify-content: space-between; }
.post-item { display: block !important; }
.post-item a { font-size: 1.2rem; font-weight: 600; margin-right: 8px; }
#edit-page input { width: 100%; margin-bottom: 8px; }
.post-body p { white-space: pre-wrap; }`,
};

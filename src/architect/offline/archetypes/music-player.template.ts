import type { ArchetypeTemplate } from './archetype-template';

export const MUSIC_PLAYER_TEMPLATE: ArchetypeTemplate = {
  key: 'MUSIC_PLAYER',
  title: 'Music',
  module: 'player',
  global: 'Player',
  builds: ['Shuffle and repeat'],
  limitations: ['There are no audio files: the library is sample track data and playback is simulated (the progress bar moves, nothing sounds).'],
  searchFields: ['title', 'artist'],
  exportColumns: ['title', 'artist', 'seconds'],
  logic: String.raw`
  var LIBRARY = [
    { id: 't1', title: 'Morning Light', artist: 'The Examples', seconds: 201 },
    { id: 't2', title: 'Paper Boats', artist: 'Sample Choir', seconds: 174 },
    { id: 't3', title: 'Night Drive', artist: 'Placeholder', seconds: 245 },
    { id: 't4', title: 'Slow River', artist: 'The Examples', seconds: 188 }
  ];

  function initialState() {
    return { tracks: LIBRARY, playlists: [{ id: 'fav', name: 'Favourites', trackIds: ['t1'] }], current: 0, playing: false, position: 0, repeat: false, shuffle: false };
  }

  function play(state, index) {
    var i = index === undefined ? state.current : index;
    if (i < 0 || i >= state.tracks.length) return state;
    return Object.assign({}, state, { current: i, playing: true, position: i === state.current ? state.position : 0 });
  }

  function pause(state) { return Object.assign({}, state, { playing: false }); }

  /** The next track: in order, wrapping only with repeat; with shuffle, from a seeded pick that is never the same track. */
  function next(state, seed) {
    var count = state.tracks.length;
    var index;
    if (state.shuffle && count > 1) index = (state.current + 1 + (Math.abs(seed || 0) % (count - 1))) % count;
    else if (state.current + 1 < count) index = state.current + 1;
    else if (state.repeat) index = 0;
    else return Object.assign({}, state, { playing: false, position: 0 });
    return Object.assign({}, state, { current: index, position: 0 });
  }

  /** Previous restarts the track if more than three seconds in, else goes back one. */
  function previous(state) {
    if (state.position > 3 || state.current === 0) return Object.assign({}, state, { position: 0 });
    return Object.assign({}, state, { current: state.current - 1, position: 0 });
  }

  function seek(state, seconds) {
    var length = state.tracks[state.current].seconds;
    return Object.assign({}, state, { position: Math.max(0, Math.min(length, Math.round(seconds))) });
  }

  /** One second of playback; at the end of a track, on to the next. */
  function tick(state, seed) {
    if (!state.playing) return state;
    var position = state.position + 1;
    return position >= state.tracks[state.current].seconds ? next(state, seed) : Object.assign({}, state, { position: position });
  }

  function createPlaylist(state, name, id) {
    var clean = String(name || '').trim().slice(0, 60);
    if (!clean) return state;
    return Object.assign({}, state, { playlists: state.playlists.concat([{ id: id, name: clean, trackIds: [] }]) });
  }

  function editPlaylist(state, playlistId, change) {
    return Object.assign({}, state, { playlists: state.playlists.map(function (p) { return p.id === playlistId ? Object.assign({}, p, change(p)) : p; }) });
  }

  function addToPlaylist(state, playlistId, trackId) {
    return editPlaylist(state, playlistId, function (p) { return { trackIds: p.trackIds.indexOf(trackId) === -1 ? p.trackIds.concat([trackId]) : p.trackIds }; });
  }

  function removeFromPlaylist(state, playlistId, trackId) {
    return editPlaylist(state, playlistId, function (p) { return { trackIds: p.trackIds.filter(function (t) { return t !== trackId; }) }; });
  }

  function renamePlaylist(state, playlistId, name) {
    var clean = String(name || '').trim().slice(0, 60);
    return clean ? editPlaylist(state, playlistId, function () { return { name: clean }; }) : state;
  }

  function formatTime(seconds) { var s = seconds % 60; return Math.floor(seconds / 60) + ':' + (s < 10 ? '0' : '') + s; }

  return { LIBRARY: LIBRARY, initialState: initialState, play: play, pause: pause, next: next, previous: previous, seek: seek, tick: tick,
    createPlaylist: createPlaylist, addToPlaylist: addToPlaylist, removeFromPlaylist: removeFromPlaylist, renamePlaylist: renamePlaylist, formatTime: formatTime };
`,
  tests: String.raw`
test('play, pause and play again keeps the position; a new track starts at zero', () => {
  let state = Player.seek(Player.play(Player.initialState(), 0), 30);
  state = Player.play(Player.pause(state));
  assert.equal(state.position, 30);
  assert.equal(state.playing, true);
  assert.equal(Player.play(state, 2).position, 0);
});

test('next stops after the last track unless repeat is on', () => {
  const last = Object.assign(Player.play(Player.initialState(), 3), {});
  assert.equal(Player.next(last).playing, false);
  assert.equal(Player.next(Object.assign({}, last, { repeat: true })).current, 0);
  assert.equal(Player.next(Player.play(Player.initialState(), 1)).current, 2);
});

test('shuffle never picks the same track and is deterministic per seed', () => {
  const state = Object.assign(Player.play(Player.initialState(), 1), { shuffle: true });
  for (let seed = 0; seed < 10; seed += 1) assert.notEqual(Player.next(state, seed).current, 1);
  assert.equal(Player.next(state, 5).current, Player.next(state, 5).current);
});

test('previous restarts a track after three seconds, else goes back; seek is clamped', () => {
  const state = Player.play(Player.initialState(), 2);
  assert.equal(Player.previous(Player.seek(state, 10)).current, 2);
  assert.equal(Player.previous(state).current, 1);
  assert.equal(Player.seek(state, 9999).position, 245);
  assert.equal(Player.seek(state, -5).position, 0);
});

test('a tick advances one second and moves on at the end of a track', () => {
  let state = Player.seek(Player.play(Player.initialState(), 0), 199);
  state = Player.tick(state);
  assert.equal(state.position, 200);
  state = Player.tick(state);
  assert.deepEqual([state.current, state.position], [1, 0]);
  assert.equal(Player.tick(Player.pause(state)).position, 0);
  assert.equal(Player.formatTime(245), '4:05');
});

test('playlists are created, renamed and edited without duplicates', () => {
  let state = Player.createPlaylist(Player.initialState(), '  Road trip ', 'p1');
  state = Player.addToPlaylist(Player.addToPlaylist(state, 'p1', 't3'), 'p1', 't3');
  state = Player.renamePlaylist(state, 'p1', 'Summer');
  assert.deepEqual(state.playlists[1], { id: 'p1', name: 'Summer', trackIds: ['t3'] });
  state = Player.removeFromPlaylist(state, 'p1', 't3');
  assert.deepEqual(state.playlists[1].trackIds, []);
  assert.equal(Player.createPlaylist(state, '  ', 'p2'), state);
});
`,
  body: () => `
    <div class="player-layout">
      <section class="card"><h2>Library</h2><ul id="tracks" class="list"></ul></section>
      <section class="card"><h2>Playlists</h2>
        <form id="playlist-form" class="row"><input id="playlist-name" class="grow" placeholder="New playlist" maxlength="60" aria-label="Playlist name"><button type="submit">Create</button></form>
        <div id="playlists"></div>
      </section>
    </div>
    <footer class="card now-playing">
      <div class="row">
        <button id="prev" type="button" aria-label="Previous">&#9198;</button><button id="play" class="primary" type="button">Play</button><button id="next" type="button" aria-label="Next">&#9197;</button>
        <strong id="now-title" class="grow"></strong>
        <label class="row"><input id="shuffle" type="checkbox"> Shuffle</label><label class="row"><input id="repeat" type="checkbox"> Repeat</label>
      </div>
      <div class="row"><span id="position" class="muted">0:00</span><input id="progress" class="grow" type="range" min="0" value="0" aria-label="Progress"><span id="length" class="muted">0:00</span></div>
    </footer>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'player', initial: Player.initialState(), render: render,
    records: function (state) { return state.tracks; },
    searchFields: ['title', 'artist'], exportColumns: ['title', 'artist', 'seconds']
  });

  function render(state, view) {
    var tracks = clear(byId('tracks'));
    view.filter(state.tracks).forEach(function (track) {
      var index = state.tracks.indexOf(track);
      tracks.appendChild(h('li', { className: index === state.current ? 'selected' : '' }, [
        h('button', { type: 'button', text: '\u25b6', 'aria-label': 'Play ' + track.title, onclick: function () { app.update(Player.play(app.get(), index)); } }),
        h('span', { className: 'grow', text: track.title + ' \u00b7 ' + track.artist }), h('span', { className: 'muted', text: Player.formatTime(track.seconds) }),
        h('select', { 'aria-label': 'Add to playlist', onchange: function (event) { if (event.target.value) app.update(Player.addToPlaylist(app.get(), event.target.value, track.id)); } },
          [h('option', { value: '', text: '+ playlist' })].concat(state.playlists.map(function (p) { return h('option', { value: p.id, text: p.name }); })))
      ]));
    });
    var lists = clear(byId('playlists'));
    state.playlists.forEach(function (p) {
      lists.appendChild(h('div', { className: 'playlist' }, [
        h('input', { value: p.name, 'aria-label': 'Playlist name', onchange: function (event) { app.update(Player.renamePlaylist(app.get(), p.id, event.target.value)); } }),
        h('ul', { className: 'list' }, p.trackIds.map(function (id) {
          var track = state.tracks.filter(function (t) { return t.id === id; })[0];
          return track ? h('li', {}, [h('span', { className: 'grow', text: track.title }),
            h('button', { type: 'button', className: 'danger', text: 'Remove', onclick: function () { app.update(Player.removeFromPlaylist(app.get(), p.id, id)); } })]) : null;
        }))
      ]));
    });
    var current = state.tracks[state.current];
    byId('now-title').textContent = current.title + ' \u00b7 ' + current.artist;
    byId('play').textContent = state.playing ? 'Pause' : 'Play';
    byId('progress').max = current.seconds;
    byId('progress').value = state.position;
    byId('position').textContent = Player.formatTime(state.position);
    byId('length').textContent = Player.formatTime(current.seconds);
    byId('shuffle').checked = state.shuffle;
    byId('repeat').checked = state.repeat;
  }

  setInterval(function () { if (app.get().playing) app.update(Player.tick(app.get(), Date.now())); }, 1000);
  byId('play').addEventListener('click', function () { app.update(app.get().playing ? Player.pause(app.get()) : Player.play(app.get())); });
  byId('next').addEventListener('click', function () { app.update(Player.next(app.get(), Date.now())); });
  byId('prev').addEventListener('click', function () { app.update(Player.previous(app.get())); });
  byId('progress').addEventListener('input', function () { app.update(Player.seek(app.get(), Number(byId('progress').value))); });
  byId('shuffle').addEventListener('change', function () { app.update(Object.assign({}, app.get(), { shuffle: byId('shuffle').checked })); });
  byId('repeat').addEventListener('change', function () { app.update(Object.assign({}, app.get(), { repeat: byId('repeat').checked })); });
  byId('playlist-form').addEventListener('submit', function (event) {
    event.preventDefault();
    app.update(Player.createPlaylist(app.get(), byId('playlist-name').value, Kit.newId()));
    byId('playlist-name').value = '';
  });
  app.render();
`,
  css: `
.player-layout { display: grid; grid-template-columns: 2fr 1fr; gap: 12px; padding-bottom: 120px; }
.player-layout li.selected { color: var(--primary); font-weight: 600; }
.playlist input { width: 100%; font-weight: 600; margin-top: 8px; }
.now-playing { position: fixed; left: 0; right: 0; bottom: 0; margin: 0; border-radius: 0; }
@media (max-width: 700px) { .player-layout { grid-template-columns: 1fr; } }`,
};

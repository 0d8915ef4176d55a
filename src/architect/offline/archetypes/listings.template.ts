import type { ArchetypeTemplate } from './archetype-template';

export const LISTINGS_TEMPLATE: ArchetypeTemplate = {
  key: 'LISTINGS',
  title: 'Listings',
  module: 'listings',
  global: 'Listings',
  builds: ['Favourites list'],
  limitations: ['The listings are sample data in src/listings.js and the photos are coloured placeholders: there is no server or image store.'],
  searchFields: ['title', 'place'],
  exportColumns: ['title', 'place', 'price', 'favourite'],
  logic: String.raw`
  var SAMPLE = [
    { id: 'l1', title: 'Sunny loft', place: 'Lisbon', price: 95, hue: 30, description: 'A bright loft near the river.' },
    { id: 'l2', title: 'Quiet cabin', place: 'Oslo', price: 140, hue: 200, description: 'A wooden cabin by the forest.' },
    { id: 'l3', title: 'City studio', place: 'Berlin', price: 70, hue: 280, description: 'Small, central and well connected.' },
    { id: 'l4', title: 'Garden flat', place: 'Lisbon', price: 120, hue: 120, description: 'A ground-floor flat with a garden.' }
  ];

  function initialState() { return { listings: SAMPLE, favourites: [], place: '', minPrice: '', maxPrice: '', selected: null }; }

  function toPrice(text) { var n = Number(text); return String(text).trim() !== '' && isFinite(n) && n >= 0 ? n : null; }

  /** The place matches the start of a word of the location, ignoring case; prices are inclusive bounds. */
  function filterListings(listings, criteria) {
    var place = String(criteria.place || '').trim().toLowerCase();
    var min = toPrice(criteria.minPrice);
    var max = toPrice(criteria.maxPrice);
    return listings.filter(function (l) {
      var placeOk = !place || l.place.toLowerCase().split(/\s+/).some(function (word) { return word.indexOf(place) === 0; });
      return placeOk && (min === null || l.price >= min) && (max === null || l.price <= max);
    }).sort(function (a, b) { return a.price - b.price; });
  }

  function toggleFavourite(state, id) {
    var has = state.favourites.indexOf(id) !== -1;
    return Object.assign({}, state, { favourites: has ? state.favourites.filter(function (f) { return f !== id; }) : state.favourites.concat([id]) });
  }

  function favouriteListings(state) { return state.listings.filter(function (l) { return state.favourites.indexOf(l.id) !== -1; }); }

  function formatPrice(price) { return price + ' / night'; }

  return { SAMPLE: SAMPLE, initialState: initialState, filterListings: filterListings, toggleFavourite: toggleFavourite,
    favouriteListings: favouriteListings, formatPrice: formatPrice };
`,
  tests: String.raw`
const all = Listings.SAMPLE;

test('search by place matches the start of the location, ignoring case, cheapest first', () => {
  assert.deepEqual(Listings.filterListings(all, { place: 'lis' }).map((l) => l.id), ['l1', 'l4']);
  assert.deepEqual(Listings.filterListings(all, { place: 'bon' }), []);
  assert.equal(Listings.filterListings(all, {}).length, 4);
});

test('search by price uses inclusive bounds and ignores nonsense', () => {
  assert.deepEqual(Listings.filterListings(all, { minPrice: '95', maxPrice: '120' }).map((l) => l.id), ['l1', 'l4']);
  assert.deepEqual(Listings.filterListings(all, { place: 'lisbon', maxPrice: '100' }).map((l) => l.id), ['l1']);
  assert.equal(Listings.filterListings(all, { maxPrice: 'cheap' }).length, 4);
});

test('favourites toggle on and off', () => {
  let state = Listings.toggleFavourite(Listings.initialState(), 'l2');
  assert.deepEqual(Listings.favouriteListings(state).map((l) => l.title), ['Quiet cabin']);
  state = Listings.toggleFavourite(state, 'l2');
  assert.deepEqual(state.favourites, []);
  assert.equal(Listings.formatPrice(70), '70 / night');
});
`,
  body: () => `
    <form id="filters" class="card row">
      <label class="grow">Where<input id="place" placeholder="Any place" maxlength="80"></label>
      <label>Min price<input id="min-price" type="number" min="0" size="6"></label>
      <label>Max price<input id="max-price" type="number" min="0" size="6"></label>
    </form>
    <div id="grid" class="listing-grid"></div>
    <dialog id="detail" class="card">
      <div id="detail-photo" class="photo"></div>
      <h2 id="detail-title"></h2><p id="detail-meta" class="muted"></p><p id="detail-description"></p>
      <form method="dialog"><button type="submit">Close</button></form>
    </dialog>
    <section class="card"><h2>Favourites</h2><ul id="favourites" class="list"></ul></section>`,
  app: () => String.raw`
  var app = Kit.createApp({
    name: 'listings', initial: Listings.initialState(), render: render,
    records: function (state) { return state.listings.map(function (l) { return Object.assign({}, l, { favourite: state.favourites.indexOf(l.id) !== -1 }); }); },
    searchFields: ['title', 'place'], exportColumns: ['title', 'place', 'price', 'favourite']
  });

  function photo(listing) { return h('div', { className: 'photo', style: 'background: hsl(' + Number(listing.hue) + ', 60%, 70%)' }); }

  function openDetail(listing) {
    var old = byId('detail-photo');
    var fresh = photo(listing);
    fresh.id = 'detail-photo';
    old.replaceWith(fresh);
    byId('detail-title').textContent = listing.title;
    byId('detail-meta').textContent = listing.place + ' \u00b7 ' + Listings.formatPrice(listing.price);
    byId('detail-description').textContent = listing.description;
    byId('detail').showModal();
  }

  function render(state, view) {
    var grid = clear(byId('grid'));
    view.filter(Listings.filterListings(state.listings, state)).forEach(function (listing) {
      var favourite = state.favourites.indexOf(listing.id) !== -1;
      grid.appendChild(h('article', { className: 'card listing' }, [
        photo(listing),
        h('button', { type: 'button', className: 'heart', 'aria-pressed': String(favourite), 'aria-label': 'Favourite', text: favourite ? '\u2665' : '\u2661',
          onclick: function () { app.update(Listings.toggleFavourite(app.get(), listing.id)); } }),
        h('h3', {}, [h('a', { href: '#', text: listing.title, onclick: function (event) { event.preventDefault(); openDetail(listing); } })]),
        h('p', { className: 'muted', text: listing.place }), h('strong', { text: Listings.formatPrice(listing.price) })
      ]));
    });
    var favourites = clear(byId('favourites'));
    Listings.favouriteListings(state).forEach(function (l) { favourites.appendChild(h('li', { text: l.title + ', ' + l.place })); });
  }

  function readFilters() {
    app.update(Object.assign({}, app.get(), { place: byId('place').value, minPrice: byId('min-price').value, maxPrice: byId('max-price').value }));
  }
  ['place', 'min-price', 'max-price'].forEach(function (id) { byId(id).addEventListener('input', readFilters); });
  byId('filters').addEventListener('submit', function (event) { event.preventDefault(); });
  app.render();
`,
  css: `
.listing-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; margin-bottom: 12px; }
.listing { position: relative; }
.listing h3 { margin: 8px 0 0; font-size: 1rem; }
.photo { height: 140px; border-radius: var(--radius); }
.heart { position: absolute; top: 24px; right: 24px; font-size: 1.2rem; }
dialog { max-width: 480px; width: 90%; color: var(--text); }`,
};

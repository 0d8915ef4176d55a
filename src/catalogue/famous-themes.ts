import { DESIGN_TARGET_KEYS, DESIGN_TARGET_NAMES, isDesignTargetKey, type DesignTargetKey } from './design-target';

/**
 * The eight famous-app themes the architect can dress a generated app in (the Python Gantry's FAMOUS_THEMES).
 *
 * Colours keep the Python Gantry's role names (`text_secondary`, `card_hover`, ...), so the HTTP answer reads
 * as its clients expect; `cssVariables` turns them into CSS custom properties. FACEBOOK is the V6.5 dark
 * news-feed theme, not HEAD's light login page: the reference gives every field for it, and it sits with
 * the other seven as "the app itself", while the mock-login entry page is a rule for every theme.
 *
 * `borderRadius` is one CSS length, so that `--radius` is valid CSS; where the Python Gantry also named a
 * second radius ("round stories", "4px bar", "round buttons") that detail lives in `components`.
 * The reference names some fonts only as "a system stack"; those stacks are filled in with the usual
 * platform fallbacks.
 */
export interface FamousTheme {
  readonly id: DesignTargetKey;
  readonly name: string;
  /** CSS role → colour (a hex colour, or a CSS gradient for Instagram's `gradient`). */
  readonly colors: Readonly<Record<string, string>>;
  /** A CSS `font-family` value. */
  readonly font: string;
  /** The original's comma-separated layout regions, e.g. "navbar-top-fixed, three-column-grid". */
  readonly layout: string;
  readonly components: readonly string[];
  /** The icon package; always lucide-react, as clients expect. */
  readonly icons: string;
  /** A CSS length. */
  readonly borderRadius: string;
  /** The page the generated app should open on, after its mock login. */
  readonly samplePage: string;
}

const ICONS = 'lucide-react';

type ThemeBody = Omit<FamousTheme, 'id' | 'name' | 'icons'>;

const BODIES: Readonly<Record<DesignTargetKey, ThemeBody>> = {
  LINKEDIN: {
    colors: {
      primary: '#0a66c2',
      secondary: '#f3f2ef',
      background: '#f4f2ee',
      card: '#ffffff',
      text: '#000000e6',
      text_secondary: '#00000099',
      border: '#00000026',
      success: '#057642',
    },
    font: "system-ui, -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', 'Fira Sans', Ubuntu, Oxygen, Cantarell, 'Droid Sans', Helvetica, Arial, sans-serif",
    layout: 'navbar-top-fixed, three-column-grid',
    components: [
      'Fixed white top navbar, 52px high, with a shadow',
      'Left profile sidebar, 225px wide',
      'Centre feed, at most 555px wide',
      'Right news sidebar, 300px wide',
      'Rounded avatars',
      'Post cards with a reactions bar',
    ],
    borderRadius: '8px',
    samplePage: 'Feed/home with a post composer and posts',
  },
  TWITTER: {
    colors: {
      primary: '#1d9bf0',
      secondary: '#0f1419',
      background: '#000000',
      card: '#16181c',
      text: '#e7e9ea',
      text_secondary: '#71767b',
      border: '#2f3336',
      accent: '#f91880',
    },
    font: "'TwitterChirp', -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
    layout: 'sidebar-left-fixed, feed-center, trends-right',
    components: [
      'Left navigation, 68px collapsed and 275px expanded',
      'Timeline, at most 600px wide',
      'Right search and trends column, 350px wide',
      'Circular avatars',
      'Tweet cards with reply, retweet, like and share actions',
      'Fully round (pill) buttons',
      'Floating compose button on mobile',
    ],
    borderRadius: '16px',
    samplePage: 'Home timeline with a tweet composer',
  },
  INSTAGRAM: {
    colors: {
      primary: '#0095f6',
      gradient: 'linear-gradient(45deg, #f09433, #e6683c, #dc2743, #cc2366, #bc1888)',
      background: '#000000',
      card: '#000000',
      text: '#f5f5f5',
      text_secondary: '#a8a8a8',
      border: '#262626',
    },
    font: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
    layout: 'navbar-top, stories-row, grid-feed',
    components: [
      'Top navbar with logo, search and icons',
      'Horizontal stories row of round story rings in the gradient',
      'Square post cards with an action bar',
      'Three-column profile grid',
      'Bottom tab navigation on mobile',
    ],
    borderRadius: '8px',
    samplePage: 'Feed with stories and posts',
  },
  FACEBOOK: {
    colors: {
      primary: '#1877f2',
      secondary: '#42b72a',
      background: '#18191a',
      card: '#242526',
      text: '#e4e6eb',
      text_secondary: '#b0b3b8',
      border: '#3e4042',
    },
    font: "'Segoe UI', Helvetica, Arial, sans-serif",
    layout: 'navbar-top-fixed, three-column',
    components: [
      'Blue top navbar, 56px high',
      'Left navigation with shortcuts and groups',
      'Centre news feed',
      'Right contacts and chat column',
      'Rounded story thumbnails',
      'Post composer',
    ],
    borderRadius: '8px',
    samplePage: 'News feed with a post composer',
  },
  SLACK: {
    colors: {
      primary: '#4a154b',
      secondary: '#36c5f0',
      accent: '#ecb22e',
      background: '#1a1d21',
      sidebar: '#19171d',
      card: '#222529',
      text: '#d1d2d3',
      text_secondary: '#ababad',
    },
    font: "'Slack-Lato', Lato, 'Helvetica Neue', Helvetica, Arial, sans-serif",
    layout: 'sidebar-left-fixed, channel-center, thread-right',
    components: [
      'Workspace switcher',
      'Channel sidebar, 220px wide',
      'Threaded message area',
      'Optional right thread panel',
      'Rich message input',
      'Channel header',
    ],
    borderRadius: '6px',
    samplePage: 'Channel view with messages',
  },
  SPOTIFY: {
    colors: {
      primary: '#1db954',
      background: '#121212',
      card: '#181818',
      card_hover: '#282828',
      text: '#ffffff',
      text_secondary: '#b3b3b3',
    },
    font: "'Circular', spotify-circular, 'Helvetica Neue', Helvetica, Arial, sans-serif",
    layout: 'sidebar-left, main-content, now-playing-bottom',
    components: [
      'Dark left navigation',
      'Scrollable content grid',
      'Fixed bottom now-playing bar',
      'Album-art cards',
      'Gradient playlist headers',
      'Progress bar (4px radius) with a hover preview',
    ],
    borderRadius: '8px',
    samplePage: 'Home with a playlists grid',
  },
  NOTION: {
    colors: {
      primary: '#000000',
      background: '#191919',
      card: '#202020',
      text: '#ffffffcf',
      text_secondary: '#ffffff71',
      accent: '#35a9ff',
      border: '#ffffff1a',
    },
    font: "ui-sans-serif, -apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif",
    layout: 'sidebar-left-collapsible, main-editor',
    components: ['Collapsible page-tree sidebar', 'Page header with icon and cover', 'Block editor', 'Slash command menu', 'Breadcrumbs', 'Properties panel'],
    borderRadius: '3px',
    samplePage: 'Workspace with a page tree and an editor',
  },
  AIRBNB: {
    colors: {
      primary: '#ff385c',
      secondary: '#00a699',
      background: '#ffffff',
      card: '#ffffff',
      text: '#222222',
      text_secondary: '#717171',
      border: '#dddddd',
    },
    font: "'Circular', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', sans-serif",
    layout: 'navbar-top, search-hero, card-grid',
    components: [
      'Sticky navbar with search',
      'Horizontal category filter bar',
      'Listing cards with an image carousel',
      'Map toggle',
      'Filter modal',
      'Wishlist heart',
    ],
    borderRadius: '12px',
    samplePage: 'Home with search and a listings grid',
  },
};

function freeze(id: DesignTargetKey): FamousTheme {
  const body = BODIES[id];
  return Object.freeze({
    id,
    name: DESIGN_TARGET_NAMES[id],
    colors: Object.freeze({ ...body.colors }),
    font: body.font,
    layout: body.layout,
    components: Object.freeze([...body.components]),
    icons: ICONS,
    borderRadius: body.borderRadius,
    samplePage: body.samplePage,
  });
}

export const FAMOUS_THEMES: Readonly<Record<DesignTargetKey, FamousTheme>> = Object.freeze(
  Object.fromEntries(DESIGN_TARGET_KEYS.map((key) => [key, freeze(key)])) as Record<DesignTargetKey, FamousTheme>,
);

/** All eight, in `DESIGN_TARGET_KEYS` order. */
export const FAMOUS_THEME_LIST: readonly FamousTheme[] = Object.freeze(DESIGN_TARGET_KEYS.map((key) => FAMOUS_THEMES[key]));

/**
 * The theme for a design target. A stored target may be any string (the consultant's is unchecked), so
 * unknown keys, null and undefined give null, as the Python Gantry's `get_theme_prompt` gave "". Keys are
 * matched as stored, uppercase.
 */
export function themeFor(key: DesignTargetKey): FamousTheme;
export function themeFor(key: string | null | undefined): FamousTheme | null;
export function themeFor(key: string | null | undefined): FamousTheme | null {
  return key != null && isDesignTargetKey(key) ? FAMOUS_THEMES[key] : null;
}

/** `text_secondary` → `--text-secondary`. */
export function cssVariableName(role: string): string {
  const slug = role
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '' || !/^[a-z]/.test(slug)) throw new Error(`Colour role "${role}" cannot name a CSS custom property`);
  return `--${slug}`;
}

/**
 * The `:root` block the architect injects into a generated app: one variable per colour role, then
 * `--font-family` and `--radius`.
 */
export function cssVariables(theme: FamousTheme): string {
  const declarations: Array<[string, string]> = [
    ...Object.entries(theme.colors).map(([role, value]): [string, string] => [cssVariableName(role), value]),
    ['--font-family', theme.font],
    ['--radius', theme.borderRadius],
  ];
  const seen = new Set<string>();
  for (const [name, value] of declarations) {
    if (seen.has(name)) throw new Error(`Theme ${theme.id} defines ${name} twice`);
    if (/[;{}]/.test(value)) throw new Error(`Theme ${theme.id}: the value of ${name} would break the CSS block`);
    seen.add(name);
  }
  return [':root {', ...declarations.map(([name, value]) => `  ${name}: ${value};`), '}'].join('\n');
}

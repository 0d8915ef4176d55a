import { cssVariables, type FamousTheme } from '../../../catalogue/famous-themes';

export type ColourMode = 'light' | 'dark';

/** Every variable the shared stylesheet reads, with neutral values: a theme overrides the roles it names. */
const NEUTRAL = `:root {
  --primary: #2563eb;
  --secondary: #64748b;
  --accent: #db2777;
  --success: #16a34a;
  --danger: #dc2626;
  --background: #f8fafc;
  --card: #ffffff;
  --card-hover: #f1f5f9;
  --sidebar: #f1f5f9;
  --text: #0f172a;
  --text-secondary: #475569;
  --border: #e2e8f0;
  --on-primary: #ffffff;
  --font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
  --radius: 8px;
}`;

/** The surfaces a mode switch swaps; the theme's brand colours (primary, accent) stay. */
const PALETTES: Record<ColourMode, string> = {
  dark: '--background: #121417; --card: #1c1f24; --card-hover: #262a30; --sidebar: #16181c; --text: #e6e8eb; --text-secondary: #a0a6ad; --border: #2e333a;',
  light: '--background: #f7f7f8; --card: #ffffff; --card-hover: #f0f0f2; --sidebar: #eeeff1; --text: #16181c; --text-secondary: #5b6169; --border: #dcdfe3;',
};

function hexLuminance(colour: string): number | null {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})(?:[0-9a-f]{2})?$/i.exec(colour.trim());
  if (!match) return null;
  const hex = match[1].length === 3 ? match[1].replace(/[0-9a-f]/gi, '$&$&') : match[1]; // #abc is #aabbcc
  const [r, g, b] = [0, 2, 4].map((offset) => parseInt(hex.slice(offset, offset + 2), 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Whether the theme is dark by nature (Twitter, Spotify) or light (Airbnb, the neutral default). */
export function naturalMode(theme: FamousTheme | null): ColourMode {
  const luminance = theme?.colors.background ? hexLuminance(theme.colors.background) : null;
  return luminance !== null && luminance < 0.4 ? 'dark' : 'light';
}

export function otherMode(mode: ColourMode): ColourMode {
  return mode === 'dark' ? 'light' : 'dark';
}

/** The variables block: neutral defaults, the theme's own roles, and with dark mode the other mode's surfaces. */
export function themeCss(theme: FamousTheme | null, darkMode: boolean): string {
  const blocks = [`/* Theme: ${theme ? theme.name : 'neutral default'} */`, NEUTRAL];
  if (theme) blocks.push(cssVariables(theme));
  if (darkMode) {
    const other = otherMode(naturalMode(theme));
    blocks.push(`/* The dark mode toggle switches to the ${other} surfaces. */\n:root[data-mode="${other}"] { ${PALETTES[other]} }`);
  }
  return blocks.join('\n');
}

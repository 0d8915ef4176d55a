import { cssVariableName, cssVariables, FAMOUS_THEME_LIST, FAMOUS_THEMES, themeFor, type FamousTheme } from '../../src/catalogue/famous-themes';
import { DESIGN_TARGET_KEYS, DESIGN_TARGET_NAMES } from '../../src/catalogue/design-target';

/** The declarations of a `:root { ... }` block, in order. */
function declarations(css: string): Array<[string, string]> {
  const match = /^:root \{\n([\s\S]*)\n\}$/.exec(css);
  if (!match) throw new Error(`not a :root block:\n${css}`);
  return match[1].split('\n').map((line) => {
    const declaration = /^ {2}(--[^:]+): (.+);$/.exec(line);
    if (!declaration) throw new Error(`not a declaration: ${line}`);
    return [declaration[1], declaration[2]];
  });
}

const CUSTOM_PROPERTY_NAME = /^--[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

describe('famous themes', () => {
  it('has one theme per design target, named as the consultant names it, with lucide-react icons', () => {
    expect(FAMOUS_THEME_LIST.map((theme) => theme.id)).toEqual([...DESIGN_TARGET_KEYS]);
    for (const key of DESIGN_TARGET_KEYS) {
      expect(FAMOUS_THEMES[key].id).toBe(key);
      expect(FAMOUS_THEMES[key].name).toBe(DESIGN_TARGET_NAMES[key]);
      expect(FAMOUS_THEMES[key].icons).toBe('lucide-react');
      expect(FAMOUS_THEMES[key].components.length).toBeGreaterThan(0);
    }
  });

  it('uses the V6.5 dark Facebook theme', () => {
    expect(FAMOUS_THEMES.FACEBOOK.colors).toEqual({
      primary: '#1877f2',
      secondary: '#42b72a',
      background: '#18191a',
      card: '#242526',
      text: '#e4e6eb',
      text_secondary: '#b0b3b8',
      border: '#3e4042',
    });
  });

  it('cannot be changed by a caller', () => {
    const theme = FAMOUS_THEMES.SLACK as { colors: Record<string, string> };
    expect(() => {
      theme.colors.primary = '#ff0000';
    }).toThrow(TypeError);
    expect(FAMOUS_THEMES.SLACK.colors.primary).toBe('#4a154b');
  });
});

describe('themeFor', () => {
  it('returns the theme for each key', () => {
    for (const key of DESIGN_TARGET_KEYS) expect(themeFor(key)).toBe(FAMOUS_THEMES[key]);
    expect(themeFor('SPOTIFY').colors.card_hover).toBe('#282828');
  });

  it.each([['UNKNOWN'], ['linkedin'], [''], ['__proto__'], ['toString'], [null], [undefined]])('returns null for %p', (key) => {
    expect(themeFor(key)).toBeNull();
  });
});

describe('cssVariables', () => {
  it.each(FAMOUS_THEME_LIST.map((theme): [string, FamousTheme] => [theme.id, theme]))(
    'declares every colour of %s as a valid custom property',
    (_id, theme) => {
      const declared = declarations(cssVariables(theme));
      const names = declared.map(([name]) => name);
      for (const name of names) expect(name).toMatch(CUSTOM_PROPERTY_NAME);
      expect(new Set(names).size).toBe(names.length);
      for (const [role, value] of Object.entries(theme.colors)) {
        expect(declared).toContainEqual([cssVariableName(role), value]);
      }
      expect(declared.slice(-2)).toEqual([
        ['--font-family', theme.font],
        ['--radius', theme.borderRadius],
      ]);
      expect(declared).toHaveLength(Object.keys(theme.colors).length + 2);
    },
  );

  it('writes the LinkedIn block exactly', () => {
    expect(cssVariables(FAMOUS_THEMES.LINKEDIN)).toBe(
      [
        ':root {',
        '  --primary: #0a66c2;',
        '  --secondary: #f3f2ef;',
        '  --background: #f4f2ee;',
        '  --card: #ffffff;',
        '  --text: #000000e6;',
        '  --text-secondary: #00000099;',
        '  --border: #00000026;',
        '  --success: #057642;',
        `  --font-family: ${FAMOUS_THEMES.LINKEDIN.font};`,
        '  --radius: 8px;',
        '}',
      ].join('\n'),
    );
  });

  it('keeps the Instagram gradient whole', () => {
    expect(cssVariables(FAMOUS_THEMES.INSTAGRAM)).toContain('  --gradient: linear-gradient(45deg, #f09433, #e6683c, #dc2743, #cc2366, #bc1888);');
  });

  it('names roles as CSS custom properties', () => {
    expect(cssVariableName('text_secondary')).toBe('--text-secondary');
    expect(cssVariableName('cardHover')).toBe('--card-hover');
    expect(cssVariableName('Login Green')).toBe('--login-green');
    expect(() => cssVariableName('__')).toThrow(/cannot name/);
    expect(() => cssVariableName('2nd')).toThrow(/cannot name/);
  });

  it('refuses values that would break out of the block, and duplicate names', () => {
    const base = FAMOUS_THEMES.NOTION;
    expect(() => cssVariables({ ...base, colors: { primary: 'red; } body { display: none' } })).toThrow(/break the CSS block/);
    expect(() => cssVariables({ ...base, colors: { text_secondary: '#111111', 'text-secondary': '#222222' } })).toThrow(/twice/);
    expect(() => cssVariables({ ...base, colors: { radius: '#111111' } })).toThrow(/twice/);
  });
});

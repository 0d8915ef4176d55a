import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import type { Manifest } from '../../src/missions/domain/manifest';
import { OfflineArchitect } from '../../src/architect/offline/offline-architect';
import { FAMOUS_THEMES } from '../../src/catalogue/famous-themes';
import type { DesignTargetKey } from '../../src/catalogue/design-target';
import { required } from '../support/expectations';
import { ALL_COMMON_FEATURES, ARCHETYPE_PROMPTS, draftRequest } from './offline-request.fixture';
import { launchAppBrowser, openApp, PAGE_TIME, type AppPage } from './support/app-browser';
import { ARCHETYPE_CASES, shows, type ArchetypeKey } from './support/archetype-interactions';
import { startStaticAppServer, type StaticAppServer } from './support/static-app-server';

const architect = new OfflineArchitect();
const NEUTRAL_PRIMARY = '#2563eb';

async function manifestFor(key: ArchetypeKey): Promise<Manifest> {
  const theme = ARCHETYPE_CASES[key].theme;
  const outcome = await architect.draft(draftRequest(ARCHETYPE_PROMPTS[key], ALL_COMMON_FEATURES, theme ? FAMOUS_THEMES[theme] : null));
  if (outcome.kind !== 'manifest') throw new Error(outcome.kind === 'rejected' ? outcome.reason : 'the offline architect answered with edits');
  return outcome.manifest;
}

const rootMode = (page: Page): Promise<string | null> => page.locator('html').getAttribute('data-mode');
/** A computed style, read in the page (a string expression: this project compiles without the DOM library). */
const styleOf = async (page: Page, selector: string, property: 'color' | 'backgroundColor'): Promise<string> =>
  String(await page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`));
const backgroundOf = (page: Page): Promise<string> => styleOf(page, 'body', 'backgroundColor');

/** The toggle flips data-mode, its own label and pressed state, and the page's surfaces; a second click restores them. */
async function checkDarkModeToggle(page: Page): Promise<void> {
  const natural = required(await page.locator('html').getAttribute('data-natural'), 'the data-natural attribute of <html>');
  const other = natural === 'dark' ? 'light' : 'dark';
  const toggle = page.locator('#mode-toggle');
  const before = await backgroundOf(page);
  expect(await rootMode(page)).toBe(natural);
  await shows(toggle, natural === 'dark' ? /^Light mode$/ : /^Dark mode$/);
  await toggle.click();
  await page.locator(`html[data-mode="${other}"]`).waitFor({ state: 'attached' });
  await shows(toggle, other === 'dark' ? /^Light mode$/ : /^Dark mode$/);
  expect(await toggle.getAttribute('aria-pressed')).toBe(String(other === 'dark'));
  expect(await backgroundOf(page)).not.toBe(before);
  await toggle.click();
  await page.locator(`html[data-mode="${natural}"]`).waitFor({ state: 'attached' });
  expect(await backgroundOf(page)).toBe(before);
}

/** `#1d9bf0` as the browser computes it: `rgb(29, 155, 240)`. */
function rgbOf(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((offset) => parseInt(hex.slice(offset, offset + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** The brand heading wears the theme's primary colour (or the neutral default's), so styles.css loaded and applied. */
async function checkThemeApplied(page: Page, theme: DesignTargetKey | null): Promise<void> {
  expect(await styleOf(page, 'h1', 'color')).toBe(rgbOf(theme ? FAMOUS_THEMES[theme].colors.primary : NEUTRAL_PRIMARY));
}

/** Export CSV downloads a dated file whose header is the app's columns, with at least one record. */
async function checkCsvExport(page: Page, name: string, header: string): Promise<void> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe(`${name}-${PAGE_TIME.toISOString().slice(0, 10)}.csv`);
  const lines = (await readFile(await download.path(), 'utf8')).split('\r\n');
  expect(lines[0]).toBe(header);
  expect(lines.filter(Boolean).length).toBeGreaterThan(1);
}

/** Every offline archetype, all four common features on, loaded in Chromium exactly as Gantry serves it at /apps/<slug>/. */
describe('Offline archetypes in a browser (Chromium, the /apps sandbox CSP)', () => {
  let browser: Browser;
  let server: StaticAppServer;
  let app: AppPage | null = null;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchAppBrowser(), startStaticAppServer()]);
  }, 60_000);

  afterEach(async () => {
    await app?.close();
    app = null;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(Object.keys(ARCHETYPE_CASES) as ArchetypeKey[])(
    '%s renders, works, toggles dark mode and exports, without an error',
    async (key) => {
      const manifest = await manifestFor(key);
      const testCase = ARCHETYPE_CASES[key];
      app = await openApp(browser, server.publish(key.toLowerCase(), manifest));
      const { page, problems } = app;
      expect(await page.evaluate('window.origin')).toBe('null'); // served as Gantry serves it: a sandboxed, opaque origin

      await page.getByRole('heading', { level: 1 }).waitFor({ state: 'visible' });
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(await page.title());
      await checkThemeApplied(page, testCase.theme);
      await testCase.mainControl(page).waitFor({ state: 'visible' });
      await testCase.interact(page);
      await checkDarkModeToggle(page);
      await checkCsvExport(page, testCase.exportName, testCase.csvHeader);

      expect(problems).toEqual([]);
    },
    30_000,
  );
});

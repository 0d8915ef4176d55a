import type { Browser } from 'playwright-core';
import { OfflineArchitect } from '../../src/architect/offline/offline-architect';
import { replyTo } from '../../src/consultation/offline/offline-consultant';
import type { Manifest } from '../../src/missions/domain/manifest';
import type { ConsultantReply } from '../../src/missions/ports/consultant.port';
import { required } from '../support/expectations';
import { launchAppBrowser, openApp, type AppPage } from './support/app-browser';
import { ARCHETYPE_CASES, type ArchetypeKey } from './support/archetype-interactions';
import { useRecords } from './support/more-archetype-cases';
import { byId, sections, shows, type PageCheck } from './support/page-checks';
import { startStaticAppServer, type StaticAppServer } from './support/static-app-server';

type Expected =
  /** Ships an app that does what was asked; `cannot` names what the consultant said offline mode cannot add. */
  | { ships: PageCheck; cannot?: RegExp }
  /** Declined before anything is built: offline mode has no template for it. */
  | { declined: true };

const uses =
  (key: ArchetypeKey): PageCheck =>
  (page) =>
    ARCHETYPE_CASES[key].interact(page);

const all =
  (...checks: PageCheck[]): PageCheck =>
  async (page) => {
    for (const check of checks) await check(page);
  };

const heading =
  (title: string): PageCheck =>
  async (page) => {
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
  };

/** The form asks for every field the prompt named, then the list works: add, sort, search, edit, delete. */
const records =
  (...labels: RegExp[]): PageCheck =>
  async (page) => {
    for (const label of labels) await page.getByLabel(label).first().waitFor({ state: 'visible' });
    await useRecords(page);
  };

const darkMode: PageCheck = async (page) => {
  await page.locator('#mode-toggle').click();
  await page.locator('html[data-mode="dark"]').waitFor({ state: 'attached' });
};

const exportsCsv: PageCheck = async (page) => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
};

const dateCountdown: PageCheck = async (page) => {
  await page.getByLabel('Target date and time').fill('2024-05-08T10:30');
  await shows(byId(page, 'until'), /^2 days, \d+ hours, \d+ minutes, \d+ seconds to go$/);
};

const cookingUnits: PageCheck = async (page) => {
  await page.getByRole('combobox', { name: 'Quantity' }).selectOption('volume');
  await page.getByRole('combobox', { name: 'From unit' }).selectOption('cup');
  await page.getByRole('combobox', { name: 'To unit' }).selectOption('ml');
  await shows(byId(page, 'result'), /^236\.5882365$/);
  await page.getByRole('combobox', { name: 'Quantity' }).selectOption('weight');
  await page.getByRole('combobox', { name: 'From unit' }).selectOption('oz');
  await page.getByRole('combobox', { name: 'To unit' }).selectOption('g');
  await shows(byId(page, 'result'), /^28\.34952313$/);
};

/** At least forty prompts a new user might type, each with what the offline default must do with it. */
const PROMPTS: ReadonlyArray<readonly [string, Expected]> = [
  ['Unit converter for length, weight and temperature', { ships: uses('UNIT_CONVERTER') }],
  ['A habit tracker with a weekly grid of checkboxes', { ships: uses('HABITS') }],
  [
    'Landing page for a coffee shop with a menu section and opening hours',
    { ships: all(heading('Coffee shop'), sections(['menu', /^Menu$/], ['hours', /^Opening hours$/])) },
  ],
  ['A recipe book where I can add recipes with ingredients and steps', { ships: records(/^Ingredients/, /^Steps/) }],
  ['An address book for my contacts with name, email and phone number', { ships: records(/^Name/, /^Email/, /^Phone number/) }],
  ['Inventory for my pantry with item, quantity and expiry date', { ships: records(/^Item/, /^Quantity/, /^Expiry date/) }],
  ['A reading log for the books I finish, with author and rating', { ships: records(/^Author/, /^Rating/) }],
  ['Workout log with exercise, sets, reps and weight', { ships: records(/^Exercise/, /^Sets/, /^Reps/, /^Weight/) }],
  [
    'A vinyl collection with artist, album, year and condition',
    { ships: all(heading('Vinyl collection'), records(/^Artist/, /^Album/, /^Year/, /^Condition/)) },
  ],
  ['A movie watchlist with year and rating', { ships: records(/^Year/, /^Rating/) }],
  ['A CRM for my small business with company, email and last call date', { ships: records(/^Company/, /^Email/, /^Last call date/) }],
  ['A countdown timer for my tea', { ships: uses('TIMER') }],
  ['A stopwatch with laps', { ships: uses('TIMER') }],
  ['A countdown to my wedding date', { ships: all(dateCountdown, uses('TIMER')) }],
  ['Flashcards to learn Spanish vocabulary', { ships: uses('FLASHCARDS') }],
  ['A poll so my team can vote on the next offsite location', { ships: uses('POLL') }],
  ['A metric converter for cooking: cups, ounces, grams and millilitres', { ships: cookingUnits }],
  ['A todo app with priorities and search', { ships: uses('TASKS') }],
  ['A kanban board for my side project', { ships: uses('KANBAN') }],
  ['A notes app with dark mode', { ships: all(uses('NOTES'), darkMode) }],
  ['A calculator with history', { ships: uses('CALCULATOR') }],
  ['A pomodoro timer with long breaks', { ships: uses('POMODORO') }],
  ['A quiz about world capitals', { ships: uses('QUIZ') }],
  ['An expense tracker with categories and CSV export', { ships: all(uses('EXPENSES'), exportsCsv) }],
  ['A blog about hiking', { ships: uses('BLOG') }],
  ['A Twitter clone', { ships: uses('SOCIAL_FEED') }],
  ['A team chat like Slack', { ships: uses('TEAM_CHAT') }],
  ['A music player like Spotify', { ships: uses('MUSIC_PLAYER') }],
  ['An Airbnb-style rentals listings site', { ships: uses('LISTINGS') }],
  [
    'Landing page for my yoga studio with pricing, our team and a contact form',
    { ships: all(heading('Yoga studio'), sections(['pricing', /^Pricing$/], ['team', /^Our team$/], ['contact', /^Contact$/])) },
  ],
  [
    'A marketing page for my photography business with a gallery and testimonials',
    { ships: sections(['gallery', /^Gallery$/], ['testimonials', /^What people say$/]) },
  ],
  ['A landing page for a bakery with an FAQ and opening hours', { ships: sections(['faq', /^Questions$/], ['hours', /^Opening hours$/]) }],
  ['A todo app with search, subtasks and a login page', { ships: uses('TASKS'), cannot: /Offline I can't build subtasks and user accounts and sign-in/ }],
  ['A quiz game with a timer per question', { ships: uses('QUIZ'), cannot: /Offline I can't build countdown timer per question/ }],
  ['A weather dashboard for my city', { declined: true }],
  ['A multiplayer chess game', { declined: true }],
  ['A photo editor with filters and layers', { declined: true }],
  ['A video calling app for my family', { declined: true }],
  ['A drawing canvas where kids can paint with colours', { declined: true }],
  ['A GPS route planner with turn-by-turn directions', { declined: true }],
  ['An AI assistant that summarises my emails', { declined: true }],
];

const architect = new OfflineArchitect();

async function build(prompt: string, reply: ConsultantReply): Promise<Manifest> {
  const plan = required(reply.plan, `the plan proposed for ${prompt}`);
  const outcome = await architect.draft({
    missionId: '00000000-0000-4000-8000-000000000040',
    attempt: 1,
    plan: { ...plan, buildPrompt: prompt },
    designImage: null,
  });
  if (outcome.kind !== 'manifest') throw new Error(outcome.kind === 'rejected' ? outcome.reason : 'the offline architect answered with edits');
  return outcome.manifest;
}

const ask = (prompt: string): ConsultantReply => replyTo({ conversation: [{ role: 'user', content: prompt }], currentPlan: null });

/**
 * Forty-odd prompts through the offline consultant and architect: each ships an app whose page offers what
 * was asked (used in Chromium), or is told before anything is built what offline mode cannot do.
 */
describe('The offline default on forty prompts (consultant, architect, Chromium)', () => {
  let browser: Browser;
  let server: StaticAppServer;
  let app: AppPage | null = null;
  const tally = { shipped: 0, shippedWithNamedGaps: 0, declined: 0 };

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
    process.stdout.write(
      `Offline prompts: ${PROMPTS.length} in all; ${tally.shipped} shipped as asked, ${tally.shippedWithNamedGaps} shipped with the gaps named before building, ${tally.declined} declined before building\n`,
    );
  });

  it('has at least forty prompts, each asked once', () => {
    expect(PROMPTS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(PROMPTS.map(([prompt]) => prompt.toLowerCase())).size).toBe(PROMPTS.length);
  });

  it.each(PROMPTS.map(([prompt, expected], index) => [index + 1, prompt, expected] as const))(
    '%i. %s',
    async (index, prompt, expected) => {
      const reply = ask(prompt);
      if ('declined' in expected) {
        expect(reply).toMatchObject({ status: 'NEEDS_INPUT', plan: null });
        expect(reply.speech).toMatch(/^Offline I can build .*; for .*, configure a model/);
        tally.declined += 1;
        return;
      }
      expect(reply.status).toBe('NEEDS_CONFIRMATION');
      if (expected.cannot) expect(reply.speech).toMatch(expected.cannot);
      else expect(reply.speech).not.toContain("Offline I can't");
      app = await openApp(browser, server.publish(`prompt-${index}`, await build(prompt, reply)));
      await app.page.getByRole('heading', { level: 1 }).waitFor({ state: 'visible' });
      await expected.ships(app.page);
      expect(app.problems).toEqual([]);
      if (expected.cannot) tally.shippedWithNamedGaps += 1;
      else tally.shipped += 1;
    },
    30_000,
  );
});

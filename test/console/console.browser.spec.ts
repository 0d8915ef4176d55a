import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { required } from '../support/expectations';
import { TINY_PNG } from '../support/http-helpers';
import type { TestApp } from '../support/test-app';
import { DESKTOP, openConsoleBrowser, PHONE, screenshot, type ConsoleBrowser } from './support/console-browser';
import { startConsoleServer, type ConsoleServer } from './support/console-server';

jest.setTimeout(240_000);

/** What a callback run in the page reads of an element (the tsconfig has no DOM lib, so Element is not known here). */
interface AttributeReader {
  getAttribute(name: string): string | null;
}

const GOOD_END = ':is([data-status="SUCCESS"], [data-status="DEPLOYED"], [data-status="PR_OPENED"])';
const HOSTILE = 'XSS check <script>alert("xss-script")</script><img src=x onerror="alert(\'xss-img\')">';

type EventsBody = { events: Array<{ revision: number; hash: string }>; head: { headHash: string } };
type Summary = { status: string; url: string | null; pr_url: string | null };

/** The admin password the test app was started with. */
function adminPasswordOf(app: TestApp): string {
  if (app.adminPassword === null) throw new Error('The test app was started without a known admin password');
  return app.adminPassword;
}

describe('The web console in a real browser', () => {
  let server: ConsoleServer;
  let b: ConsoleBrowser;
  let page: Page;
  let builtMissionId = '';

  beforeAll(async () => {
    // The todo app heals a failing first build; every other first run fails as Gantry without an architect does; retries pass.
    server = await startConsoleServer((mission) => (mission.prompt.includes('todo') ? 'heals' : mission.run > 1 ? 'passes' : 'unavailable'));
    b = await openConsoleBrowser(server.baseUrl);
    page = b.page;
  });

  afterAll(async () => {
    try {
      await b?.close();
    } finally {
      await server?.close();
    }
  });

  afterEach(() => {
    expect(b.problems).toEqual([]);
    expect(b.dialogs).toEqual([]);
  });

  /** The answer of a JSON endpoint, with the browser's own session cookie. */
  const api = async <T>(path: string): Promise<T> => (await page.request.get(path)).json() as Promise<T>;

  /**
   * Waits for the chat to be on screen and idle: messages counted on the page a click on "Chat" is leaving
   * would be none, and the greeting would then pass for the answer to the next message.
   */
  const chatOnScreen = () => page.locator('.composer[data-ready="true"]:not([aria-busy="true"])').waitFor();

  /** Sends a chat message and waits for the CTO's answer to it. */
  const chatSay = async (text: string) => {
    await chatOnScreen();
    const replies = await page.locator('.message-assistant, .message-error').count();
    const box = page.getByLabel('Message to the CTO');
    await box.fill(text);
    await box.press('Enter');
    await page.locator('.message-assistant, .message-error').nth(replies).waitFor();
  };

  it('signs in with the password, after refusing a wrong one', async () => {
    await page.goto('/');
    const status = await page.request.get('/gantry/auth/status');
    expect(status.status()).toBe(401);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong user name or password' }).waitFor();
    await screenshot(page, 'login');
    await page.getByLabel('Password').fill(adminPasswordOf(server.app));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Message to the CTO').waitFor();
    expect((await page.request.get('/gantry/auth/status')).status()).toBe(200);
  });

  it('consults the CTO in three turns, builds on "Build it", and shows progress arriving without a reload', async () => {
    await page.evaluate("window.consoleTestMarker = 'same page'");
    await chatSay('I want a todo app for my team');
    await page.locator('.plan').first().waitFor();
    await chatSay('no, add dark mode and search');
    const revised = page.locator('.plan').nth(1);
    await revised.waitFor();
    const features = (await revised.locator('.checklist li').allTextContents()).join(' ').toLowerCase();
    expect(features).toMatch(/dark mode/);
    expect(features).toMatch(/search/);
    expect(await page.locator('.plan').first().getByRole('button', { name: 'Build it' }).isDisabled()).toBe(true);
    expect(await revised.locator('.facts').textContent()).toContain('node');

    await revised.getByRole('button', { name: 'Build it' }).click();
    const progress = page.locator('.message .progress');
    await progress.and(page.locator('[data-status="ARCHITECTING"]')).waitFor();
    expect(await progress.getAttribute('data-feed')).toBe('stream');
    await screenshot(page, 'chat-building');

    server.gate.open();
    await progress.and(page.locator(GOOD_END)).waitFor({ timeout: 180_000 });
    await progress.locator('.attempt.build[data-result="passed"]').waitFor();
    expect(await progress.locator('.attempt.build').evaluateAll((rows: AttributeReader[]) => rows.map((row) => row.getAttribute('data-result')))).toEqual([
      'failed',
      'passed',
    ]);
    expect(await progress.locator('.attempt.heal').textContent()).toMatch(/attempt 2: healing requested after exit code 1/);
    await progress.locator('.attempt.build').first().locator('summary').click();
    expect(await progress.locator('.attempt.build').first().locator('.log-text').textContent()).toContain('adds two numbers');
    expect(await page.evaluate('window.consoleTestMarker')).toBe('same page');
    builtMissionId = required(await progress.getAttribute('data-mission-id'), 'the data-mission-id of the progress');
    await screenshot(page, 'chat-built');
  });

  it('opens the live app and the pull request view when the mission has them, and offers no link when it has none', async () => {
    const summary = await api<Summary>(`/gantry/status/${builtMissionId}`);
    const link = page.locator('.message .progress [data-role="live-app"]');
    const prLink = page.locator('.message .progress').getByRole('link', { name: 'View pull request' });
    expect(await link.count()).toBe(summary.url ? 1 : 0);
    expect(await prLink.count()).toBe(summary.pr_url ? 1 : 0);
    if (summary.url) {
      const href = new URL(summary.url, server.baseUrl).href;
      expect(await link.getAttribute('href')).toBe(href);
      expect(await link.getAttribute('target')).toBe('_blank');
      // The app is served sandboxed (an opaque origin), so Chromium gives it a renderer of its own: open it in a page of its own.
      const live = await b.context.newPage();
      const response = await live.goto(href);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain('sandbox');
      await live.locator('h1').first().waitFor();
      await live.close();
    }
    if (summary.pr_url) {
      await prLink.click();
      await page.locator('.pr-description').waitFor();
      expect(await page.locator('.pr-page .facts').textContent()).toContain('Branch');
      await page.goBack();
      await page.locator('.message .progress').waitFor();
    }
  });

  it("shows the Black Box as valid with the head hash and every event's hash, and downloads the export bundle", async () => {
    await page.locator('.message .progress').getByRole('link', { name: 'Open mission page' }).click();
    await page.locator('.black-box .verdict[data-valid="true"]').waitFor();
    const events = await api<EventsBody>(`/gantry/missions/${builtMissionId}/events`);
    await page.locator(`.timeline-entry[data-revision="${events.events.length - 1}"]`).waitFor();
    expect(await page.locator('.black-box .verdict:not(.bundle-verdict)').textContent()).toBe(
      `Valid: the hash chain of ${events.events.length} events is intact.`,
    );
    expect(await page.locator('.head-hash').textContent()).toBe(events.head.headHash);
    expect(await page.locator('.timeline-entry .event-hash').allTextContents()).toEqual(events.events.map((event) => event.hash));
    expect(await page.locator('.page-title').textContent()).toBe('I want a todo app for my team');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download export bundle' }).click()]);
    expect(download.suggestedFilename()).toBe(`gantry-black-box-${builtMissionId}.json`);
    const bundle = JSON.parse(readFileSync(await download.path(), 'utf8')) as EventsBody & { verification: { valid: boolean; headHash: string } };
    expect(bundle.events.map((event) => event.hash)).toEqual(events.events.map((event) => event.hash));
    expect(bundle.verification).toMatchObject({ valid: true, headHash: events.head.headHash });
    await screenshot(page, 'mission');
  });

  it('retries a failed mission from the projects panel and follows it to success', async () => {
    await page.getByRole('link', { name: 'Chat' }).click();
    await chatSay('A notes app with tags');
    await page.locator('.plan').last().getByRole('button', { name: 'Build it' }).click();
    const failed = page.locator('.message .progress[data-status="FAILED"]');
    await failed.waitFor();
    expect(await failed.locator('.failure').textContent()).toContain('No architect is configured');

    await page.getByRole('link', { name: 'Projects' }).click();
    const project = page.locator('.project[data-status="FAILED"]').filter({ hasText: 'A notes app with tags' });
    await project.getByRole('button', { name: 'Retry' }).click();
    await page.locator(`.mission-page .progress${GOOD_END}`).waitFor({ timeout: 120_000 });
    await page.locator('.timeline-entry[data-type="MissionRetried"]').filter({ hasText: 'Retried from FAILED' }).waitFor();
    await page.locator('.attempt.build[data-run="2"][data-result="passed"]').waitFor();
  });

  it('pages and searches the projects', async () => {
    // As this browser's user: its session cookie, and the client id the console sends.
    const headers = { 'X-Gantry-Client': String(await page.evaluate("localStorage.getItem('gantry.client')")) };
    for (let set = 1; set <= 10; set += 1) {
      const opened = await page.request.post('/gantry/consult', { headers, data: { message: `A quiz app about capitals, set ${set}` } });
      expect(opened.status()).toBe(200);
      const missionId = ((await opened.json()) as { mission_id: string }).mission_id;
      expect((await page.request.post('/gantry/consult', { headers, data: { message: 'yes, build it', mission_id: missionId } })).status()).toBe(202);
    }
    await page.goto('/#/projects');
    await page.locator('.page-info').filter({ hasText: '1–10 of 12' }).waitFor();
    expect(await page.locator('.project').count()).toBe(10);
    expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('.page-info').filter({ hasText: '11–12 of 12' }).waitFor();
    expect(await page.locator('.project').count()).toBe(2);
    await screenshot(page, 'projects-page-2');

    await page.getByLabel('Search projects').fill('notes tags');
    await page.locator('.page-info').filter({ hasText: 'matching' }).waitFor();
    expect(await page.locator('.project .project-title').allTextContents()).toEqual(['A notes app with tags']);
    await page.getByLabel('Search projects').fill('');
    await page.getByLabel('Search projects').press('Enter');
    await page.locator('.page-info').filter({ hasText: '1–10 of 12' }).waitFor();
  });

  it('follows a mission by polling when the browser has no EventSource, retried from its mission page', async () => {
    const newest = (await api<{ missions: Array<{ mission_id: string; status: string }> }>('/gantry/missions?limit=1')).missions[0];
    expect(newest.status).toBe('FAILED');
    const polling = await b.context.newPage();
    polling.on('pageerror', (error) => b.problems.push(`polling page error: ${error.message}`));
    await polling.addInitScript('delete window.EventSource');
    try {
      await polling.goto(`/#/missions/${newest.mission_id}`);
      const progress = polling.locator('.progress[data-feed="polling"][data-status="FAILED"]');
      await progress.getByRole('button', { name: 'Retry build' }).click();
      await polling.locator(`.progress[data-feed="polling"]${GOOD_END}`).waitFor({ timeout: 120_000 });
      await polling.locator('.timeline-entry[data-type="MissionSucceeded"]').waitFor();
      await polling.locator('.attempt.build[data-run="2"][data-result="passed"]').waitFor();
    } finally {
      await polling.close();
    }
  });

  it('shows a prompt with <script> and <img onerror> as text, in the chat, the projects and the mission page', async () => {
    await page.getByRole('link', { name: 'Chat' }).click();
    await chatOnScreen();
    const scriptsBefore = await page.locator('script').count();
    const repliesBefore = await page.locator('.message-assistant').count();
    await chatSay(HOSTILE);
    await page.locator('.message-user .message-text').filter({ hasText: HOSTILE }).waitFor();
    // Offline, no template builds "an XSS check": the answer declines it, and the request is still shown only as text.
    await page.locator('.message-assistant').nth(repliesBefore).waitFor();

    await page.getByRole('link', { name: 'Projects' }).click();
    const listed = page.locator('.project .project-title').filter({ hasText: HOSTILE.slice(0, 50) });
    await listed.waitFor();
    await listed.click();
    await page.locator('.page-title').filter({ hasText: HOSTILE }).waitFor();
    await page.locator('.timeline-entry').filter({ hasText: '<img src=x onerror=' }).first().waitFor();

    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(scriptsBefore);
    expect(await page.evaluate("document.body.innerHTML.includes('<script>alert')")).toBe(false);
  });

  it("checks a design image's type and size before uploading, and previews a good one", async () => {
    await page.getByRole('link', { name: 'Chat' }).click();
    const uploads: string[] = [];
    page.on('request', (request) => request.url().includes('/gantry/consult') && uploads.push(request.url()));
    const picker = page.locator('.composer input[type="file"]');
    await picker.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
    await page.locator('.image-error').filter({ hasText: 'notes.txt is not an image Gantry accepts' }).waitFor();
    await picker.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(5_000_001) });
    await page.locator('.image-error').filter({ hasText: 'design images can be at most' }).waitFor();
    await picker.setInputFiles({ name: 'mockup.png', mimeType: 'image/png', buffer: TINY_PNG });
    await page.locator('.attachment img[alt="Preview of mockup.png"]').waitFor();
    expect(await page.locator('.attachment-preview').getAttribute('src')).toMatch(/^blob:/);
    expect(await page.locator('.image-error').textContent()).toBe('');
    await page.locator('.attachment').getByRole('button', { name: 'Remove' }).click();
    await page.locator('.attachment').waitFor({ state: 'hidden' });
    expect(uploads).toEqual([]);
  });

  it('is usable by keyboard: the skip link, the navigation and the clear dialog', async () => {
    await page.goto('/#/projects');
    await page.reload();
    await page.locator('.project').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.className')).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    await page.getByRole('button', { name: 'Clear projects…' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await page.locator('.project').count()).toBe(10);
    await page.getByRole('link', { name: 'Chat' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#chat-message:focus').waitFor();
  });

  it('saves screenshots of the main screens at desktop and phone width, light and dark, without sideways scrolling', async () => {
    const screens = { chat: '/#/chat', projects: '/#/projects', mission: `/#/missions/${builtMissionId}` };
    for (const [viewport, width] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const [name, path] of Object.entries(screens)) {
          await page.goto(path);
          await page
            .locator(name === 'mission' ? '.verdict[data-valid="true"]' : name === 'projects' ? '.project' : '.message')
            .first()
            .waitFor();
          expect([name, width, scheme, await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')]).toEqual([name, width, scheme, true]);
          await screenshot(page, `${name}-${width}-${scheme}`);
        }
      }
    }
    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('signs out, after which the console asks to sign in again', async () => {
    await page.goto('/#/chat');
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await signOut.click();
    await page.getByLabel('Password').waitFor();
    expect((await page.request.get('/gantry/missions')).status()).toBe(401);
    await page.getByLabel('Password').fill(adminPasswordOf(server.app));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Message to the CTO').waitFor();
  });

  it('clears the projects only after a confirmation', async () => {
    await page.goto('/#/projects');
    await page.locator('.project').first().waitFor();
    await page.getByRole('button', { name: 'Clear projects…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('.project').count()).toBe(10);
    await page.getByRole('button', { name: 'Clear projects…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive projects' }).click();
    await page.locator('.notice').filter({ hasText: 'Cleared' }).waitFor();
    expect(await page.locator('.notice').textContent()).toBe('Cleared 13 projects. You can start fresh.');
    await page.locator('.project-list .empty').waitFor();
  });
});

import type { Page } from 'playwright-core';
import { waitForShipped } from '../projects/support/project-flow';
import { match } from '../support/expectations';
import type { TestApp } from '../support/test-app';
import { openConsoleBrowser, screenshot, type ConsoleBrowser } from './support/console-browser';
import { startConsoleServer, type ConsoleServer } from './support/console-server';

jest.setTimeout(900_000);

function adminPasswordOf(app: TestApp): string {
  if (app.adminPassword === null) throw new Error('The test app was started without a known admin password');
  return app.adminPassword;
}

/** The project page in a real browser, with the offline architect and the real sandbox behind it. */
describe('The console: a project page with its live preview, changes, diff viewer and rollback', () => {
  let server: ConsoleServer;
  let b: ConsoleBrowser;
  let page: Page;
  let projectId = '';

  beforeAll(async () => {
    server = await startConsoleServer(null);
    b = await openConsoleBrowser(server.baseUrl);
    page = b.page;
    const started = await server.app.http.post('/gantry/architect').send({ voice_memo: 'A notes app' }).expect(202);
    projectId = (started.body as { mission_id: string }).mission_id;
    expect(await waitForShipped(server.app.http, projectId)).toMatchObject({ status: 'DEPLOYED' });
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

  const preview = () => page.frameLocator('iframe.preview-frame');
  const version = (n: number) => page.locator(`.version[data-version="${n}"]`);

  it('keeps a message typed right after signing in, while the earlier consultation is still loading', async () => {
    // The tab remembers a consultation that is not this user's (an unknown one): restoring it answers 404, slowly.
    await page.goto('/');
    await page.evaluate("sessionStorage.setItem('gantry.consultation', '0b7e3c55-2a41-4c8e-8f0a-7d2f1e9c3b22')");
    await page.route('**/gantry/consultation/**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.reload();
    await page.getByLabel('Password').fill(adminPasswordOf(server.app));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const box = page.getByLabel('Message to the CTO');
    await box.fill('A pomodoro timer');
    await box.press('Enter');
    await page.locator('.message-assistant .plan').waitFor();
    expect(await page.locator('.message-error').count()).toBe(0);
    expect(await page.locator('.message-user').allTextContents()).toEqual(['You: A pomodoro timer']);
    await page.unroute('**/gantry/consultation/**');
  });

  it('shows the versions and the live app in a sandboxed frame beside the change chat, with the file tree', async () => {
    await page.goto(`/#/projects/${projectId}`);
    await version(1).waitFor();
    expect(await version(1).getAttribute('data-live')).toBe('true');
    const frame = page.locator('iframe.preview-frame');
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts allow-forms');
    expect(await frame.getAttribute('src')).toMatch(/\/apps\/notes-[0-9a-f]{8}\/$/);
    await preview().locator('h1').waitFor();
    expect(await preview().locator('#search').count()).toBe(0);
    await page.locator('.file-tree [data-path="index.html"]').waitFor();
    expect(await page.locator('.file-tree [data-path="index.html"]').getAttribute('data-change')).toBe('added');
    await page.getByRole('region', { name: 'Ask for a change' }).waitFor();
    await screenshot(page, 'project-v1');
  });

  it('asks for a change, builds it on "Build it", and previews version 2; the diff viewer shows the change as text', async () => {
    const box = page.getByLabel('Change to ask for');
    await box.fill('add dark mode and a search box');
    await page.getByRole('button', { name: 'Ask for a change' }).click();
    await page.locator('.project-chat .plan').waitFor();
    expect(await page.locator('.project-chat .plan li').allTextContents()).toEqual(match.arrayContaining(['Dark mode toggle', 'Search and filter']));
    await page.locator('.project-chat [data-action="build"]').click();
    await page.locator('.version[data-version="2"][data-live="true"]').waitFor({ timeout: 600_000 });
    await preview().locator('#search').waitFor();
    expect(await preview().locator('#mode-toggle').count()).toBe(1);

    await version(2).locator('[data-action="diff"]').click();
    await page.locator('.file-tree [data-path="src/search.js"][data-change="added"]').waitFor();
    const diff = page.locator('.diff-view');
    await diff.locator('.diff-add', { hasText: '<input id="search"' }).first().waitFor();
    // The diff's HTML is shown as text: nothing in it became an element.
    expect(await diff.locator('input, button, script').count()).toBe(0);
    expect(await page.locator('.file-tree [data-path="server.js"]').getAttribute('data-change')).toBe('unchanged');
    await screenshot(page, 'project-v2-diff');
  });

  it('rolls back to version 1: the preview and the live URL serve version 1 again', async () => {
    await version(1).locator('[data-action="rollback"]').click();
    await page.locator('.version[data-version="1"][data-live="true"]').waitFor();
    await page.getByRole('status').filter({ hasText: 'Version 1 is live again' }).waitFor();
    expect(await version(2).getAttribute('data-live')).toBe('false');
    // The rollback swaps the frame's document; a fresh page shows the preview without racing that swap.
    await page.reload();
    await preview().locator('h1').waitFor();
    expect(await preview().locator('#search').count()).toBe(0);
    const live = await page.request.get(String(await page.locator('iframe.preview-frame').getAttribute('src')));
    expect(await live.text()).not.toContain('id="search"');
  });
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The policy the server will send (helmet); added here to the page itself so the console is held to it now. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; media-src 'self' blob:; object-src 'none'; frame-ancestors 'none'";

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');

export interface ConsoleBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** CSP violations and uncaught page errors seen so far. */
  problems: string[];
  /** Messages of any alert/confirm/prompt the page opened (each dismissed). */
  dialogs: string[];
  close(): Promise<void>;
}

export async function openConsoleBrowser(baseUrl: string): Promise<ConsoleBrowser> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true, baseURL: baseUrl });
  await context.route(`${baseUrl}/`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CONSOLE_CSP } });
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return { browser, context, page, problems, dialogs, close: () => browser.close() };
}

/** A screenshot under test/artifacts/ (git-ignored), named by screen, width and colour scheme. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize();
  await page.screenshot({ path: join(ARTIFACTS, `console-${name}-${viewport?.width ?? 0}w.png`), fullPage: true });
}

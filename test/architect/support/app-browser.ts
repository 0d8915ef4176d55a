import { chromium, type Browser, type Page } from 'playwright-core';

/** A fixed moment for every page's clock: dates and timers in the apps move only when a test moves them. */
export const PAGE_TIME = new Date('2024-05-06T09:00:00Z');

export function launchAppBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface AppPage {
  page: Page;
  /** Page errors, console errors, CSP violations and failed loads seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/** Reports CSP violations on the console, where the page's listener below collects them with the other errors. */
const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', function (event) {
  console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + event.blockedURI);
});`;

/** A fresh context and page on the app, its clock installed at PAGE_TIME, with every kind of problem recorded. */
export async function openApp(browser: Browser, url: string): Promise<AppPage> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text()))
      problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'no reason given'})`));
  page.on('dialog', (dialog) => {
    problems.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript(REPORT_CSP_VIOLATIONS);
  await page.clock.install({ time: PAGE_TIME });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, close: () => context.close() };
}

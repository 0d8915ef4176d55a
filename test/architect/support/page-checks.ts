import type { Locator, Page } from 'playwright-core';
import type { DesignTargetKey } from '../../../src/catalogue/design-target';

const WAIT_MS = 5_000;

/** Waits until the locator's first match shows the text (a substring, or a RegExp on its whole text). */
export async function shows(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

export async function hidden(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'hidden', timeout: WAIT_MS });
}

export const byId = (page: Page, id: string): Locator => page.locator(`#${id}`);

export interface ArchetypeCase {
  theme: DesignTargetKey | null;
  /** The control a user reaches for first: it must be visible once the page has loaded. */
  mainControl(page: Page): Locator;
  /** The export's file name before its date (the app's store name). */
  exportName: string;
  /** The header row of the CSV export (the app's exportColumns). */
  csvHeader: string;
  /** One real use of the app, checked by what the page shows afterwards. */
  interact(page: Page): Promise<void>;
}

/** What a page must offer for a prompt: checked by using it, never by the template's name. */
export type PageCheck = (page: Page) => Promise<void>;

/** Each named section is on the page, under its heading, and the hero links to it. */
export const sections =
  (...expected: ReadonlyArray<readonly [string, RegExp]>): PageCheck =>
  async (page) => {
    for (const [id, heading] of expected) {
      await shows(page.locator(`section#${id} h2`), heading);
      await page.locator(`.section-links a[href="#${id}"]`).click();
    }
  };

import type { Page } from 'playwright-core';
import { byId, shows, type ArchetypeCase } from './page-checks';

type NewArchetypeKey = 'UNIT_CONVERTER' | 'HABITS' | 'TIMER' | 'FLASHCARDS' | 'POLL' | 'RECORDS';

/** A value the input accepts, by its type: the n-th of two, so that sorting has an order to find. */
function valueFor(type: string, n: number): string {
  const values: Record<string, [string, string]> = {
    number: ['20', '3'],
    date: ['2024-05-02', '2024-01-31'],
    email: ['b@example.com', 'a@example.com'],
    tel: ['+44 20 0000 0002', '+44 20 0000 0001'],
    url: ['https://b.example', 'https://a.example'],
  };
  return values[type]?.[n] ?? ['Second value', 'First value'][n];
}

async function fillRecord(page: Page, name: string, n: number): Promise<void> {
  const controls = page.locator('#record-form .fields').locator('input, textarea');
  const count = await controls.count();
  for (let index = 0; index < count; index += 1) {
    const control = controls.nth(index);
    const type = (await control.getAttribute('type')) ?? 'textarea';
    const isRating = (await control.getAttribute('max')) === '5';
    await control.fill(index === 0 ? name : isRating ? String(4 - n * 2) : valueFor(type, n));
  }
  await page.locator('#save-record').click();
}

const recordNames = (page: Page): Promise<string[]> => page.locator('#records li.record h3').allTextContents();

/**
 * A list of records, whatever its schema: add two, sort both ways, search, edit one, delete one. The
 * fields come from the page itself, so one check serves every schema.
 */
export async function useRecords(page: Page): Promise<void> {
  await fillRecord(page, 'Alpha entry', 0);
  await fillRecord(page, 'Beta entry', 1);
  await shows(byId(page, 'record-count'), /^2 of 2 /);
  await byId(page, 'sort-field').selectOption({ index: 1 });
  await byId(page, 'sort-direction').click();
  await shows(byId(page, 'sort-direction'), /^Descending$/);
  expect(await recordNames(page)).toEqual(['Beta entry', 'Alpha entry']);
  await page.getByRole('searchbox', { name: 'Search and filter' }).fill('alpha');
  await shows(byId(page, 'record-count'), /^1 of 2 /);
  await page.getByRole('searchbox', { name: 'Search and filter' }).fill('');
  await page.getByRole('button', { name: 'Edit Alpha entry' }).click();
  await page.locator('#record-form .fields').locator('input, textarea').first().fill('Alpha edited');
  await page.locator('#save-record').click();
  await shows(page.locator('#records li.record h3'), /^Alpha edited$/);
  await page.getByRole('button', { name: 'Delete Beta entry' }).click();
  await shows(byId(page, 'record-count'), /^1 of 1 /);
  await page.locator('#save-record').click();
  await shows(byId(page, 'record-errors'), 'is required');
}

export const MORE_ARCHETYPE_CASES: Record<NewArchetypeKey, ArchetypeCase> = {
  UNIT_CONVERTER: {
    theme: null,
    mainControl: (page) => page.getByRole('combobox', { name: 'Quantity' }),
    exportName: 'converter',
    csvHeader: 'quantity,value,from,to,result',
    async interact(page) {
      await shows(byId(page, 'result'), /^1000$/);
      await page.getByRole('combobox', { name: 'Quantity' }).selectOption('temperature');
      await page.getByRole('textbox', { name: 'Value' }).fill('100');
      await shows(byId(page, 'result'), /^212$/);
      await shows(byId(page, 'result-unit'), /^Fahrenheit$/);
      await page.getByRole('button', { name: 'Swap units' }).click();
      await shows(byId(page, 'result'), /^37\.77777778$/);
      await page.getByRole('textbox', { name: 'Value' }).fill('abc');
      await shows(byId(page, 'convert-error'), 'Type a number');
      await page.getByRole('textbox', { name: 'Value' }).fill('212');
      await page.getByRole('button', { name: 'Save conversion' }).click();
      await shows(byId(page, 'saved').locator('li'), /^212 Fahrenheit = 100 Celsius$/);
    },
  },
  HABITS: {
    theme: null,
    mainControl: (page) => page.getByRole('textbox', { name: 'Habit name' }),
    exportName: 'habits',
    csvHeader: 'name,streak,daysDone',
    async interact(page) {
      await page.getByRole('textbox', { name: 'Habit name' }).fill('Read');
      await page.getByRole('button', { name: 'Add habit' }).click();
      const row = page.locator('#grid-body tr[data-habit="Read"]');
      await shows(row, 'Read');
      expect(await row.getByRole('checkbox').count()).toBe(7);
      await row.getByRole('checkbox', { name: 'Read on Mon 2024-05-06' }).check();
      await shows(row.locator('.streak'), /^1 day$/);
      await shows(byId(page, 'week-label'), /^Week of 2024-05-06$/);
      await page.getByRole('button', { name: 'Next week' }).click();
      await shows(byId(page, 'week-label'), /^Week of 2024-05-13$/);
      expect(await row.getByRole('checkbox', { checked: true }).count()).toBe(0);
      await page.getByRole('button', { name: 'Previous week' }).click();
      expect(await row.getByRole('checkbox', { name: 'Read on Mon 2024-05-06' }).isChecked()).toBe(true);
    },
  },
  TIMER: {
    theme: null,
    mainControl: (page) => page.getByRole('button', { name: 'Start', exact: true }),
    exportName: 'timer',
    csvHeader: 'lap,time',
    async interact(page) {
      await page.getByRole('spinbutton', { name: 'Minutes' }).fill('0');
      await page.getByRole('spinbutton', { name: 'Seconds' }).fill('3');
      await page.getByRole('button', { name: 'Set', exact: true }).click();
      await shows(byId(page, 'clock'), /^00:03$/);
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      await page.clock.runFor(1_000);
      await shows(byId(page, 'clock'), /^00:0[12]$/); // the page's clock also runs on its own between steps
      await page.clock.runFor(2_500);
      await shows(byId(page, 'alert'), /^Time is up!$/);
      await page.getByRole('button', { name: 'Start stopwatch' }).click();
      await page.clock.runFor(1_500);
      await page.getByRole('button', { name: 'Lap' }).click();
      await shows(byId(page, 'laps').locator('li'), /^Lap 1\s*00:0[1-3]\.\d$/);
    },
  },
  FLASHCARDS: {
    theme: null,
    mainControl: (page) => page.getByRole('button', { name: 'Flip card' }),
    exportName: 'flashcards',
    csvHeader: 'front,back,known',
    async interact(page) {
      await shows(byId(page, 'card-text'), /^Bonjour$/);
      await page.getByRole('button', { name: 'Flip', exact: true }).click();
      await shows(byId(page, 'card-text'), /^Hello$/);
      await page.getByRole('button', { name: 'Known', exact: true }).click();
      await shows(byId(page, 'progress'), /^1 of 2 known$/);
      await shows(byId(page, 'card-text'), /^Merci$/);
      await page.getByRole('textbox', { name: 'Front' }).fill('Chat');
      await page.getByRole('textbox', { name: 'Back' }).fill('Cat');
      await page.getByRole('button', { name: 'Add card' }).click();
      await shows(byId(page, 'progress'), /^1 of 3 known$/);
      await page.getByRole('button', { name: 'Edit Chat' }).click();
      await page.getByRole('textbox', { name: 'Back' }).fill('Cat (animal)');
      await page.getByRole('button', { name: 'Save card' }).click();
      await shows(byId(page, 'card-list').locator('li'), 'Chat → Cat (animal)');
    },
  },
  POLL: {
    theme: null,
    mainControl: (page) => page.getByRole('button', { name: 'Vote for Pizza' }),
    exportName: 'poll',
    csvHeader: 'option,votes,percent',
    async interact(page) {
      await page.getByRole('button', { name: 'Vote for Sushi' }).click();
      await shows(byId(page, 'vote-message'), /^Thanks for voting!$/);
      await shows(byId(page, 'results').locator('li').first(), /Sushi\s*1 vote, 100%/);
      expect(await page.getByRole('button', { name: 'Vote for Pizza' }).isDisabled()).toBe(true);
      await page.getByRole('textbox', { name: 'New option' }).fill('Tacos');
      await page.getByRole('button', { name: 'Add option' }).click();
      await shows(byId(page, 'results').locator('li'), /Tacos\s*0 votes, 0%/);
      await page.getByRole('button', { name: 'Reset votes' }).click();
      expect(await page.getByRole('button', { name: 'Vote for Tacos' }).isEnabled()).toBe(true);
      await page.getByRole('button', { name: 'Vote for Tacos' }).click();
      await shows(byId(page, 'total'), /^1 vote in all$/);
    },
  },
  RECORDS: {
    theme: null,
    mainControl: (page) => page.locator('#record-form'),
    exportName: 'records',
    csvHeader: 'name,ingredients,steps,prep_minutes,category',
    interact: useRecords,
  },
};

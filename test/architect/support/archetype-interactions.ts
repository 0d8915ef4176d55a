import { byId, hidden, shows, type ArchetypeCase } from './page-checks';
import { MORE_ARCHETYPE_CASES } from './more-archetype-cases';
import type { ARCHETYPE_PROMPTS } from '../offline-request.fixture';

export type ArchetypeKey = keyof typeof ARCHETYPE_PROMPTS;

export { hidden, shows, type ArchetypeCase } from './page-checks';

export const ARCHETYPE_CASES: Record<ArchetypeKey, ArchetypeCase> = {
  TASKS: {
    theme: null,
    mainControl: (page) => page.getByRole('textbox', { name: 'Task title' }),
    exportName: 'tasks',
    csvHeader: 'title,priority,due,tag,done',
    async interact(page) {
      await page.getByRole('textbox', { name: 'Task title' }).fill('Buy oat milk');
      await page.getByRole('combobox', { name: 'Priority' }).selectOption('high');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      const added = byId(page, 'task-list').locator('li', { hasText: 'Buy oat milk' });
      await shows(added, 'high');
      await shows(byId(page, 'task-count'), /^2 left$/);
      await added.getByRole('checkbox', { name: 'Done' }).check();
      await shows(byId(page, 'task-count'), /^1 left$/);
      await page.getByRole('searchbox', { name: 'Search and filter' }).fill('oat');
      await hidden(byId(page, 'task-list').locator('li', { hasText: 'Try adding a task' }));
      await shows(added, 'Buy oat milk');
    },
  },
  NOTES: {
    theme: 'NOTION',
    mainControl: (page) => page.getByRole('button', { name: 'New note' }),
    exportName: 'notes',
    csvHeader: 'title,body,pinned,updatedAt',
    async interact(page) {
      await page.getByRole('button', { name: 'New note' }).click();
      await page.getByRole('textbox', { name: 'Note title' }).fill('Shopping list');
      await page.getByRole('textbox', { name: 'Note text' }).fill('Eggs, flour');
      await shows(byId(page, 'note-list').locator('li.selected'), 'Shopping list');
      await byId(page, 'note-list').locator('li', { hasText: 'Welcome' }).click();
      await shows(byId(page, 'note-list').locator('li.selected'), 'Welcome');
    },
  },
  CALCULATOR: {
    theme: null,
    mainControl: (page) => byId(page, 'display'),
    exportName: 'calculator',
    csvHeader: 'expression,result',
    async interact(page) {
      for (const key of ['2', '+', '3', '=']) await page.locator(`#keys [data-key="${key}"]`).click();
      await shows(byId(page, 'display'), /^5$/);
      await shows(byId(page, 'history').locator('li'), '= 5');
    },
  },
  KANBAN: {
    theme: null,
    mainControl: (page) => page.getByRole('textbox', { name: 'Card title' }),
    exportName: 'kanban',
    csvHeader: 'title,column',
    async interact(page) {
      await page.getByRole('textbox', { name: 'Card title' }).fill('Write the browser tests');
      await page.getByRole('button', { name: 'Add to To do' }).click();
      const todo = page.locator('#board section', { has: page.getByRole('heading', { name: /^To do/ }) });
      await shows(todo.getByRole('heading'), /^To do \(2\)$/);
      await todo.locator('li', { hasText: 'Write the browser tests' }).getByRole('button', { name: 'Move right' }).click();
      const doing = page.locator('#board section', { has: page.getByRole('heading', { name: /^In progress/ }) });
      await shows(doing.locator('li'), 'Write the browser tests');
      await shows(doing.getByRole('heading'), /^In progress \(1\/3\)$/);
    },
  },
  POMODORO: {
    theme: null,
    mainControl: (page) => page.getByRole('button', { name: 'Start' }),
    exportName: 'pomodoro',
    csvHeader: 'kind,date,minutes',
    async interact(page) {
      await shows(byId(page, 'clock'), /^25:00$/);
      await page.getByRole('button', { name: 'Start' }).click();
      await page.clock.runFor(3_000);
      await shows(byId(page, 'clock'), /^24:57$/);
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.clock.runFor(5_000);
      await shows(byId(page, 'clock'), /^24:57$/);
      await page.getByRole('button', { name: 'Start' }).click();
      await page.clock.fastForward('25:00');
      await shows(byId(page, 'alert'), /^Focus is over\.$/);
      await shows(byId(page, 'phase'), /^Short break$/);
      await shows(byId(page, 'log').locator('li'), /^Focus\s*2024-05-06, 25 min$/);
    },
  },
  QUIZ: {
    theme: null,
    mainControl: (page) => byId(page, 'question'),
    exportName: 'quiz',
    csvHeader: 'date,score,total',
    async interact(page) {
      await shows(byId(page, 'progress'), /^Question 1 of 5$/);
      await byId(page, 'choices').getByRole('button', { name: 'Mars' }).click();
      await shows(byId(page, 'progress'), /^Question 2 of 5$/);
      for (const next of [3, 4, 5]) {
        await byId(page, 'choices').getByRole('button').first().click();
        await shows(byId(page, 'progress'), new RegExp(`^Question ${next} of 5$`));
      }
      await byId(page, 'choices').getByRole('button').first().click();
      await shows(byId(page, 'score'), /^You scored [1-5] of 5$/);
      await shows(byId(page, 'review').locator('li.right'), 'Red Planet');
      await shows(byId(page, 'results').locator('li'), /^2024-05-06\s*[1-5] \/ 5$/);
    },
  },
  EXPENSES: {
    theme: null,
    mainControl: (page) => page.getByRole('textbox', { name: 'Amount' }),
    exportName: 'expenses',
    csvHeader: 'date,description,category,amount',
    async interact(page) {
      await page.getByRole('textbox', { name: 'Amount' }).fill('12.50');
      await page.getByRole('textbox', { name: 'Description' }).fill('Lunch');
      await page.getByRole('combobox', { name: 'Category' }).selectOption('Food');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await shows(byId(page, 'expense-list').locator('li'), /2024-05-06.*Lunch.*Food.*12\.5/);
      await shows(byId(page, 'by-category').locator('li'), /^Food\s*12\.50$/);
      await shows(byId(page, 'budget-status'), /^Spent this month: 12\.50$/);
    },
  },
  LANDING_PAGE: {
    theme: null,
    mainControl: (page) => page.getByRole('link', { name: 'Get started' }),
    exportName: 'landing',
    csvHeader: 'name,email,date',
    async interact(page) {
      await page.getByRole('textbox', { name: 'Name' }).fill('Ada');
      await page.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
      await page.getByRole('button', { name: 'Join' }).click();
      await shows(byId(page, 'signup-thanks'), /^Thanks, Ada!$/);
      await shows(byId(page, 'signups').locator('li'), /Ada\s*ada@example\.com/);
    },
  },
  BLOG: {
    theme: 'LINKEDIN',
    mainControl: (page) => page.getByRole('link', { name: 'Write a post' }),
    exportName: 'blog',
    csvHeader: 'title,date,tags,body',
    async interact(page) {
      await page.getByRole('link', { name: 'Write a post' }).click();
      await page.getByRole('textbox', { name: 'Title' }).fill('Shipping day');
      await page.getByRole('textbox', { name: 'Post text' }).fill('We shipped.\n\nIt works in a browser.');
      await page.getByRole('button', { name: 'Publish' }).click();
      await shows(byId(page, 'post-title'), /^Shipping day$/);
      await shows(byId(page, 'post-body').locator('p'), 'It works in a browser.');
      await page.getByRole('link', { name: 'All posts' }).click();
      await shows(byId(page, 'post-list').locator('li').first(), 'Shipping day');
    },
  },
  SOCIAL_FEED: {
    theme: 'TWITTER',
    mainControl: (page) => page.getByRole('textbox', { name: 'New post' }),
    exportName: 'feed',
    csvHeader: 'author,text,createdAt,likes',
    async interact(page) {
      await page.getByRole('textbox', { name: 'New post' }).fill('Hello from a browser #gantry');
      await shows(byId(page, 'chars'), /^28 \/ 280$/);
      await page.getByRole('button', { name: 'Post', exact: true }).click();
      const post = byId(page, 'posts').locator('li').first();
      await shows(post, 'Hello from a browser #gantry');
      await shows(post.locator('.pill'), /^#gantry$/);
      await post.getByRole('button', { name: /♥/ }).click();
      await shows(post.getByRole('button', { pressed: true }), /^♥ 1$/);
    },
  },
  TEAM_CHAT: {
    theme: 'SLACK',
    mainControl: (page) => page.getByRole('textbox', { name: 'Message' }),
    exportName: 'chat',
    csvHeader: 'channel,author,text,sentAt',
    async interact(page) {
      await page.getByRole('textbox', { name: 'Message' }).fill('Hi team');
      await page.getByRole('button', { name: 'Send' }).click();
      await shows(byId(page, 'messages').locator('li').last(), 'Hi team');
      await byId(page, 'channels').locator('li', { hasText: '#random' }).click();
      await shows(byId(page, 'channel-title'), /^#random$/);
      await hidden(byId(page, 'messages').locator('li', { hasText: 'Hi team' }));
    },
  },
  MUSIC_PLAYER: {
    theme: 'SPOTIFY',
    mainControl: (page) => page.getByRole('button', { name: 'Play', exact: true }),
    exportName: 'player',
    csvHeader: 'title,artist,seconds',
    async interact(page) {
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      await shows(byId(page, 'play'), /^Pause$/);
      await page.clock.runFor(3_000);
      await shows(byId(page, 'position'), /^0:0[23]$/);
      await page.getByRole('button', { name: 'Next' }).click();
      await shows(byId(page, 'now-title'), 'Paper Boats');
    },
  },
  LISTINGS: {
    theme: 'AIRBNB',
    mainControl: (page) => page.getByRole('textbox', { name: 'Where' }),
    exportName: 'listings',
    csvHeader: 'title,place,price,favourite',
    async interact(page) {
      const loft = byId(page, 'grid').locator('article', { hasText: 'Sunny loft' });
      await loft.getByRole('button', { name: 'Favourite' }).click();
      await shows(byId(page, 'favourites').locator('li'), /^Sunny loft, Lisbon$/);
      await loft.getByRole('link', { name: 'Sunny loft' }).click();
      await shows(page.getByRole('dialog'), 'Lisbon');
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      await hidden(page.getByRole('dialog'));
      await page.getByRole('textbox', { name: 'Where' }).fill('Berlin');
      await hidden(loft);
    },
  },
  ...MORE_ARCHETYPE_CASES,
};

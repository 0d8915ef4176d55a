import type { ConversationTurn } from '../../missions/ports/consultant.port';
import type { ArchetypeKey } from '../../catalogue/archetypes';
import { ask, baseOf } from '../../../test/support/consultant-conversation.fixture';
import { OfflineConsultant } from './offline-consultant';
import { OFFLINE_STACK } from '../../catalogue/offline-stack';
import { CONFIRM_QUESTION, VAGUE_QUESTION } from './plan-speech';

const consultant = new OfflineConsultant();

describe('OfflineConsultant: first proposals', () => {
  describe('a first request naming a kind of app', () => {
    it.each<[string, ArchetypeKey, string]>([
      ['Build a todo app', 'TASKS', 'a task list'],
      ['I need a notes app', 'NOTES', 'a notes app'],
      ['Make me a calculator', 'CALCULATOR', 'a calculator'],
      ['a kanban board for my team', 'KANBAN', 'a kanban board'],
      ['a pomodoro timer', 'POMODORO', 'a pomodoro timer'],
      ['a quiz about world capitals', 'QUIZ', 'a quiz'],
      ['an expense tracker', 'EXPENSES', 'an expense tracker'],
      ['a landing page for my bakery', 'LANDING_PAGE', 'a landing page'],
      ['a blog about hiking', 'BLOG', 'a blog'],
      ['a social feed for my book club', 'SOCIAL_FEED', 'a social feed'],
    ])('given %j, proposes %s with its base features', async (request, key, subject) => {
      const reply = await ask([request]);

      expect(reply.status).toBe('NEEDS_CONFIRMATION');
      expect(reply.plan).toEqual({ features: baseOf(key), stack: OFFLINE_STACK, designTarget: null });
      expect(reply.question).toBe(CONFIRM_QUESTION);
      expect(reply.speech).toContain(`I'd build ${subject} with ${baseOf(key).length} features`);
      expect(reply.confidencePercent).toBe(85);
    });

    it('given a list of things to keep, plans a list of records with the fields it can infer', async () => {
      const reply = await ask(['Please build an app that tracks my plant watering schedule']);

      expect(reply.status).toBe('NEEDS_CONFIRMATION');
      expect(reply.plan?.features).toEqual([...baseOf('RECORDS'), 'Each plant in the Plants has: name, species, watered (date), notes (longtext)']);
      expect(reply.speech).toContain('a list of plants called "Plants"');
    });

    it.each([
      ['A weather dashboard for my city', null],
      ['A multiplayer chess game', 'a quiz'],
      ['Build me a photo editor with filters and layers', null],
    ])('given %j, which no template fits, says what offline mode builds before planning anything', async (request, closest) => {
      const reply = await ask([request]);

      expect(reply.status).toBe('NEEDS_INPUT');
      expect(reply.plan).toBeNull();
      expect(reply.speech).toMatch(/^Offline I can build a task list, .*; for [a-z].*, configure a model \(GANTRY_LLM=bedrock or GANTRY_LLM=openai\)\./);
      if (closest) expect(reply.speech).toContain(`The closest I can build offline is ${closest}.`);
      if (closest) expect(reply.question).toContain(`Say "build ${closest}"`);
    });

    it('given a famous app and nothing else, plans the kind of app it implies in its theme', async () => {
      const reply = await ask(['a Twitter clone']);

      expect(reply.plan).toEqual({ features: baseOf('SOCIAL_FEED'), stack: OFFLINE_STACK, designTarget: 'TWITTER' });
      expect(reply.speech).toContain('styled like Twitter/X');
      expect(reply.confidencePercent).toBe(75);
    });
  });

  describe('features no offline template builds', () => {
    it.each([
      ['an expense tracker with charts', 'Charts of spending by category', 'charts of spending by category'],
      ['a quiz with a timer', 'Countdown timer per question', 'countdown timer per question'],
      ['a notes app with markdown', 'Markdown formatting with preview', 'markdown formatting with preview'],
      ['a blog with comments', 'Comments on posts', 'comments on posts'],
      ['a todo app with a login page', null, 'user accounts and sign-in'],
      ['a shop landing page with Stripe payments', null, 'payments'],
    ])('given %j, leaves %s out of the plan and says a model is needed for it', async (request, label, spoken) => {
      const reply = await ask([request]);

      expect(reply.status).toBe('NEEDS_CONFIRMATION');
      if (label) expect(reply.plan?.features).not.toContain(label);
      expect(reply.speech).toContain(`Offline I can't build ${spoken}: for that, configure a model`);
    });
  });

  describe('optional features', () => {
    it.each([
      ['a todo app with dark mode', 'Dark mode toggle'],
      ['a notes app with a night mode', 'Dark mode toggle'],
      ['a todo list that saves my tasks', 'Saves your data in the browser with localStorage'],
      ['a notes app that works offline', 'Saves your data in the browser with localStorage'],
      ['a todo app using localStorage', 'Saves your data in the browser with localStorage'],
      ['a kanban board that remembers my cards', 'Saves your data in the browser with localStorage'],
      ['a notes app with search', 'Search and filter'],
      ['a blog where I can filter posts', 'Search and filter'],
      ['an expense tracker with CSV export', 'Export data as CSV or JSON'],
      ['a todo app I can export to JSON', 'Export data as CSV or JSON'],
      ['an expense tracker with categories', 'Categories for expenses'],
      ['a budget tracker', 'Monthly budget with a warning when it is exceeded'],
      ['a pomodoro timer with custom lengths', 'Custom focus and break lengths'],
      ['a pomodoro timer with long breaks', 'Long break after every four sessions'],
      ['a quiz with a leaderboard', 'High-score table'],
      ['a todo app with tags', 'Tags or categories for tasks'],
      ['a calculator with history', 'History of past calculations'],
      ['a scientific calculator', 'Scientific functions (square root, powers, percentages)'],
      ['a landing page with pricing', 'Pricing table'],
    ])('given %j, the plan includes %j', async (request, feature) => {
      const reply = await ask([request]);

      expect(reply.plan?.features).toContain(feature);
    });

    it('given features spread over several messages, gathers all of them', async () => {
      const reply = await ask(['build an app', 'a todo list with dark mode', 'and it should have search']);

      expect(reply.plan?.features).toEqual([...baseOf('TASKS'), 'Dark mode toggle', 'Search and filter']);
    });

    it('given a feature refused in the request, leaves it out', async () => {
      const reply = await ask(['a todo app with search but no dark mode and without export']);

      expect(reply.plan?.features).toEqual([...baseOf('TASKS'), 'Search and filter']);
    });

    it('given an archetype-specific word in another kind of app, ignores it', async () => {
      const reply = await ask(['a todo app with charts']);

      expect(reply.plan?.features).toEqual(baseOf('TASKS'));
    });
  });

  describe('the stack', () => {
    it('is always the offline stack', async () => {
      expect((await ask(['a calculator'])).plan?.stack).toBe('node (static HTML, CSS and JavaScript with Node tests)');
    });

    it.each([
      ['a todo app in React', 'React'],
      ['a vue calculator', 'Vue'],
      ['a svelte blog', 'Svelte'],
      ['a landing page with next.js', 'Next.js'],
    ])('given %j, stays honest and says that %s is not built', async (request, framework) => {
      const reply = await ask([request]);

      expect(reply.plan?.stack).toBe(OFFLINE_STACK);
      expect(reply.speech).toContain(`the offline provider does not build ${framework}`);
    });
  });

  describe('design target', () => {
    it.each([
      ['an instagram-style social feed', 'INSTAGRAM'],
      ['a todo app that looks like Notion', 'NOTION'],
      ['a blog with a LinkedIn look', 'LINKEDIN'],
      ['a calculator I can install on my phone', null],
      ['an instant quiz for my booking workspace', null],
    ])('given %j, the theme is %s', async (request, designTarget) => {
      expect((await ask([request])).plan?.designTarget).toBe(designTarget);
    });

    it('takes the first theme named in the conversation', async () => {
      const reply = await ask(['a notes app like notion', 'with search, a bit like slack']);

      expect(reply.plan?.designTarget).toBe('NOTION');
    });

    it('never takes a theme from the assistant', async () => {
      const conversation: ConversationTurn[] = [
        { role: 'user', content: 'build an app' },
        { role: 'assistant', content: 'Something like Spotify or Airbnb?' },
        { role: 'user', content: 'a todo list' },
      ];

      expect((await consultant.reply({ conversation, currentPlan: null })).plan?.designTarget).toBeNull();
    });
  });

  describe('a request too vague to plan', () => {
    it.each(['build an app', 'make something', 'An app.', 'Build me something cool please', 'a react app', 'hi'])(
      'given %j, asks what the app should do',
      async (request) => {
        const reply = await ask([request]);

        expect(reply.status).toBe('NEEDS_INPUT');
        expect(reply.plan).toBeNull();
        expect(reply.question).toBe(VAGUE_QUESTION);
        expect(reply.confidencePercent).toBe(20);
      },
    );

    it('given a vague request followed by a specific one, proposes a plan', async () => {
      const reply = await ask(['build an app', 'a pomodoro timer']);

      expect(reply.status).toBe('NEEDS_CONFIRMATION');
      expect(reply.plan?.features).toEqual(baseOf('POMODORO'));
    });
  });
});

import { assertCanonicalizable } from '../../kernel/black-box/canonical-json';
import type { BuildPlan } from '../../missions/domain/mission-events';
import { answer, ask, baseOf, conversationOf } from '../../../test/support/consultant-conversation.fixture';
import { OFFLINE_MODEL, OFFLINE_PROVIDER, OfflineConsultant } from './offline-consultant';
import { OFFLINE_STACK } from '../../catalogue/offline-stack';
import { CONFIRM_QUESTION } from './plan-speech';

describe('OfflineConsultant: revising a proposed plan', () => {
  it.each([
    ['no, add search', 'Search and filter', 'added search and filter'],
    ['also add dark mode', 'Dark mode toggle', 'added dark mode toggle'],
    ['ok, no, add search', 'Search and filter', 'added search and filter'],
    ['yes but add dark mode', 'Dark mode toggle', 'added dark mode toggle'],
    ['can it export to CSV?', 'Export data as CSV or JSON', 'added export data as CSV or JSON'],
    ['it should remember my tasks', 'Saves your data in the browser with localStorage', 'added saves your data'],
    ['add tags please', 'Tags or categories for tasks', 'added tags or categories for tasks'],
  ])('given a task list, when the user says %j, then the plan gains %j', async (reply, feature, said) => {
    const { before, after } = await answer('a todo app', reply);

    expect(after.status).toBe('NEEDS_CONFIRMATION');
    expect(after.plan?.features).toEqual([...before.features, feature]);
    expect(after.speech).toContain(`Updated the plan: ${said}`);
    expect(after.question).toBe(CONFIRM_QUESTION);
    expect(after.confidencePercent).toBe(90);
  });

  it.each([
    ['a quiz with a leaderboard', 'sure, without the leaderboard', 'High-score table'],
    ['a quiz with shuffled questions', 'remove the shuffle', 'Shuffled questions and answers'],
    ['a todo app with export', 'without export', 'Export data as CSV or JSON'],
    ['a todo app with export', "I don't need the CSV export", 'Export data as CSV or JSON'],
    ['a notes app with dark mode', 'no dark mode', 'Dark mode toggle'],
    ['a todo app', 'remove the priorities', 'Priorities and due dates'],
    ['a social feed', 'drop the likes', 'Like posts'],
  ])('given %j, when the user says %j, then the plan loses %j', async (request, reply, feature) => {
    const { before, after } = await answer(request, reply);

    expect(before.features).toContain(feature);
    expect(after.plan?.features).toEqual(before.features.filter((kept) => kept !== feature));
    expect(after.speech).toContain('Updated the plan: removed');
  });

  it('given several changes in one answer, applies all of them and names them', async () => {
    const { after } = await answer('a todo app with export', 'remove export, add search and dark mode');

    expect(after.plan?.features).toEqual([...baseOf('TASKS'), 'Dark mode toggle', 'Search and filter']);
    expect(after.speech).toMatch(/^Updated the plan: added dark mode toggle and search and filter; removed export data as CSV or JSON\. /);
  });

  it('given a free-worded addition no template builds, keeps the plan and says a model is needed for it', async () => {
    const { before, after } = await answer('a notes app', 'also add a word counter');

    expect(after.plan?.features).toEqual(before.features);
    expect(after.speech).toContain("Offline I can't build word counter: for that, configure a model");
  });

  it('given a catalogue feature only a model builds, keeps it out of the plan and says so', async () => {
    const { before, after } = await answer('a kanban board', 'add due dates');

    expect(after.plan?.features).toEqual(before.features);
    expect(after.speech).toContain("Offline I can't build due dates on cards");
  });

  it('given a removal of something the plan does not have, says so and changes nothing', async () => {
    const { before, after } = await answer('a calculator', 'remove the chat');

    expect(after.plan).toEqual(before);
    expect(after.speech).toContain('the plan had no "chat" to remove');
    expect(after.confidencePercent).toBe(50);
  });

  it('given an answer with nothing to apply, keeps the plan and says it is unchanged', async () => {
    const { before, after } = await answer('a calculator', 'hmm, let me think');

    expect(after.plan).toEqual(before);
    expect(after.speech).toMatch(/^I found nothing to change in that, so the plan is the same\. It is still a calculator/);
  });

  describe('the design target', () => {
    it('changes when the user names another famous app', async () => {
      const { before, after } = await answer('a todo app like twitter', 'change the theme to spotify');

      expect(after.plan).toEqual({ ...before, designTarget: 'SPOTIFY' });
      expect(after.speech).toContain('switched the theme to Spotify');
    });

    it('prefers the app asked for over the app refused', async () => {
      const { after } = await answer('a blog', 'use the Spotify style instead of Twitter');

      expect(after.plan?.designTarget).toBe('SPOTIFY');
    });

    it('is dropped when the user refuses the theme', async () => {
      const { after } = await answer('an instagram-style social feed', 'no theme please');

      expect(after.plan?.designTarget).toBeNull();
      expect(after.speech).toContain('dropped the famous-app theme');
    });

    it('stays when the user refuses a dark theme, which is a feature', async () => {
      const { after } = await answer('a notes app like notion with a dark theme', 'remove the dark theme');

      expect(after.plan?.designTarget).toBe('NOTION');
      expect(after.plan?.features).not.toContain('Dark mode toggle');
    });
  });

  it('keeps the stack honest when the user asks for a framework', async () => {
    const { before, after } = await answer('a todo app', 'yes, change the stack to vue');

    expect(after.plan).toEqual(before);
    expect(after.plan?.stack).toBe(OFFLINE_STACK);
    expect(after.speech).toContain('the offline provider does not build Vue');
  });

  it('replaces a stack proposed elsewhere with the one it builds', async () => {
    const plan: BuildPlan = { features: ['Add, complete and delete tasks'], stack: 'next.js', designTarget: null };

    const reply = await ask(['a todo app', 'add search'], plan);

    expect(reply.plan).toEqual({
      features: [...plan.features, 'Search and filter'],
      stack: OFFLINE_STACK,
      designTarget: null,
    });
  });

  it('switches to another kind of app on request, keeping the theme', async () => {
    const { after } = await answer('a todo app like spotify', 'actually, make it a calculator instead');

    expect(after.plan).toEqual({ features: baseOf('CALCULATOR'), stack: OFFLINE_STACK, designTarget: 'SPOTIFY' });
    expect(after.speech).toMatch(/^Switched to a calculator/);
  });

  it.each([
    ['a blog about cats', 'BLOG'],
    ['how about a quiz?', 'QUIZ'],
    ['build a calculator instead', 'CALCULATOR'],
  ] as const)('switches when the answer %j reads as a new request', async (reply, key) => {
    const { after } = await answer('a todo app', reply);

    expect(after.plan?.features).toEqual(baseOf(key));
  });

  it.each(['add notes to each task', 'and a feed of my tasks', 'notes for each task'])(
    'does not switch when %j only mentions another kind of app',
    async (reply) => {
      const { before, after } = await answer('a todo app', reply);

      expect(after.plan?.features.slice(0, before.features.length)).toEqual(before.features);
    },
  );

  it('revises a switched plan as the new kind of app', async () => {
    const first = await ask(['a todo app']);
    const switched = await ask(['a todo app', 'build a quiz instead'], first.plan);

    const reply = await ask(['a todo app', 'build a quiz instead', 'add a leaderboard'], switched.plan);

    expect(reply.plan?.features).toEqual([...baseOf('QUIZ'), 'High-score table']);
  });

  it('given a bare confirmation anyway, repeats the plan unchanged and still asks', async () => {
    const { before, after } = await answer('a blog', 'yes');

    expect(after.status).toBe('NEEDS_CONFIRMATION');
    expect(after.plan).toEqual(before);
    expect(after.speech).toMatch(/^The plan stands: a blog/);
  });
});

describe('OfflineConsultant: the shape of every reply', () => {
  const scenarios: ReadonlyArray<readonly [string[], boolean]> = [
    [['build an app'], false],
    [['a todo app with dark mode'], false],
    [['a spotify clone in react'], false],
    [['a todo app', 'no, add search'], true],
    [['a quiz with a leaderboard', 'sure, without the leaderboard'], true],
    [['a todo app', 'remove the chat'], true],
  ];

  async function replyFor(messages: string[], revising: boolean) {
    const first = await ask(messages.slice(0, 1));
    return revising ? ask(messages, first.plan) : first;
  }

  it.each(scenarios)('for %j, is honest about being rules, with whole numbers only', async (messages, revising) => {
    const reply = await replyFor(messages, revising);

    expect(reply).toMatchObject({ provider: OFFLINE_PROVIDER, model: OFFLINE_MODEL });
    expect(reply.provider).toBe('offline');
    expect(reply.model).toBe('rules-v1');
    expect(reply.usage).toEqual({ inputTokens: 0, outputTokens: 0 });
    expect(Number.isInteger(reply.confidencePercent)).toBe(true);
    expect(reply.confidencePercent).toBeGreaterThanOrEqual(0);
    expect(reply.confidencePercent).toBeLessThanOrEqual(100);
    expect(() => assertCanonicalizable(JSON.parse(JSON.stringify(reply)))).not.toThrow();
    expect(reply.speech.split(/[.!?](?:\s|$)/).filter((sentence) => sentence.trim()).length).toBeLessThanOrEqual(2);
  });

  it.each(scenarios)('for %j, gives the same reply to the same input', async (messages, revising) => {
    const first = await replyFor(messages, revising);
    const again = await replyFor(messages, revising);
    const fromAnotherInstance = await new OfflineConsultant().reply({
      conversation: conversationOf(messages),
      currentPlan: revising ? (await ask(messages.slice(0, 1))).plan : null,
    });

    expect(again).toEqual(first);
    expect(fromAnotherInstance).toEqual(first);
  });

  it('answers a conversation with no user message by asking what to build', async () => {
    const reply = await new OfflineConsultant().reply({ conversation: [], currentPlan: null });

    expect(reply.status).toBe('NEEDS_INPUT');
  });
});

import { START } from '../../src/missions/ports/event-store.port';
import { PostgresCheckpointStore } from '../../src/missions/infrastructure/postgres-checkpoint-store';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { createProjectionRunner } from '../../src/missions/read/mission-projections';
import { MissionReadModel } from '../../src/missions/read/mission-read-model';
import type { ProjectionRunner } from '../../src/missions/read/projection-runner';
import { newEvent } from '../support/events';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { archived, buildConfirmed, consultantReplied, failed, missionEvent, MissionScript, stepStarted, stepUnavailable, succeeded } from './mission-script';

const FEATURES = ['tags', 'due dates', 'search', 'dark mode'];
const PLAN_SPEECH = 'A todo app with tags, due dates, search and dark mode on node, styled like Trello. Shall I build it?';
const NO_ARCHITECT = 'No architect is configured yet';

describe('mission projections', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  let readModel: MissionReadModel;
  let todo: MissionScript;
  let weather: MissionScript;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.database.pool);
    runner = createProjectionRunner(db.database, store);
    readModel = new MissionReadModel(db.database);
    todo = new MissionScript(store, '2025-03-01T09:00:00.000Z');
    await todo.append(todo.opened('Build a todo app with tags and due dates'));
    await todo.append(
      consultantReplied('NEEDS_CONFIRMATION', PLAN_SPEECH, { question: 'Shall I build it?', features: FEATURES, stack: 'node', designTarget: 'TRELLO' }),
    );
    await todo.append(missionEvent('UserMessageReceived', { text: 'yes, build it' }));
    await todo.append(buildConfirmed('Build a todo app with tags and due dates', FEATURES, 'node', 'TRELLO'), stepStarted('draft'));
    await todo.append(stepUnavailable('draft', NO_ARCHITECT), failed(NO_ARCHITECT, 'draft'));
    weather = new MissionScript(store, '2025-03-02T09:00:00.000Z');
    await weather.append(
      weather.opened('Weather dashboard for Lisbon', 'alice', 'direct'),
      buildConfirmed('Weather dashboard for Lisbon', ['forecast'], 'node'),
    );
    await weather.append(stepStarted('draft'), stepStarted('build', 1), stepStarted('heal', 1), stepStarted('build', 2));
    await weather.append(succeeded('http://localhost:5050/apps/weather/', 'https://github.com/acme/weather/pull/1'), archived());
    await runner.catchUp();
  });
  afterAll(async () => db.drop());

  it('keeps the summary of a consultation that failed at the architect', async () => {
    expect(await readModel.summary(todo.id)).toEqual({
      missionId: todo.id,
      owner: 'alice',
      mode: 'consultation',
      channel: 'web',
      prompt: 'Build a todo app with tags and due dates',
      status: 'FAILED',
      speech: `Mission aborted. ${NO_ARCHITECT}`,
      url: null,
      prUrl: null,
      attempts: 0,
      run: 1,
      sandboxTier: null,
      designTarget: 'TRELLO',
      failureReason: NO_ARCHITECT,
      failureStage: 'draft',
      archived: false,
      // The consultant's reply spent 120 in and 60 out; an offline consultant makes no model call.
      inputTokens: 120,
      outputTokens: 60,
      modelCalls: 0,
      createdAt: new Date(todo.occurredAt[0]),
      updatedAt: new Date(todo.occurredAt[6]),
      lastRevision: 6,
    });
  });

  it('keeps the consultation: conversation, plan and status', async () => {
    expect(await readModel.consultation(todo.id)).toEqual({
      missionId: todo.id,
      status: 'FAILED',
      prompt: 'Build a todo app with tags and due dates',
      speech: `Mission aborted. ${NO_ARCHITECT}`,
      conversationHistory: [
        { role: 'user', content: 'Build a todo app with tags and due dates' },
        { role: 'assistant', content: PLAN_SPEECH },
        { role: 'user', content: 'yes, build it' },
      ],
      pendingQuestion: null,
      designTarget: 'TRELLO',
      proposedStack: 'node',
      features: FEATURES,
      lastRevision: 6,
    });
  });

  it('writes one timeline row per event, with a sentence, the status after it and its Black Box hash', async () => {
    const timeline = await readModel.timeline(todo.id);
    expect(timeline.map(({ revision, type, statusAfter, summary }) => ({ revision, type, statusAfter, summary }))).toEqual([
      {
        revision: 0,
        type: 'MissionOpened',
        statusAfter: 'CONSULTING',
        summary: 'Mission opened (consultation, web) by alice: Build a todo app with tags and due dates',
      },
      { revision: 1, type: 'ConsultantReplied', statusAfter: 'AWAITING_INPUT', summary: 'Consultant proposed: 4 features, node, TRELLO design' },
      { revision: 2, type: 'UserMessageReceived', statusAfter: 'CONSULTING', summary: 'User said: yes, build it' },
      { revision: 3, type: 'BuildConfirmed', statusAfter: 'READY_TO_BUILD', summary: 'Build confirmed: 4 features, node, TRELLO design' },
      { revision: 4, type: 'PipelineStepStarted', statusAfter: 'ARCHITECTING', summary: 'Started draft, attempt 1' },
      { revision: 5, type: 'PipelineStepUnavailable', statusAfter: 'ARCHITECTING', summary: `Step draft unavailable, attempt 1: ${NO_ARCHITECT}` },
      { revision: 6, type: 'MissionFailed', statusAfter: 'FAILED', summary: `Mission failed at ARCHITECTING: ${NO_ARCHITECT}` },
    ]);
    expect(timeline.map((row) => row.hash)).toEqual(todo.hashes);
    expect(timeline.map((row) => row.occurredAt)).toEqual(todo.occurredAt.map((at) => new Date(at)));
  });

  it('shows an archived mission by id, counting its build attempts, and gives a direct build no consultation', async () => {
    expect(await readModel.summary(weather.id)).toMatchObject({
      mode: 'direct',
      status: 'PR_OPENED',
      url: 'http://localhost:5050/apps/weather/',
      prUrl: 'https://github.com/acme/weather/pull/1',
      attempts: 2,
      run: 1,
      archived: true,
      lastRevision: 7,
    });
    expect(await readModel.consultation(weather.id)).toBeNull();
    expect((await readModel.timeline(weather.id)).at(-1)?.summary).toBe('Mission archived by alice');
  });

  it("sums a mission's model usage over the consultant's reading and the architect's answers, rejected ones included", async () => {
    const modelBacked = new MissionScript(store, '2025-02-27T09:00:00.000Z');
    const rejected = missionEvent('BlueprintRejected', {
      attempt: 1,
      provider: 'bedrock',
      model: 'claude',
      usage: { inputTokens: 1000, outputTokens: 200 },
      calls: 2,
      reason: 'the answer held no JSON',
    });
    await modelBacked.append(
      modelBacked.opened('Tide tables for Porto', 'carol', 'direct'),
      consultantReplied('NEEDS_CONFIRMATION', 'Tide tables, with a forecast.', { features: ['forecast'], stack: 'node' }),
    );
    await modelBacked.append(buildConfirmed('Tide tables for Porto', ['forecast'], 'node'), stepStarted('draft'), rejected);
    await runner.catchUp();
    expect(await readModel.summary(modelBacked.id)).toMatchObject({ status: 'ARCHITECTING', inputTokens: 1120, outputTokens: 260, modelCalls: 2 });
    expect((await readModel.timeline(modelBacked.id)).at(-1)?.summary).toBe('Blueprint rejected, attempt 1 (bedrock/claude): the answer held no JSON');
  });

  it('skips unknown event types and streams that are not missions, and still moves past them', async () => {
    const future = new MissionScript(store, '2025-03-03T09:00:00.000Z');
    await future.append(future.opened('A chat app for my team', 'bob'));
    await future.append({ type: 'MissionTeleported', data: { to: 'mars' } });
    await future.append(missionEvent('UserMessageReceived', { text: 'with threads' }));
    await store.append('mission-not-a-uuid', [newEvent('MissionOpened', { prompt: 'x' })], 'no_stream');
    await store.append(`order-${future.id}`, [newEvent('MissionArchived', { by: 'x' })], 'no_stream');
    await runner.catchUp();

    expect(await readModel.summary(future.id)).toMatchObject({ status: 'CONSULTING', lastRevision: 2 });
    expect((await readModel.consultation(future.id))?.conversationHistory).toEqual([
      { role: 'user', content: 'A chat app for my team' },
      { role: 'user', content: 'with threads' },
    ]);
    expect((await readModel.timeline(future.id)).map((row) => row.type)).toEqual(['MissionOpened', 'UserMessageReceived']);
    const end = (await store.readAll({ after: START, maxCount: 10_000 })).last;
    const checkpoints = new PostgresCheckpointStore(db.database.pool);
    for (const name of ['mission_summary', 'consultation_view', 'mission_timeline']) expect(await checkpoints.load(`projection:${name}`)).toBe(end);
  });

  describe('queries', () => {
    let chat: MissionScript;

    beforeAll(async () => {
      chat = new MissionScript(store, '2025-03-04T09:00:00.000Z');
      await chat.append(chat.opened('Chat apps with threads, reactions and todo lists', 'bob'));
      await runner.catchUp();
    });

    it('lists visible missions newest first with a total, per owner, and archived ones only when asked', async () => {
      const all = await readModel.list({ limit: 10 });
      expect(all.items.map((row) => row.missionId)).not.toContain(weather.id);
      expect(all.items.map((row) => row.createdAt.getTime())).toEqual([...all.items.map((row) => row.createdAt.getTime())].sort((a, b) => b - a));
      expect(all.total).toBe(all.items.length);
      const alice = await readModel.list({ owner: 'alice', limit: 10 });
      expect(alice.items.map((row) => row.missionId)).toEqual([todo.id]);
      const withArchived = await readModel.list({ owner: 'alice', includeArchived: true, limit: 10 });
      expect(withArchived.items.map((row) => row.missionId)).toEqual([weather.id, todo.id]);
      const page = await readModel.list({ limit: 1, offset: 1 });
      expect(page).toMatchObject({ total: all.total, items: [all.items[1]] });
    });

    it('gives the latest visible mission', async () => {
      expect((await readModel.latest())?.missionId).toBe(chat.id);
      expect((await readModel.latest('alice'))?.missionId).toBe(todo.id);
      expect(await readModel.latest('nobody')).toBeNull();
    });

    it('searches prompts of any status by whole words, never archived ones', async () => {
      const todos = await readModel.search('TODO');
      expect(todos.map((row) => [row.missionId, row.status])).toEqual([
        [chat.id, 'CONSULTING'],
        [todo.id, 'FAILED'],
      ]);
      expect(await readModel.search('weather dashboard')).toEqual([]);
      expect(await readModel.search('do')).toEqual([]); // not a word of "todo"
      expect((await readModel.search('app')).map((row) => row.missionId)).toContain(chat.id); // "apps"
      expect((await readModel.search('todo threads')).map((row) => row.missionId)).toEqual([chat.id, todo.id]); // more words first
      expect((await readModel.search('todo', { owner: 'alice' })).map((row) => row.missionId)).toEqual([todo.id]);
      expect(await readModel.search('100%_ \\')).toEqual([]);
    });

    it("answers the core's directory questions: open consultation, missions to clear, owner", async () => {
      expect(await readModel.openConsultationOf('bob')).toBe(chat.id);
      expect(await readModel.openConsultationOf('alice')).toBeNull(); // todo failed, weather is archived
      expect(await readModel.missionsOf('alice')).toEqual([todo.id]);
      expect(await readModel.missionsOf('nobody')).toEqual([]);
      expect(await readModel.ownerOf(weather.id)).toBe('alice');
      expect(await readModel.ownerOf(chat.id)).toBe('bob');
      expect(await readModel.ownerOf('00000000-0000-4000-8000-000000000000')).toBeNull();
      expect(await readModel.ownerOf('nope')).toBeNull();
    });

    it('answers null or nothing for ids that are not missions', async () => {
      expect(await readModel.summary('not-a-uuid')).toBeNull();
      expect(await readModel.consultation('00000000-0000-4000-8000-000000000000')).toBeNull();
      expect(await readModel.timeline('nope')).toEqual([]);
    });
  });
});

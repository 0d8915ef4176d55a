import { randomUUID } from 'node:crypto';
import { CONSULTATION_LIMITS } from '../../src/missions/domain/conversation';
import { missionStream } from '../../src/missions/domain/mission-events';
import { EVENT_STORE, type EventStore } from '../../src/missions/ports/event-store.port';
import { ProjectionRunner } from '../../src/missions/read/projection-runner';
import type { ConsultationBody } from '../support/bodies';
import { createTestApp, type TestApp } from '../support/test-app';
import type { Expected } from '../security/support/expected';

describe("A consultation's stored length is capped", () => {
  let t: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    t = await createTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  /** Messages of the user's recorded straight into the mission's stream (as if sent one by one, without the wait). */
  async function fill(missionId: string, count: number, text: string): Promise<void> {
    const stream = missionStream(missionId);
    const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    const events = Array.from({ length: count }, () => {
      const eventId = randomUUID();
      const metadata = { eventId, occurredAt: new Date().toISOString(), actor: 'mallory', correlationId: missionId, causationId: eventId, schemaVersion: 1 };
      return { type: 'UserMessageReceived', data: { text }, metadata };
    });
    const { nextRevision } = await store.append(stream, events, last?.revision ?? 'no_stream');
    await t.app.get(ProjectionRunner).waitForRevision(missionId, nextRevision, 120_000); // the read models have them before the next turn
  }

  const revisionOf = async (missionId: string): Promise<number> =>
    (await store.readStream(missionStream(missionId), { direction: 'backwards', maxCount: 1 }))[0]?.revision ?? -1;

  it.each([
    ['messages', CONSULTATION_LIMITS.messages - 1, 'add one more small feature', 0],
    ['characters', Math.ceil(CONSULTATION_LIMITS.characters / 3_900), 'a long wish '.repeat(325), 1],
  ])(
    'past its %s: 422 with a sentence and speech, nothing recorded (a refusal only while it leaves room for one more message)',
    async (_, count, text, refusalsRecorded) => {
      const mallory = t.as(`mallory-${randomUUID().slice(0, 8)}`);
      const opened = (await mallory.post('/gantry/consult').send({ message: 'I want a todo app for my team' }).expect(200)).body as ConsultationBody;
      await fill(opened.mission_id, count, text);
      const before = await revisionOf(opened.mission_id);

      const refused = await mallory.post('/gantry/consult').send({ message: 'and add a search box', mission_id: opened.mission_id });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject<Expected>({
        statusCode: 422,
        message: expect.stringMatching(/holds as many messages as a consultation may/),
        speech: expect.stringMatching(/This conversation is full\..*new mission/),
      });
      expect(await revisionOf(opened.mission_id)).toBe(before);
      const abusive = await mallory.post('/gantry/consult').send({ message: 'write me a keylogger', mission_id: opened.mission_id });
      expect(abusive.status).toBe(422); // still refused by the guardrails, with their reason
      expect(abusive.body).toMatchObject({ category: 'malware' });
      expect(await revisionOf(opened.mission_id)).toBe(before + refusalsRecorded); // by digest, and counted: bounded too
    },
  );
});

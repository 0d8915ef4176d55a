import { createHash } from 'node:crypto';
import { CONSULTATION_LIMITS, type ConsultantReply } from './conversation';
import type { MissionChange, MissionCommand } from './mission.commands';
import type { MissionEvent } from './mission-events';
import { decide } from './mission.decisions';
import { ConsultationFullError, InvalidTransitionError, MissionRuleError } from './mission.errors';
import { failedAt } from './mission-failed';
import { foldMission, type MissionState } from './mission.state';
import { match } from '../../../test/support/expectations';

/** Given events / when a decision / then the events it records (or the error it refuses with). */
const given = (...events: MissionEvent[]): MissionState => foldMission(events);

const ID = '6f1c1f4e-8d1a-4f6e-9a53-2d6c1b7e0a11';
const opened: MissionEvent = {
  type: 'MissionOpened',
  data: { missionId: ID, mode: 'consultation', prompt: 'A todo app with due dates', deploy: true, publish: true, channel: 'api', owner: 'client:alice' },
};
const plan = { features: ['Add, complete and delete tasks', 'Due dates'], stack: 'node', designTarget: null };
const proposed: MissionEvent = {
  type: 'ConsultantReplied',
  data: {
    status: 'NEEDS_CONFIRMATION',
    speech: 'A task list with due dates. Shall I build it?',
    question: 'Shall I build it?',
    features: plan.features,
    proposedStack: plan.stack,
    designTarget: null,
    confidencePercent: 80,
    provider: 'offline',
    model: 'rules-v1',
    usage: { inputTokens: 0, outputTokens: 0 },
  },
};
const askedOnly: MissionEvent = {
  ...proposed,
  data: { ...proposed.data, status: 'NEEDS_INPUT', features: [], proposedStack: null, question: 'What should it do?' },
};
const archived: MissionEvent = { type: 'MissionArchived', data: { by: 'a' } };
const confirmed: MissionEvent = { type: 'BuildConfirmed', data: { buildPrompt: 'A todo app with due dates', ...plan } };
const failed = failedAt('draft', { reason: 'no architect', speech: 'Stopped.' });
const succeeded: MissionEvent = { type: 'MissionSucceeded', data: { status: 'SUCCESS', reason: 'built', speech: 'Done.', url: null, prUrl: null } };
const building: MissionEvent = { type: 'PipelineStepStarted', data: { step: 'draft', attempt: 1 } };

const reply: ConsultantReply = {
  status: 'NEEDS_CONFIRMATION',
  speech: 'Shall I?',
  question: 'Shall I build it?',
  plan,
  confidencePercent: 75,
  provider: 'offline',
  model: 'rules-v1',
  usage: { inputTokens: 0, outputTokens: 0 },
};

describe('Mission decisions', () => {
  describe('opening', () => {
    it('opens a consultation whose conversation starts with the prompt', () => {
      const events = decide(
        {
          type: 'OpenConsultation',
          opening: { missionId: ID, prompt: 'A todo app with due dates', deploy: true, publish: true, channel: 'api', owner: 'client:alice' },
        },
        given(),
      );
      expect(events).toEqual([opened]);
      expect(foldMission(events)).toMatchObject({ status: 'CONSULTING', conversation: [{ role: 'user', content: 'A todo app with due dates' }] });
    });

    it('refuses to open a mission twice', () => {
      expect(() =>
        decide({ type: 'OpenConsultation', opening: { missionId: ID, prompt: 'x', deploy: true, publish: true, channel: 'api', owner: 'a' } }, given(opened)),
      ).toThrow(InvalidTransitionError);
    });

    it('starts a direct build as opened, read by the consultant and confirmed at once, with the plan whole', () => {
      const reading = { ...reply, provider: 'bedrock', model: 'claude', usage: { inputTokens: 900, outputTokens: 300 } };
      const opening = { missionId: ID, prompt: 'A calculator', deploy: false, publish: true, channel: 'voice' as const, owner: 'anonymous' };
      const events = decide({ type: 'StartDirectBuild', opening, reading, plan }, given());
      expect(events.map((event) => event.type)).toEqual(['MissionOpened', 'ConsultantReplied', 'BuildConfirmed']);
      expect(events[2].data).toEqual({ buildPrompt: 'A calculator', ...plan });
      expect(foldMission(events)).toMatchObject({
        status: 'READY_TO_BUILD',
        mode: 'direct',
        deploy: false,
        approvedPlan: { buildPrompt: 'A calculator', ...plan },
        usage: { inputTokens: 900, outputTokens: 300, modelCalls: 1 },
        runUsage: { inputTokens: 0, outputTokens: 0, modelCalls: 0 },
      });
    });
  });

  describe('consulting', () => {
    it('records a consultant reply and waits for input with the proposed plan', () => {
      const events = decide({ type: 'RecordConsultantReply', reply }, given(opened));
      expect(events).toEqual([
        {
          type: 'ConsultantReplied',
          data: match.objectContaining({ status: 'NEEDS_CONFIRMATION', features: plan.features, proposedStack: 'node', confidencePercent: 75 }),
        },
      ]);
      expect(foldMission([opened, ...events])).toMatchObject({ status: 'AWAITING_INPUT', proposedPlan: plan, pendingQuestion: 'Shall I build it?' });
    });

    it('takes a message while consulting and clears the pending question', () => {
      const events = decide({ type: 'ReceiveMessage', text: 'no, add search' }, given(opened, proposed));
      expect(events).toEqual([{ type: 'UserMessageReceived', data: { text: 'no, add search' } }]);
      expect(foldMission([opened, proposed, ...events])).toMatchObject({ status: 'CONSULTING', pendingQuestion: null, proposedPlan: plan });
    });

    it.each([
      ['building', [opened, proposed, confirmed, building]],
      ['finished', [opened, proposed, confirmed, succeeded]],
      ['archived', [opened, proposed, archived]],
    ])('refuses a message when the mission is %s', (_, history) => {
      expect(() => decide({ type: 'ReceiveMessage', text: 'hello' }, given(...history))).toThrow(InvalidTransitionError);
    });

    it('attaches a design image while consulting', () => {
      const image = { fileName: 'mock.png', mime: 'image/png', bytes: 68, sha256: 'ab'.repeat(32), evidencePath: `${ID}/design-reference.png` };
      expect(decide({ type: 'AttachDesignImage', image }, given(opened))).toEqual([{ type: 'DesignImageAttached', data: image }]);
      expect(() => decide({ type: 'AttachDesignImage', image }, given(opened, proposed, confirmed))).toThrow(InvalidTransitionError);
    });
  });

  describe('confirming', () => {
    it("confirms the pending plan, carrying it whole and the user's words as the build prompt", () => {
      const state = given(opened, proposed, { type: 'UserMessageReceived', data: { text: 'also add search' } }, proposed, {
        type: 'UserMessageReceived',
        data: { text: 'yes, go ahead' },
      });
      const events = decide({ type: 'ConfirmBuild' }, state);
      expect(events).toEqual([{ type: 'BuildConfirmed', data: { buildPrompt: 'A todo app with due dates\nalso add search', ...plan } }]);
      expect(foldMission([opened, proposed, ...events])).toMatchObject({ status: 'READY_TO_BUILD', approvedPlan: { ...plan }, proposedPlan: null, run: 1 });
    });

    it('refuses to confirm when nothing was proposed', () => {
      expect(() => decide({ type: 'ConfirmBuild' }, given(opened, askedOnly))).toThrow(MissionRuleError);
    });

    it('refuses to confirm a mission that is already building', () => {
      expect(() => decide({ type: 'ConfirmBuild' }, given(opened, proposed, confirmed, building))).toThrow(InvalidTransitionError);
    });
  });

  describe('retrying', () => {
    it('retries a failed mission from its approved plan', () => {
      const events = decide({ type: 'RetryMission', by: 'client:alice', deploy: false }, given(opened, proposed, confirmed, failed));
      expect(events).toEqual([{ type: 'MissionRetried', data: { fromStatus: 'FAILED', by: 'client:alice', deploy: false, publish: true } }]);
      expect(foldMission([opened, proposed, confirmed, failed, ...events])).toMatchObject({ status: 'READY_TO_BUILD', run: 2, failure: null, deploy: false });
    });

    it.each([
      ['succeeded', [opened, proposed, confirmed, succeeded]],
      ['building', [opened, proposed, confirmed, building]],
      ['consulting', [opened, proposed]],
    ])('refuses to retry a mission that %s', (_, history) => {
      expect(() => decide({ type: 'RetryMission', by: 'a' }, given(...(history as MissionEvent[])))).toThrow(InvalidTransitionError);
    });
  });

  describe('archiving', () => {
    it('archives a finished or consulting mission once, and never one that is building', () => {
      const archive: MissionCommand = { type: 'ArchiveMission', by: 'a' };
      expect(decide(archive, given(opened, proposed, confirmed, failed))).toEqual([{ type: 'MissionArchived', data: { by: 'a' } }]);
      expect(decide(archive, given(opened, proposed))).toHaveLength(1);
      expect(decide(archive, given(opened, { type: 'MissionArchived', data: { by: 'a' } }))).toEqual([]);
      expect(() => decide(archive, given(opened, proposed, confirmed, building))).toThrow(InvalidTransitionError);
    });
  });

  describe('refusing a message', () => {
    it('records a refused message by its digest and length, never its text', () => {
      const text = 'write me a keylogger';
      const refusal = { category: 'malware' as const, reason: 'Malware request', suggestion: 'Ask for something else' };
      expect(decide({ type: 'RefuseMessage', refusal, text }, given(opened))).toEqual([
        {
          type: 'MessageRefused',
          data: {
            category: 'malware',
            reason: 'Malware request',
            suggestion: 'Ask for something else',
            textSha256: createHash('sha256').update(text).digest('hex'),
            textLength: text.length,
          },
        },
      ]);
      const after = given(opened, ...decide({ type: 'RefuseMessage', refusal, text }, given(opened)));
      expect(after).toMatchObject({ refusedMessages: 1 });
      expect({ ...after, revision: 0, refusedMessages: 0 }).toEqual(given(opened)); // the mission itself is unchanged, bar the count
    });
  });

  describe("a consultation's size is bounded", () => {
    const said = (text: string): MissionEvent => ({ type: 'UserMessageReceived', data: { text } });
    const refusalOf = (decision: () => unknown): unknown => {
      try {
        decision();
      } catch (error) {
        return error;
      }
      throw new Error('the decision was not refused');
    };
    const refusal = { category: 'abusive' as const, reason: 'Abusive language', suggestion: 'Rephrase' };
    /** The opening prompt and `count - 1` more messages of the user's. */
    const holding = (count: number, ...after: MissionEvent[]) =>
      given(opened, ...Array.from({ length: count - 1 }, (_, i) => said(`add feature ${i}`)), ...after);

    it(`takes up to ${CONSULTATION_LIMITS.messages} messages of the user's, then refuses the next with what to do instead`, () => {
      expect(decide({ type: 'ReceiveMessage', text: 'one more' }, holding(CONSULTATION_LIMITS.messages - 1))).toHaveLength(1);
      const full = holding(CONSULTATION_LIMITS.messages);
      expect(() => decide({ type: 'ReceiveMessage', text: 'one more' }, full)).toThrow(ConsultationFullError);
      expect(refusalOf(() => decide({ type: 'ReceiveMessage', text: 'one more' }, full))).toMatchObject({
        kind: 'rule',
        code: 'CONSULTATION_FULL',
        speech: match.stringMatching(/Start a new mission/),
      });
    });

    it('counts refused messages too, and stops recording them once full (the refusal is still the answer)', () => {
      const refused = decide({ type: 'RefuseMessage', refusal, text: 'you idiot' }, holding(2))[0];
      expect(refused).toMatchObject({ type: 'MessageRefused' });
      const fullOfRefusals = holding(1, ...Array.from({ length: CONSULTATION_LIMITS.messages - 1 }, () => refused));
      expect(() => decide({ type: 'ReceiveMessage', text: 'a real message' }, fullOfRefusals)).toThrow(ConsultationFullError);
      expect(decide({ type: 'RefuseMessage', refusal, text: 'you idiot' }, fullOfRefusals)).toEqual([]);
    });

    it('bounds the characters as well as the messages', () => {
      const long = 'x'.repeat(4000);
      const nearlyFull = given(opened, ...Array.from({ length: Math.floor(CONSULTATION_LIMITS.characters / 4000) - 1 }, () => said(long)));
      expect(() => decide({ type: 'ReceiveMessage', text: long }, nearlyFull)).toThrow(ConsultationFullError);
      expect(decide({ type: 'ReceiveMessage', text: 'short' }, nearlyFull)).toHaveLength(1);
    });

    it('still takes the confirmation of a proposed plan when full, and says so in its refusal of anything else', () => {
      const full = holding(CONSULTATION_LIMITS.messages, proposed);
      expect(decide({ type: 'ReceiveMessage', text: 'yes, build it' }, full)).toEqual([said('yes, build it')]);
      expect(refusalOf(() => decide({ type: 'ReceiveMessage', text: 'and add search' }, full))).toMatchObject({
        speech: match.stringMatching(/yes, build it/),
      });
    });
  });

  describe('decide: one entry point for every command', () => {
    const image = { fileName: 'mock.png', mime: 'image/png', bytes: 68, sha256: 'ab'.repeat(32), evidencePath: `${ID}/design-reference.png` };
    const opening = { missionId: ID, prompt: 'A todo app with due dates', deploy: true, publish: true, channel: 'api' as const, owner: 'client:alice' };
    const refusal = { category: 'abusive' as const, reason: 'Abusive language', suggestion: 'Say it kindly' };

    it.each<[MissionCommand['type'], MissionEvent[], MissionCommand, string[]]>([
      ['OpenConsultation', [], { type: 'OpenConsultation', opening }, ['MissionOpened']],
      ['StartDirectBuild', [], { type: 'StartDirectBuild', opening, reading: reply, plan }, ['MissionOpened', 'ConsultantReplied', 'BuildConfirmed']],
      ['ReceiveMessage', [opened], { type: 'ReceiveMessage', text: 'add search' }, ['UserMessageReceived']],
      ['RecordConsultantReply', [opened], { type: 'RecordConsultantReply', reply }, ['ConsultantReplied']],
      ['ConfirmBuild', [opened, proposed], { type: 'ConfirmBuild' }, ['BuildConfirmed']],
      ['AttachDesignImage', [opened], { type: 'AttachDesignImage', image }, ['DesignImageAttached']],
      ['RetryMission', [opened, proposed, confirmed, failed], { type: 'RetryMission', by: 'client:alice' }, ['MissionRetried']],
      ['RefuseMessage', [opened], { type: 'RefuseMessage', refusal, text: 'you idiot' }, ['MessageRefused']],
      ['ArchiveMission', [opened], { type: 'ArchiveMission', by: 'client:alice' }, ['MissionArchived']],
    ])('dispatches %s to its decision', (_, history, command, types) => {
      expect(decide(command, given(...history)).map((recorded) => recorded.type)).toEqual(types);
    });

    it.each<MissionChange>([
      { type: 'ReceiveMessage', text: 'hello' },
      { type: 'RecordConsultantReply', reply },
      { type: 'ConfirmBuild' },
      { type: 'AttachDesignImage', image },
      { type: 'RetryMission', by: 'a' },
      { type: 'RefuseMessage', refusal, text: 'you idiot' },
      { type: 'ArchiveMission', by: 'a' },
    ])('refuses $type when there is no mission, and records nothing', (command) => {
      expect(() => decide(command, given())).toThrow(InvalidTransitionError);
      expect(() => decide(command, given())).toThrow(/there is no such mission/);
    });

    it('opens a mission only on a stream that holds none, directly or by consultation', () => {
      expect(() => decide({ type: 'StartDirectBuild', opening, reading: reply, plan }, given(opened))).toThrow(InvalidTransitionError);
      expect(() => decide({ type: 'OpenConsultation', opening }, given(opened, proposed, confirmed, failed))).toThrow(/already exists/);
    });

    it('leaves the state it decides on as it was', () => {
      const state = given(opened, proposed);
      const before = structuredClone(state);
      decide({ type: 'ReceiveMessage', text: 'yes' }, state);
      decide({ type: 'ConfirmBuild' }, state);
      expect(state).toEqual(before);
    });
  });
});

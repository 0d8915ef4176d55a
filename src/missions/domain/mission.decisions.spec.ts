import { isConfirmation } from './intent/confirmation';
import type { ConsultantReply } from '../ports/consultant.port';
import type { MissionEvent } from './mission-events';
import {
  archiveMission,
  attachDesignImage,
  confirmBuild,
  openConsultation,
  receiveMessage,
  recordConsultantReply,
  retryMission,
  startDirectBuild,
} from './mission.decisions';
import { InvalidTransitionError, MissionRuleError } from './mission.errors';
import { failedAt } from './mission-failed';
import { foldMission, type MissionState } from './mission.state';

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
const askedOnly: MissionEvent = { ...proposed, data: { ...proposed.data, status: 'NEEDS_INPUT', features: [], proposedStack: null, question: 'What should it do?' } } as MissionEvent;
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
      const events = openConsultation(given(), { missionId: ID, prompt: 'A todo app with due dates', deploy: true, publish: true, channel: 'api', owner: 'client:alice' });
      expect(events).toEqual([opened]);
      expect(foldMission(events)).toMatchObject({ status: 'CONSULTING', conversation: [{ role: 'user', content: 'A todo app with due dates' }] });
    });

    it('refuses to open a mission twice', () => {
      expect(() => openConsultation(given(opened), { missionId: ID, prompt: 'x', deploy: true, publish: true, channel: 'api', owner: 'a' })).toThrow(InvalidTransitionError);
    });

    it('starts a direct build as opened, read by the consultant and confirmed at once, with the plan whole', () => {
      const reading = { ...reply, provider: 'bedrock', model: 'claude', usage: { inputTokens: 900, outputTokens: 300 } };
      const events = startDirectBuild(given(), { missionId: ID, prompt: 'A calculator', deploy: false, publish: true, channel: 'voice', owner: 'anonymous' }, reading, plan);
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
      const events = recordConsultantReply(given(opened), reply);
      expect(events).toEqual([{ type: 'ConsultantReplied', data: expect.objectContaining({ status: 'NEEDS_CONFIRMATION', features: plan.features, proposedStack: 'node', confidencePercent: 75 }) }]);
      expect(foldMission([opened, ...events])).toMatchObject({ status: 'AWAITING_INPUT', proposedPlan: plan, pendingQuestion: 'Shall I build it?' });
    });

    it('takes a message while consulting and clears the pending question', () => {
      const events = receiveMessage(given(opened, proposed), 'no, add search');
      expect(events).toEqual([{ type: 'UserMessageReceived', data: { text: 'no, add search' } }]);
      expect(foldMission([opened, proposed, ...events])).toMatchObject({ status: 'CONSULTING', pendingQuestion: null, proposedPlan: plan });
    });

    it.each([
      ['building', [opened, proposed, confirmed, building]],
      ['finished', [opened, proposed, confirmed, succeeded]],
      ['archived', [opened, proposed, { type: 'MissionArchived', data: { by: 'a' } } as MissionEvent]],
    ])('refuses a message when the mission is %s', (_, history) => {
      expect(() => receiveMessage(given(...(history as MissionEvent[])), 'hello')).toThrow(InvalidTransitionError);
    });

    it('attaches a design image while consulting', () => {
      const image = { fileName: 'mock.png', mime: 'image/png', bytes: 68, sha256: 'ab'.repeat(32), evidencePath: `${ID}/design-reference.png` };
      expect(attachDesignImage(given(opened), image)).toEqual([{ type: 'DesignImageAttached', data: image }]);
      expect(() => attachDesignImage(given(opened, proposed, confirmed), image)).toThrow(InvalidTransitionError);
    });
  });

  describe('confirming', () => {
    it('confirms the pending plan, carrying it whole and the user\'s words as the build prompt', () => {
      const state = given(opened, proposed, { type: 'UserMessageReceived', data: { text: 'also add search' } }, proposed, { type: 'UserMessageReceived', data: { text: 'yes, go ahead' } });
      const events = confirmBuild(state, isConfirmation);
      expect(events).toEqual([{ type: 'BuildConfirmed', data: { buildPrompt: 'A todo app with due dates\nalso add search', ...plan } }]);
      expect(foldMission([opened, proposed, ...events])).toMatchObject({ status: 'READY_TO_BUILD', approvedPlan: { ...plan }, proposedPlan: null, run: 1 });
    });

    it('refuses to confirm when nothing was proposed', () => {
      expect(() => confirmBuild(given(opened, askedOnly), isConfirmation)).toThrow(MissionRuleError);
    });

    it('refuses to confirm a mission that is already building', () => {
      expect(() => confirmBuild(given(opened, proposed, confirmed, building), isConfirmation)).toThrow(InvalidTransitionError);
    });
  });

  describe('retrying', () => {
    it('retries a failed mission from its approved plan', () => {
      const events = retryMission(given(opened, proposed, confirmed, failed), 'client:alice', { deploy: false });
      expect(events).toEqual([{ type: 'MissionRetried', data: { fromStatus: 'FAILED', by: 'client:alice', deploy: false, publish: true } }]);
      expect(foldMission([opened, proposed, confirmed, failed, ...events])).toMatchObject({ status: 'READY_TO_BUILD', run: 2, failure: null, deploy: false });
    });

    it.each([
      ['succeeded', [opened, proposed, confirmed, succeeded]],
      ['building', [opened, proposed, confirmed, building]],
      ['consulting', [opened, proposed]],
    ])('refuses to retry a mission that %s', (_, history) => {
      expect(() => retryMission(given(...(history as MissionEvent[])), 'a', {})).toThrow(InvalidTransitionError);
    });
  });

  describe('archiving', () => {
    it('archives a finished or consulting mission once, and never one that is building', () => {
      expect(archiveMission(given(opened, proposed, confirmed, failed), 'a')).toEqual([{ type: 'MissionArchived', data: { by: 'a' } }]);
      expect(archiveMission(given(opened, proposed), 'a')).toHaveLength(1);
      expect(archiveMission(given(opened, { type: 'MissionArchived', data: { by: 'a' } }), 'a')).toEqual([]);
      expect(() => archiveMission(given(opened, proposed, confirmed, building), 'a')).toThrow(InvalidTransitionError);
    });
  });
});

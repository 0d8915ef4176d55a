import type { MissionEvent } from './mission-events';
import { MissionNotFoundError } from './mission.errors';
import { evolveShipping, NO_SHIPPING } from './mission-shipping.state';
import { evolve, foldMission, mustExist, NO_MISSION, type StoredMissionEvent } from './mission.state';

const ID = '9a2e4c71-5d3b-4f8e-a1c6-7b0d2e9f4a35';
const opened: MissionEvent = {
  type: 'MissionOpened',
  data: { missionId: ID, mode: 'consultation', prompt: 'A habit tracker', deploy: true, publish: false, channel: 'web', owner: 'client:bo' },
};
const message: MissionEvent = { type: 'UserMessageReceived', data: { text: 'with streaks' } };
const archived: MissionEvent = { type: 'MissionArchived', data: { by: 'client:bo' } };

describe('Mission state: given events, the mission they describe', () => {
  describe('before the mission exists', () => {
    it('is no mission, with no id, at revision -1 for an empty stream', () => {
      const state = foldMission([]);
      expect(state).toEqual({ exists: false, revision: -1 });
      expect(state).not.toHaveProperty('id');
      expect(state).toBe(NO_MISSION);
    });

    it('folds events recorded before MissionOpened into nothing but the revision', () => {
      expect(foldMission([message, archived])).toEqual({ exists: false, revision: 1 });
      expect(evolve(NO_MISSION, message)).toBe(NO_MISSION);
    });

    it('opens the mission from nothing, whatever came before it, counting every revision', () => {
      const state = foldMission([message, archived, opened]);
      expect(state).toMatchObject({
        exists: true,
        id: ID,
        revision: 2,
        archived: false,
        status: 'CONSULTING',
        conversation: [{ role: 'user', content: 'A habit tracker' }],
      });
    });

    it('is not found when a command needs the mission', () => {
      expect(() => mustExist(foldMission([message]), ID)).toThrow(MissionNotFoundError);
      expect(mustExist(foldMission([opened]), ID)).toMatchObject({ exists: true, id: ID, owner: 'client:bo', revision: 0 });
    });
  });

  describe('once opened', () => {
    it('keeps its id and folds each event in without changing the state it was given', () => {
      const state = foldMission([opened]);
      const before = structuredClone(state);
      expect(evolve(state, message)).toMatchObject({ id: ID, conversation: [{ content: 'A habit tracker' }, { content: 'with streaks' }] });
      expect(state).toEqual(before);
    });

    it("keeps the start of the run from a stored event's occurredAt, once there is a mission", () => {
      const confirmed: StoredMissionEvent = {
        type: 'BuildConfirmed',
        data: { buildPrompt: 'x', features: [], stack: 'node', designTarget: null },
        occurredAt: '2026-01-02T03:04:05.000Z',
      };
      expect(foldMission([opened, confirmed])).toMatchObject({ runStartedAt: '2026-01-02T03:04:05.000Z', run: 1 });
      expect(foldMission([confirmed])).toEqual({ exists: false, revision: 0 });
    });
  });

  describe('shipping', () => {
    const requested = {
      type: 'DeploymentRequested',
      data: { attempt: 1, provider: 'local', slug: 'habits-9a2e4c71', key: `${ID}.1.1`, manifestDigest: 'd'.repeat(64) },
    } as const;
    const succeeded = {
      type: 'DeploymentSucceeded',
      data: { attempt: 1, provider: 'local', url: 'http://x/apps/habits/', deploymentId: 'd1', reused: false },
    } as const;
    const failed = { type: 'PublishFailed', data: { attempt: 1, provider: 'github', error: 'no token' } } as const;

    it('evolves its own progress and says which step an event ends and which link it brings', () => {
      const asked = evolveShipping(NO_SHIPPING, requested);
      expect(asked).toEqual({ shipping: { ...NO_SHIPPING, deployment: requested.data }, finished: null });
      expect(evolveShipping(asked.shipping, succeeded)).toEqual({ shipping: asked.shipping, finished: 'deploy', url: 'http://x/apps/habits/' });
      expect(evolveShipping(asked.shipping, failed)).toEqual({ shipping: asked.shipping, finished: 'publish' });
    });

    it('is composed into the mission: the step ends and the link is kept', () => {
      const deploying = foldMission([opened, { type: 'PipelineStepStarted', data: { step: 'deploy', attempt: 1 } }, requested]);
      expect(deploying).toMatchObject({
        status: 'DEPLOYING',
        currentStep: { step: 'deploy' },
        url: null,
        pipeline: { finishedSteps: [], shipping: { deployment: requested.data } },
      });
      expect(evolve(deploying, succeeded)).toMatchObject({
        currentStep: null,
        url: 'http://x/apps/habits/',
        pipeline: { finishedSteps: ['deploy'], shipping: { deployment: requested.data } },
      });
    });
  });
});

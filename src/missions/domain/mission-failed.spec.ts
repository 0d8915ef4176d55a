import type { MissionEvent, PipelineStep } from './mission-events';
import { blockedAt, failedAt, timedOutAt } from './mission-failed';
import { foldMission } from './mission.state';

const opened: MissionEvent = {
  type: 'MissionOpened',
  data: {
    missionId: '3d5e8a61-0b7c-4f2a-9e1d-6c4b2a8f0e17',
    mode: 'direct',
    prompt: 'A quiz',
    deploy: false,
    publish: false,
    channel: 'api',
    owner: 'anonymous',
  },
};
const confirmed: MissionEvent = { type: 'BuildConfirmed', data: { buildPrompt: 'A quiz', features: [], stack: 'node', designTarget: null } };
const account = { reason: 'the sandbox is gone', speech: 'Mission stopped.' };

describe('MissionFailed: made in one place, named by how the mission ended', () => {
  it.each<[string, typeof failedAt, string]>([
    ['failedAt', failedAt, 'FAILED'],
    ['blockedAt', blockedAt, 'BLOCKED'],
    ['timedOutAt', timedOutAt, 'TIMEOUT'],
  ])('%s ends the mission %s, keeping the reason and the speech', (_, ending, status) => {
    expect(ending('build', account)).toEqual({
      type: 'MissionFailed',
      data: { status, reason: 'the sandbox is gone', speech: 'Mission stopped.', stage: 'BUILDING' },
    });
  });

  it.each<[PipelineStep, string]>([
    ['draft', 'ARCHITECTING'],
    ['heal', 'HEALING'],
    ['policy', 'VALIDATING'],
    ['build', 'BUILDING'],
    ['deploy', 'DEPLOYING'],
    ['publish', 'PUBLISHING'],
  ])("names the stage of a failure at %s by that step's status, %s", (step, stage) => {
    expect(failedAt(step, account).data.stage).toBe(stage);
  });

  it('folds into the mission as its failure, ending the step under way', () => {
    const started: MissionEvent = { type: 'PipelineStepStarted', data: { step: 'policy', attempt: 1 } };
    expect(foldMission([opened, confirmed, started, blockedAt('policy', { reason: 'eval() in app.js', speech: 'Request denied.' })])).toMatchObject({
      status: 'BLOCKED',
      speech: 'Request denied.',
      currentStep: null,
      failure: { status: 'BLOCKED', reason: 'eval() in app.js', stage: 'VALIDATING' },
    });
  });
});

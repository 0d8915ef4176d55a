import type { MissionEvent } from '../domain/mission-events';
import { foldMission } from '../domain/mission.state';
import { nextPipelineAction } from './next-pipeline-action';
import { NotConfiguredStep } from './not-configured.step';

const ID = '0b8c3a8e-3f0e-4a55-8f1c-0d8c6c1a9b21';
const opened: MissionEvent = { type: 'MissionOpened', data: { missionId: ID, mode: 'direct', prompt: 'A quiz', deploy: true, publish: true, channel: 'api', owner: 'anonymous' } };
const confirmed: MissionEvent = { type: 'BuildConfirmed', data: { buildPrompt: 'A quiz', features: [], stack: 'node', designTarget: null } };
const started: MissionEvent = { type: 'PipelineStepStarted', data: { step: 'draft', attempt: 1 } };

describe('nextPipelineAction', () => {
  it('starts drafting once a build is confirmed, runs the started step, then stops when the mission ends', async () => {
    expect(nextPipelineAction(foldMission([opened]))).toBeNull();
    expect(nextPipelineAction(foldMission([opened, confirmed]))).toEqual({ kind: 'start', step: 'draft', attempt: 1 });
    const drafting = foldMission([opened, confirmed, started]);
    expect(drafting.status).toBe('ARCHITECTING');
    expect(nextPipelineAction(drafting)).toEqual({ kind: 'run', step: 'draft', attempt: 1 });
    const result = await new NotConfiguredStep('draft').run(drafting, 1);
    const ended = foldMission([opened, confirmed, started, ...result]);
    expect(result.map((event) => event.type)).toEqual(['PipelineStepUnavailable', 'MissionFailed']);
    expect(ended).toMatchObject({ status: 'FAILED', failure: { stage: 'ARCHITECTING', reason: expect.stringContaining('No architect is configured') } });
    expect(nextPipelineAction(ended)).toBeNull();
  });

  it('starts again after a retry', () => {
    const failed: MissionEvent = { type: 'MissionFailed', data: { status: 'FAILED', reason: 'r', speech: 's', stage: 'ARCHITECTING' } };
    const retried: MissionEvent = { type: 'MissionRetried', data: { fromStatus: 'FAILED', by: 'anonymous', deploy: true, publish: true } };
    expect(nextPipelineAction(foldMission([opened, confirmed, started, failed, retried]))).toEqual({ kind: 'start', step: 'draft', attempt: 1 });
  });
});

import type { MissionEvent } from '../../src/missions/domain/mission-events';
import type { MissionState } from '../../src/missions/domain/mission.state';
import { NotConfiguredStep } from '../../src/missions/pipeline/not-configured.step';
import { ARCHITECT_STEP_RUNNERS, type PipelineStepRunner } from '../../src/missions/pipeline/pipeline-step.port';
import { eventTypes, waitForStatus } from '../support/http-helpers';
import { createTestApp } from '../support/test-app';

/** A drafting step that starts and never returns, as if the process died in the middle of it. */
class HangingDraft implements PipelineStepRunner {
  readonly step = 'draft' as const;
  started!: () => void;
  readonly reached = new Promise<void>((resolve) => (this.started = resolve));
  run(_mission: MissionState, _attempt: number): Promise<MissionEvent[]> {
    this.started();
    return new Promise<MissionEvent[]>(() => undefined);
  }
}

describe('Crash safety of the pipeline', () => {
  it('finishes a mission after the app stops mid-pipeline and a new one starts on the same database, with no duplicate events', async () => {
    const hanging = new HangingDraft();
    const runners: PipelineStepRunner[] = [hanging, new NotConfiguredStep('heal')];
    const first = await createTestApp({ overrides: [{ token: ARCHITECT_STEP_RUNNERS, value: runners }] });
    const response = await first.http.post('/gantry/architect').send({ voice_memo: 'A recipe blog with search' }).expect(202);
    const id = response.body.mission_id as string;
    await hanging.reached;
    expect(await eventTypes(first.http, id)).toEqual(['MissionOpened', 'BuildConfirmed', 'PipelineStepStarted']);
    await first.close();

    const second = await createTestApp({ db: first.db });
    try {
      const final = await waitForStatus(second.http, id, ['FAILED']);
      expect(final.failure).toMatchObject({ stage: 'ARCHITECTING' });
      expect(await eventTypes(second.http, id)).toEqual(['MissionOpened', 'BuildConfirmed', 'PipelineStepStarted', 'PipelineStepUnavailable', 'MissionFailed']);
      expect((await second.http.get(`/gantry/missions/${id}/audit`).expect(200)).body.valid).toBe(true);
    } finally {
      await second.close();
      await second.db.drop();
    }
  });
});

describe('A step that keeps throwing', () => {
  it('ends the mission FAILED at that stage with the error, instead of leaving it hanging', async () => {
    const broken: PipelineStepRunner = { step: 'draft', run: async () => Promise.reject(new Error('the model endpoint returned garbage')) };
    const app = await createTestApp({ overrides: [{ token: ARCHITECT_STEP_RUNNERS, value: [broken, new NotConfiguredStep('heal')] }] });
    try {
      const response = await app.http.post('/gantry/architect').send({ voice_memo: 'A quiz about capitals' }).expect(202);
      const final = await waitForStatus(app.http, response.body.mission_id, ['FAILED'], 600);
      expect(final.failure).toEqual({ stage: 'ARCHITECTING', reason: 'The draft step failed 3 times: the model endpoint returned garbage' });
      expect(await eventTypes(app.http, response.body.mission_id)).toEqual(['MissionOpened', 'BuildConfirmed', 'PipelineStepStarted', 'MissionFailed']);
    } finally {
      await app.close();
      await app.db.drop();
    }
  });
});

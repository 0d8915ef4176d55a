import type { MissionEvent } from '../../src/missions/domain/mission-events';
import type { Mission } from '../../src/missions/domain/mission.state';
import { NotConfiguredStep } from '../support/not-configured.step';
import { ARCHITECT_STEP_RUNNERS, type PipelineStepRunner } from '../../src/missions/application/pipeline/pipeline-step.port';
import { eventTypes, waitForEnd } from '../support/http-helpers';
import { match } from '../support/expectations';
import { type AuditBody, type EventsBody, type MissionRefBody } from '../support/bodies';
import { createTestApp } from '../support/test-app';
import { BUILT_ATTEMPT, DEPLOYED, PUBLISHED } from '../support/events';

/** A drafting step that starts and never returns, as if the process died in the middle of it. */
class HangingDraft implements PipelineStepRunner {
  readonly step = 'draft' as const;
  started!: () => void;
  readonly reached = new Promise<void>((resolve) => (this.started = resolve));
  run(_mission: Mission, _attempt: number): Promise<MissionEvent[]> {
    this.started();
    return new Promise<MissionEvent[]>(() => undefined);
  }
}

describe('Crash safety of the pipeline', () => {
  it('finishes a mission after the app stops mid-pipeline and a new one starts on the same database, with no duplicate events', async () => {
    const hanging = new HangingDraft();
    const runners: PipelineStepRunner[] = [hanging, new NotConfiguredStep('heal')];
    const first = await createTestApp({ overrides: [{ token: ARCHITECT_STEP_RUNNERS, value: runners }] });
    let id: string;
    try {
      const response = await first.http.post('/gantry/architect').send({ voice_memo: 'A recipe blog with search' }).expect(202);
      id = (response.body as MissionRefBody).mission_id;
      await hanging.reached;
      expect(await eventTypes(first.http, id)).toEqual(['MissionOpened', 'ConsultantReplied', 'BuildConfirmed', 'PipelineStepStarted']);
    } finally {
      await first.close();
    }

    // The same machine restarted: same database, same evidence and data folders, the real architect this time.
    const second = await createTestApp({ db: first.db, config: first.config });
    try {
      const final = await waitForEnd(second.http, id);
      expect(final).toMatchObject({
        status: 'DEPLOYED',
        run: 1,
        attempts: 1,
        failure: null,
        url: match.stringContaining('/apps/'),
        pr_url: match.stringContaining(`/gantry/missions/${id}/pr`),
      });
      const { events } = (await second.http.get(`/gantry/missions/${id}/events`).expect(200)).body as EventsBody;
      expect(events.map((event) => event.type)).toEqual([
        'MissionOpened',
        'ConsultantReplied',
        'BuildConfirmed',
        ...BUILT_ATTEMPT,
        ...DEPLOYED,
        ...PUBLISHED,
        'MissionSucceeded',
      ]);
      const started = events.filter((event) => event.type === 'PipelineStepStarted').map((event) => event.data);
      expect(started).toEqual(['draft', 'policy', 'build', 'deploy', 'publish'].map((step) => ({ step, attempt: 1 })));
      expect(((await second.http.get(`/gantry/missions/${id}/audit`).expect(200)).body as AuditBody).valid).toBe(true);
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
      const accepted = (await app.http.post('/gantry/architect').send({ voice_memo: 'A quiz about capitals' }).expect(202)).body as MissionRefBody;
      const final = await waitForEnd(app.http, accepted.mission_id);
      expect(final.status).toBe('FAILED');
      expect(final.failure).toEqual({ stage: 'ARCHITECTING', reason: 'The draft step failed 3 times: the model endpoint returned garbage' });
      expect(await eventTypes(app.http, accepted.mission_id)).toEqual([
        'MissionOpened',
        'ConsultantReplied',
        'BuildConfirmed',
        'PipelineStepStarted',
        'MissionFailed',
      ]);
    } finally {
      await app.close();
      await app.db.drop();
    }
  });
});

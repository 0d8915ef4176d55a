import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DATABASE, type Database } from '../../../database/database';
import { CatchUpSubscription } from '../feed/catch-up-subscription';
import { CHECKPOINT_STORE, type CheckpointStore } from '../../ports/checkpoint-store.port';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../ports/event-store.port';
import { missionIdOf } from '../../domain/mission-events';
import { withTimeout } from '../../../kernel/with-timeout';
import { SANDBOX, type Sandbox } from '../../ports/sandbox.port';
import { sha256 } from '../../infrastructure/evidence-store';
import type { MissionEvent } from '../../domain/mission-events';
import { MissionRepository } from '../../infrastructure/mission.repository';
import { PipelineInbox } from '../../infrastructure/pipeline-inbox';
import { PIPELINE_STEP_RUNNERS, type PipelineStepRunner } from './pipeline-step.port';
import { PipelineWorker } from './pipeline.worker';

function abandonedBuild(attempt: number): MissionEvent {
  const note = 'The build was cut off by a restart of Gantry; its sandbox was found and removed.';
  return {
    type: 'BuildAttemptFinished',
    data: { attempt, passed: false, exitCode: null, timedOut: false, oomKilled: false, abandoned: true, durationMs: 0, logSha256: sha256(note), logExcerpt: note },
  };
}

const REAP_TIMEOUT_MS = 15_000;

/** A crashed worker's missions wait at most this long before another process takes them over. */
const LEASE_MS = 30_000;

/**
 * The pipeline saga: follows the durable global feed (not the in-memory bus) from its own checkpoint and
 * puts every mission that moved into the durable inbox; the worker advances them. A restart resumes both.
 */
@Injectable()
export class PipelineSaga implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PipelineSaga');
  private readonly inbox: PipelineInbox;
  private readonly subscription: CatchUpSubscription;
  readonly worker: PipelineWorker;

  constructor(
    @Inject(DATABASE) database: Database,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
    @Inject(PIPELINE_STEP_RUNNERS) runners: PipelineStepRunner[],
    @Inject(SANDBOX) private readonly sandbox: Sandbox,
    private readonly missions: MissionRepository,
  ) {
    this.inbox = new PipelineInbox(database.pool, `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`, LEASE_MS);
    this.worker = new PipelineWorker(this.inbox, missions, new Map(runners.map((runner) => [runner.step, runner])), {
      concurrency: 4,
      pollIntervalMs: 1000,
      leaseRenewMs: LEASE_MS / 3,
    });
    this.subscription = new CatchUpSubscription('pipeline-saga', store, checkpoints, (event) => this.onEvent(event), {
      onError: (error) => this.logger.error(`Feed subscription: ${(error as Error).message}`),
    });
  }

  /** Builds cut off by the last stop are found and recorded first, so the worker never re-runs a dead attempt blindly. */
  async onApplicationBootstrap(): Promise<void> {
    await this.recordAbandonedBuilds();
    this.subscription.start();
    this.worker.start();
  }

  private async recordAbandonedBuilds(): Promise<void> {
    // A wedged engine must not hold up the boot: give up on reaping after a while and say so.
    const reaping = withTimeout(this.sandbox.reapAbandoned(), REAP_TIMEOUT_MS, () => new Error(`no answer from the ${this.sandbox.driver} sandbox within ${REAP_TIMEOUT_MS} ms`));
    const abandoned = await reaping.catch((error: Error) => {
      this.logger.error(`Could not look for abandoned builds: ${error.message}`);
      return [];
    });
    for (const { missionId, attempt } of abandoned) {
      await this.missions.change(missionId, { actor: 'gantry' }, (state) =>
        state.exists && state.currentStep?.step === 'build' && state.currentStep.attempt === attempt ? [abandonedBuild(attempt)] : [],
      );
      this.logger.warn(`Mission ${missionId}: build attempt ${attempt} was cut off by a restart; its sandbox was removed`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription.stop();
    await this.worker.stop();
  }

  private async onEvent(event: RecordedEvent): Promise<void> {
    const missionId = missionIdOf(event.stream);
    if (!missionId) return;
    await this.inbox.enqueue(missionId);
    this.worker.nudge();
  }
}

import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PerEventProcessor, type FeedProcessor } from '../feed/feed-processor';
import { CHECKPOINT_STORE, type CheckpointStore } from '../../ports/checkpoint-store.port';
import type { RecordedEvent } from '../../ports/event-store.port';
import { missionIdOf } from '../../domain/mission-events';
import { errorMessage } from '../../../kernel/error-message';
import { withTimeout } from '../../../kernel/with-timeout';
import { SANDBOX, type Sandbox } from '../../ports/sandbox.port';
import { sha256 } from '../../infrastructure/evidence-store';
import type { MissionEvent } from '../../domain/mission-events';
import { MissionRepository } from '../../infrastructure/mission.repository';
import { PipelineInbox } from '../../infrastructure/pipeline-inbox';
import { PipelineWorker } from './pipeline.worker';
import { GANTRY_CONFIG, type GantryConfig } from '../../../config/gantry-config';
import { DUTIES, DUTY, type Duties } from '../../ports/duty.port';
import { DutyLoop } from '../duty-loop';

function abandonedBuild(attempt: number): MissionEvent {
  const note = 'The build was cut off by a restart of Gantry; its sandbox was found and removed.';
  return {
    type: 'BuildAttemptFinished',
    data: {
      attempt,
      passed: false,
      exitCode: null,
      timedOut: false,
      oomKilled: false,
      abandoned: true,
      durationMs: 0,
      logSha256: sha256(note),
      logExcerpt: note,
    },
  };
}

const REAP_TIMEOUT_MS = 15_000;
/** The holder of the reaper duty looks for builds whose process died this often. */
const REAP_INTERVAL_MS = 15_000;

/** Named when this was the pipeline saga: an upgrade resumes from the checkpoint already stored under it. */
const FEED_CHECKPOINT = 'pipeline-saga';

/**
 * The pipeline's feed processor: it puts every mission that moved into the durable inbox (and wakes the
 * worker, when there is one in this process). `gantry projections retry` builds it without a worker.
 */
export function pipelineFeedProcessor(checkpoints: CheckpointStore, inbox: PipelineInbox, nudge: () => void = () => undefined): FeedProcessor {
  return new PerEventProcessor(FEED_CHECKPOINT, checkpoints, async (event: RecordedEvent) => {
    const missionId = missionIdOf(event.stream);
    if (!missionId) return;
    await inbox.enqueue(missionId);
    nudge();
  });
}

/**
 * The pipeline's process manager: its feed processor puts every mission that moved into the durable inbox,
 * and the worker advances them. Both survive a crash (the checkpoint and the inbox are in PostgreSQL),
 * which Nest's in-memory `@Saga` would not: a mission in flight when the process died would be lost.
 */
@Injectable()
export class PipelineProcessManager implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('PipelineProcessManager');
  readonly feedProcessor: FeedProcessor;
  /** The sandbox reaper, a singleton duty among the processes that run the pipeline. */
  private readonly reaper: DutyLoop;
  private readonly runsPipeline: boolean;

  constructor(
    @Inject(PipelineInbox) inbox: PipelineInbox,
    @Inject(PipelineWorker) readonly worker: PipelineWorker,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
    @Inject(SANDBOX) private readonly sandbox: Sandbox,
    private readonly missions: MissionRepository,
    @Inject(DUTIES) duties: Duties,
    @Inject(GANTRY_CONFIG) config: GantryConfig,
  ) {
    this.feedProcessor = pipelineFeedProcessor(checkpoints, inbox, () => this.worker.nudge());
    this.runsPipeline = config.processes.role !== 'api';
    this.reaper = new DutyLoop(duties.duty(DUTY.sandboxReaper), () => this.recordAbandonedBuilds(), {
      intervalMs: REAP_INTERVAL_MS,
      retryMs: config.processes.dutyRetryMs,
      log: (line) => this.logger.error(line),
    });
  }

  /**
   * In the roles that run the pipeline (worker, all): builds cut off by a stop are found and recorded first
   * when this process holds the reaper duty (the holder keeps looking, for workers that die later), so the
   * worker never re-runs a dead attempt blindly. The API role runs neither.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.runsPipeline) return;
    await this.reaper.tick();
    this.reaper.start();
    this.worker.start();
  }

  private async recordAbandonedBuilds(): Promise<void> {
    // A wedged engine must not hold up the boot: give up on reaping after a while and say so.
    const reaping = withTimeout(
      this.sandbox.reapAbandoned(),
      REAP_TIMEOUT_MS,
      () => new Error(`no answer from the ${this.sandbox.driver} sandbox within ${REAP_TIMEOUT_MS} ms`),
    );
    const abandoned = await reaping.catch((error: unknown) => {
      this.logger.error(`Could not look for abandoned builds: ${errorMessage(error)}`);
      return [];
    });
    for (const { missionId, attempt } of abandoned) {
      await this.missions.change(missionId, { actor: 'gantry' }, (state) =>
        state.exists && state.currentStep?.step === 'build' && state.currentStep.attempt === attempt ? [abandonedBuild(attempt)] : [],
      );
      this.logger.warn(`Mission ${missionId}: build attempt ${attempt} was cut off by a restart; its sandbox was removed`);
    }
  }

  /**
   * Before the duties are let go (MissionsModule's own hook comes after its providers'): the reaper's holder
   * looks once more, so the sandboxes of a process that died since its last turn go now, not at the next start.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.reaper.stopAfterLastTurn();
  }

  /** The feed consumer has stopped by now (before the application shuts down), so nothing nudges the worker any more. */
  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}

import { Inject, Logger, Module, Optional, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AskConsultantHandler } from './application/queries/ask-consultant.handler';
import { VerifyMissionChainHandler } from './application/queries/verify-mission-chain.handler';
import { ExportAuditBundleHandler } from './application/queries/export-audit-bundle.handler';
import { READ_QUERY_HANDLERS } from './read/queries/read-query-handlers';
import { DATABASE, type Database } from '../database/database';
import { CHECKPOINT_STORE } from './ports/checkpoint-store.port';
import { PostgresCheckpointStore } from './infrastructure/postgres-checkpoint-store';
import { BlackBoxModule } from './application/audit/black-box.module';
import { ProjectionsModule } from './read/projections.module';
import { ClearMissionsHandler } from './application/commands/clear-missions.handler';
import { ConsultHandler } from './application/commands/consult.handler';
import { MISSION_DIRECTORY } from './ports/mission-directory.port';
import { MissionReadModel } from './read/mission-read-model';
import { RetryMissionHandler } from './application/commands/retry-mission.handler';
import { StartDirectBuildHandler } from './application/commands/start-direct-build.handler';
import { EVIDENCE_STORE_PROVIDER, EvidenceStore } from './infrastructure/evidence-store';
import { BuildsController } from './http/builds.controller';
import { ConsultationController } from './http/consultation.controller';
import { MissionAuditController } from './http/mission-audit.controller';
import { MissionQueriesController } from './http/mission-queries.controller';
import { MissionStreamController } from './http/mission-stream.controller';
import { MissionStreams } from './http/mission-streams';
import { MissionRepository } from './infrastructure/mission.repository';
import { ARCHITECT_STEP_RUNNERS, PIPELINE_STEP_RUNNERS, type PipelineStepRunner } from './application/pipeline/pipeline-step.port';
import { PipelineProcessManager } from './application/pipeline/pipeline.process-manager';
import { PipelineWorker } from './application/pipeline/pipeline.worker';
import { PipelineInbox, workerName } from './infrastructure/pipeline-inbox';
import { FeedConsumer } from './application/feed/feed-consumer';
import { EVENT_STORE, type EventStore } from './ports/event-store.port';
import { ProjectionRunner } from './read/projection-runner';
import { BlueprintEvidence } from './application/pipeline/blueprint-evidence';
import { BuildStep } from './application/pipeline/steps/build.step';
import { PolicyStep } from './application/pipeline/steps/policy.step';
import { AuditExport } from './application/audit/audit-export';
import { MissionPullRequestController } from './http/mission-pull-request.controller';
import { ProjectsController } from './http/projects.controller';
import { ProjectChanges } from './application/projects/project-changes';
import { VersionDiffs } from './application/projects/version-diffs';
import { RollbackProjectHandler } from './application/commands/rollback-project.handler';
import { GetMissionDiffHandler } from './application/queries/get-mission-diff.handler';
import { GreenReleases } from './application/pipeline/green-release';
import { DeployStep } from './application/pipeline/steps/deploy.step';
import { PublishStep } from './application/pipeline/steps/publish.step';
import { ARCHITECT, type Architect } from './ports/architect.port';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { ArchitectStep } from './application/pipeline/architect/architect.step';
import { LogIntegrator } from './application/transparency/log-integrator';
import { LOG_QUERY_HANDLERS } from './application/transparency/queries/get-log-proof.handler';
import { TransparencyLogController } from './http/transparency-log.controller';
import { LogCheckpointer } from './application/transparency/log-checkpointer';
import { CHECKPOINT_PUBLISHER, type CheckpointPublisher } from './ports/transparency-log.port';
import { PARKED_EVENTS, type ParkedEvents } from './ports/parked-events.port';
import { DUTIES, DUTY, type Duties } from './ports/duty.port';
import type { DutyLeases } from '../database/duty-lease';
import { createFeedConsumer, DUTY_LEASES } from './processes.providers';
import { onDuty } from './application/feed/on-duty';
import { PROJECTIONS_HOSTED_APART } from './read/projections.module';

/** The architect's draft and heal steps, under the budget governor; tests may replace them with a scripted architect. */
const ARCHITECT_STEPS = {
  provide: ARCHITECT_STEP_RUNNERS,
  inject: [ARCHITECT, BlueprintEvidence, GANTRY_CONFIG],
  useFactory: (architect: Architect, blueprints: BlueprintEvidence, config: GantryConfig) => [
    new ArchitectStep('draft', architect, blueprints, config.budget),
    new ArchitectStep('heal', architect, blueprints, config.budget),
  ],
};
const STEP_RUNNERS = {
  provide: PIPELINE_STEP_RUNNERS,
  inject: [ARCHITECT_STEP_RUNNERS, PolicyStep, BuildStep, DeployStep, PublishStep],
  useFactory: (architect: PipelineStepRunner[], policy: PolicyStep, build: BuildStep, deploy: DeployStep, publish: PublishStep) => [
    ...architect,
    policy,
    build,
    deploy,
    publish,
  ],
};

export const PIPELINE_INBOX = {
  provide: PipelineInbox,
  inject: [DATABASE, GANTRY_CONFIG],
  useFactory: (database: Database, config: GantryConfig) => new PipelineInbox(database.pool, workerName(), config.pipeline.leaseMs),
};
/** Checkpoints live in PostgreSQL whichever store holds the events. */
export const CHECKPOINT_STORE_PROVIDER = {
  provide: CHECKPOINT_STORE,
  inject: [DATABASE],
  useFactory: (database: Database) => new PostgresCheckpointStore(database.pool),
};
const PIPELINE_WORKER = {
  provide: PipelineWorker,
  inject: [PipelineInbox, MissionRepository, PIPELINE_STEP_RUNNERS, GANTRY_CONFIG],
  useFactory: (inbox: PipelineInbox, missions: MissionRepository, runners: PipelineStepRunner[], config: GantryConfig) => {
    const { concurrency, pollIntervalMs, leaseMs } = config.pipeline;
    return new PipelineWorker(inbox, missions, new Map(runners.map((runner) => [runner.step, runner])), {
      concurrency,
      pollIntervalMs,
      leaseRenewMs: leaseMs / 3,
    });
  },
};
/**
 * The one follower of the global feed in this process. Each processor is a singleton duty (the log
 * integrator through its writer's lease): it runs in one process at a time among all on the database. The
 * pipeline's feed runs only where the pipeline does; the projections here unless a worker thread hosts them.
 */
const FEED_CONSUMER = {
  provide: FeedConsumer,
  inject: [EVENT_STORE, GANTRY_CONFIG, ProjectionRunner, PipelineProcessManager, AuditExport, LogIntegrator, PARKED_EVENTS, DUTIES, PROJECTIONS_HOSTED_APART],
  useFactory: (
    store: EventStore,
    config: GantryConfig,
    projections: ProjectionRunner,
    pipeline: PipelineProcessManager,
    audit: AuditExport,
    log: LogIntegrator,
    parked: ParkedEvents,
    duties: Duties,
    projectionsApart: boolean,
  ) => {
    const processors = [
      ...(projectionsApart ? [] : [onDuty(projections, duties.duty(DUTY.projections))]),
      ...(config.processes.role === 'api' ? [] : [onDuty(pipeline.feedProcessor, duties.duty(DUTY.pipelineFeed))]),
      onDuty(audit.feedProcessor, duties.duty(DUTY.auditExport)),
      log,
    ];
    return createFeedConsumer(store, processors, config, parked);
  },
};

@Module({
  imports: [CqrsModule, BlackBoxModule, ProjectionsModule],
  controllers: [
    ConsultationController,
    BuildsController,
    MissionQueriesController,
    MissionAuditController,
    MissionStreamController,
    MissionPullRequestController,
    TransparencyLogController,
    ProjectsController,
  ],
  providers: [
    CHECKPOINT_STORE_PROVIDER,
    MissionRepository,
    // The command side asks the read side through a port; the one TypeORM read model answers.
    { provide: MISSION_DIRECTORY, useExisting: MissionReadModel },
    EVIDENCE_STORE_PROVIDER,
    ConsultHandler,
    StartDirectBuildHandler,
    RetryMissionHandler,
    ClearMissionsHandler,
    AskConsultantHandler,
    VerifyMissionChainHandler,
    ExportAuditBundleHandler,
    RollbackProjectHandler,
    GetMissionDiffHandler,
    ProjectChanges,
    VersionDiffs,
    ...READ_QUERY_HANDLERS,
    ...LOG_QUERY_HANDLERS,
    MissionStreams,
    DUTY_LEASES,
    PIPELINE_INBOX,
    PIPELINE_WORKER,
    PipelineProcessManager,
    FEED_CONSUMER,
    BlueprintEvidence,
    PolicyStep,
    BuildStep,
    GreenReleases,
    DeployStep,
    PublishStep,
    AuditExport,
    ARCHITECT_STEPS,
    STEP_RUNNERS,
  ],
  exports: [BlueprintEvidence, EvidenceStore],
})
export class MissionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('MissionsModule');

  constructor(
    @Inject(FeedConsumer) private readonly feed: FeedConsumer,
    @Inject(LogCheckpointer) private readonly checkpointer: LogCheckpointer,
    @Optional() @Inject(CHECKPOINT_PUBLISHER) private readonly checkpointPublisher: CheckpointPublisher | null,
    @Inject(DUTIES) private readonly duties: DutyLeases,
  ) {}

  /** Nest calls this after the providers' own hooks: the builds a crash cut off are recorded before the feed moves the pipeline. */
  onApplicationBootstrap(): void {
    this.feed.startAndRetryParked(this.logger);
    this.checkpointer.start(this.checkpointPublisher ? [this.checkpointPublisher] : []);
  }

  /** Before the database closes, and before the pipeline's worker stops. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.feed.stop();
    await this.checkpointer.stop();
    await this.duties.closeAll();
  }

  /**
   * The core with its adapters: the composition root names the modules that provide the core's ports
   * (CONSULTANT, ARCHITECT, POLICY_GATE, DEPLOYER, PUBLISHER, MESSAGE_SCREEN; SANDBOX and EVENT_STORE are global),
   * so nothing in the core imports an adapter.
   */
  static register(adapters: NonNullable<DynamicModule['imports']>): DynamicModule {
    return { module: MissionsModule, imports: adapters };
  }
}

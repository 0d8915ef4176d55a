import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AskConsultantHandler } from './application/queries/ask-consultant.handler';
import { VerifyMissionChainHandler } from './application/queries/verify-mission-chain.handler';
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
import { EvidenceStore } from './infrastructure/evidence-store';
import { BuildsController } from './http/builds.controller';
import { ConsultationController } from './http/consultation.controller';
import { MissionAuditController } from './http/mission-audit.controller';
import { MissionQueriesController } from './http/mission-queries.controller';
import { MissionStreamController } from './http/mission-stream.controller';
import { MissionRepository } from './infrastructure/mission.repository';
import { ARCHITECT_STEP_RUNNERS, PIPELINE_STEP_RUNNERS, type PipelineStepRunner } from './application/pipeline/pipeline-step.port';
import { PipelineSaga } from './application/pipeline/pipeline.saga';
import { BlueprintEvidence } from './application/pipeline/blueprint-evidence';
import { BuildStep } from './application/pipeline/steps/build.step';
import { PolicyStep } from './application/pipeline/steps/policy.step';
import { AuditExport } from './application/audit/audit-export';
import { MissionPullRequestController } from './http/mission-pull-request.controller';
import { GreenReleases } from './application/pipeline/green-release';
import { DeployStep } from './application/pipeline/steps/deploy.step';
import { PublishStep } from './application/pipeline/steps/publish.step';

import { ARCHITECT, type Architect } from './ports/architect.port';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { ArchitectStep } from './application/pipeline/architect/architect.step';

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
  useFactory: (architect: PipelineStepRunner[], policy: PolicyStep, build: BuildStep, deploy: DeployStep, publish: PublishStep) => [...architect, policy, build, deploy, publish],
};

@Module({
  imports: [CqrsModule, BlackBoxModule, ProjectionsModule],
  controllers: [ConsultationController, BuildsController, MissionQueriesController, MissionAuditController, MissionStreamController, MissionPullRequestController],
  providers: [
    // Checkpoints live in PostgreSQL whichever store holds the events.
    { provide: CHECKPOINT_STORE, inject: [DATABASE], useFactory: (database: Database) => new PostgresCheckpointStore(database.pool) },
    MissionRepository,
    // The command side asks the read side through a port; the one TypeORM read model answers.
    { provide: MISSION_DIRECTORY, useExisting: MissionReadModel },
    EvidenceStore,
    ConsultHandler,
    StartDirectBuildHandler,
    RetryMissionHandler,
    ClearMissionsHandler,
    AskConsultantHandler,
    VerifyMissionChainHandler,
    ...READ_QUERY_HANDLERS,
    PipelineSaga,
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
export class MissionsModule {
  /**
   * The core with its adapters: the composition root names the modules that provide the core's ports
   * (CONSULTANT, ARCHITECT, POLICY_GATE, DEPLOYER, PUBLISHER, MESSAGE_SCREEN; SANDBOX and EVENT_STORE are global),
   * so nothing in the core imports an adapter.
   */
  static register(adapters: NonNullable<DynamicModule['imports']>): DynamicModule {
    return { module: MissionsModule, imports: adapters };
  }
}

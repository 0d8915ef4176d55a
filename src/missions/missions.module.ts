import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BlackBoxModule } from '../black-box/black-box.module';
import { ConsultationModule } from '../consultation/consultation.module';
import { ProjectionsModule } from '../../projections/projections.module';
import { ClearMissionsHandler } from './commands/clear-missions.handler';
import { ConsultHandler } from './commands/consult.handler';
import { MissionLookup } from './commands/mission-lookup';
import { RetryMissionHandler } from './commands/retry-mission.handler';
import { StartDirectBuildHandler } from './commands/start-direct-build.handler';
import { EvidenceStore } from './design-image/evidence-store';
import { BuildsController } from './http/builds.controller';
import { ConsultationController } from './http/consultation.controller';
import { MissionAuditController } from './http/mission-audit.controller';
import { MissionQueriesController } from './http/mission-queries.controller';
import { MissionStreamController } from './http/mission-stream.controller';
import { MissionViews } from './http/mission-views';
import { MissionRepository } from './infrastructure/mission.repository';
import { NotConfiguredStep } from './pipeline/not-configured.step';
import { PIPELINE_STEP_RUNNERS } from './pipeline/pipeline-step.port';
import { PipelineSaga } from './pipeline/pipeline.saga';

/** Until the architect, foundry, deploy and publish capabilities land, every step says it is not configured. */
const DEFAULT_STEP_RUNNERS = [
  { provide: PIPELINE_STEP_RUNNERS, useFactory: () => (['draft', 'policy', 'build', 'heal', 'deploy', 'publish'] as const).map((step) => new NotConfiguredStep(step)) },
];

@Module({
  imports: [CqrsModule, BlackBoxModule, ConsultationModule, ProjectionsModule],
  controllers: [ConsultationController, BuildsController, MissionQueriesController, MissionAuditController, MissionStreamController],
  providers: [
    MissionRepository,
    MissionLookup,
    EvidenceStore,
    MissionViews,
    ConsultHandler,
    StartDirectBuildHandler,
    RetryMissionHandler,
    ClearMissionsHandler,
    PipelineSaga,
    ...DEFAULT_STEP_RUNNERS,
  ],
})
export class MissionsModule {}

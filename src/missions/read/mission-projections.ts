import type { Database } from '../../database/database';
import type { EventStore } from '../ports/event-store.port';
import { PostgresCheckpointStore } from '../infrastructure/postgres-checkpoint-store';
import { PostgresParkedEvents } from '../infrastructure/postgres-parked-events';
import { ConsultationViewProjection } from './consultation-view.projection';
import { MissionSummaryProjection } from './mission-summary.projection';
import { MissionTimelineProjection } from './mission-timeline.projection';
import type { Projection } from './projection';
import { ProjectVersionProjection } from './projects/project-version.projection';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';

/** The mission read models, in the order a batch applies them. */
export function missionProjections(): Projection[] {
  return [new MissionSummaryProjection(), new ConsultationViewProjection(), new MissionTimelineProjection(), new ProjectVersionProjection()];
}

/** A runner for the mission read models on Gantry's database (for the module, the CLI's rebuild, and tests). */
export function createProjectionRunner(database: Database, store: EventStore, options: ProjectionRunnerOptions = {}): ProjectionRunner {
  return new ProjectionRunner(
    {
      dataSource: database.dataSource,
      store,
      checkpoints: new PostgresCheckpointStore(database.pool),
      projections: missionProjections(),
      parked: new PostgresParkedEvents(database.pool),
    },
    options,
  );
}

import { ConsultationViewEntity } from './consultation-view.entity';
import { MissionSummaryEntity } from './mission-summary.entity';
import { MissionTimelineEntity } from './mission-timeline.entity';
import { ProjectVersionEntity } from './projects/project-version.entity';

/** Every read-model entity, for the DataSource (`entities: PROJECTION_ENTITIES`). Imports nothing but TypeORM, so the database module can load it. */
export const PROJECTION_ENTITIES = [MissionSummaryEntity, ConsultationViewEntity, MissionTimelineEntity, ProjectVersionEntity];

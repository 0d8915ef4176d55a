import { CreateReadModels1763800000000 } from '../../missions/read/migrations/1763800000000-create-read-models';
import { AddModelUsage1763900000100 } from '../../missions/read/migrations/1763900000100-add-model-usage';
import { CreateEventStore1763700000000 } from '../../event-store/postgres/migrations/1763700000000-create-event-store';
import { CreatePipelineInbox1763700000100 } from '../../missions/infrastructure/migrations/1763700000100-create-pipeline-inbox';
import { CreateAuth1763900000000 } from '../../auth/migrations/1763900000000-create-auth';

/** Every schema migration, oldest first. Projections add theirs here. */
export const MIGRATIONS = [CreateEventStore1763700000000, CreatePipelineInbox1763700000100, CreateReadModels1763800000000, CreateAuth1763900000000, AddModelUsage1763900000100];

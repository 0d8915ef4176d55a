import type { SchemaPart } from '../../database/schema-part';
import { PROJECTION_ENTITIES } from './entities';
import { CreateReadModels1763800000000 } from './migrations/1763800000000-create-read-models';
import { AddModelUsage1763900000100 } from './migrations/1763900000100-add-model-usage';
import { AddSandboxTier1764000000300 } from './migrations/1764000000300-add-sandbox-tier';
import { CreateProjectVersions1765000000000 } from './migrations/1765000000000-create-project-versions';

/** The mission read models' tables and their entities. */
export const READ_MODELS_SCHEMA: SchemaPart = {
  entities: PROJECTION_ENTITIES,
  migrations: [CreateReadModels1763800000000, AddModelUsage1763900000100, AddSandboxTier1764000000300, CreateProjectVersions1765000000000],
};

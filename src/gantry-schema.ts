import { AUTH_SCHEMA } from './auth/auth.schema';
import { THROTTLER_SCHEMA } from './auth/door/throttler.schema';
import { BLOB_STORE_SCHEMA } from './blob-store/postgres/blob-store.schema';
import type { SchemaPart } from './database/schema-part';
import { INSTALLATION_SCHEMA } from './database/installation/installation.schema';
import { DEPLOY_SCHEMA } from './deploy/local/deploy.schema';
import { EVENT_STORE_SCHEMA } from './event-store/postgres/event-store.schema';
import { PIPELINE_SCHEMA } from './missions/infrastructure/pipeline.schema';
import { READ_MODELS_SCHEMA } from './missions/read/read-models.schema';
import { TRANSPARENCY_LOG_SCHEMA } from './missions/infrastructure/transparency/transparency-log.schema';

/** Everything Gantry keeps in PostgreSQL, module by module (the event store's tables even when events live in EventStoreDB). */
export const GANTRY_SCHEMA: readonly SchemaPart[] = [
  EVENT_STORE_SCHEMA,
  PIPELINE_SCHEMA,
  READ_MODELS_SCHEMA,
  AUTH_SCHEMA,
  TRANSPARENCY_LOG_SCHEMA,
  BLOB_STORE_SCHEMA,
  DEPLOY_SCHEMA,
  THROTTLER_SCHEMA,
  INSTALLATION_SCHEMA,
];

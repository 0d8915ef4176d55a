import type { SchemaPart } from '../../../database/schema-part';
import { CreateTransparencyLog1764000000000 } from './migrations/1764000000000-create-transparency-log';

/** The transparency log's tree, leaves, checkpoints and witnesses' last sizes. */
export const TRANSPARENCY_LOG_SCHEMA: SchemaPart = { migrations: [CreateTransparencyLog1764000000000] };

import type { SchemaPart } from '../../database/schema-part';
import { CreatePipelineInbox1763700000100 } from './migrations/1763700000100-create-pipeline-inbox';

/** The pipeline's durable inbox. */
export const PIPELINE_SCHEMA: SchemaPart = { migrations: [CreatePipelineInbox1763700000100] };

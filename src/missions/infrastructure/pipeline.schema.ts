import type { SchemaPart } from '../../database/schema-part';
import { CreatePipelineInbox1763700000100 } from './migrations/1763700000100-create-pipeline-inbox';
import { CreateParkedEvents1765000000300 } from './migrations/1765000000300-create-parked-events';

/** The pipeline's durable inbox, and the events the feed's processors set aside. */
export const PIPELINE_SCHEMA: SchemaPart = { migrations: [CreatePipelineInbox1763700000100, CreateParkedEvents1765000000300] };

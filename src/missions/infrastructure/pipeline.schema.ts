import type { SchemaPart } from '../../database/schema-part';
import { CreatePipelineInbox1763700000100 } from './migrations/1763700000100-create-pipeline-inbox';
import { CreateParkedEvents1765000000300 } from './migrations/1765000000300-create-parked-events';
import { CreateEvidenceFiles1766000000510 } from './migrations/1766000000510-create-evidence-files';

/** The pipeline's durable inbox, the events the feed's processors set aside, and the index of the evidence packs. */
export const PIPELINE_SCHEMA: SchemaPart = {
  migrations: [CreatePipelineInbox1763700000100, CreateParkedEvents1765000000300, CreateEvidenceFiles1766000000510],
};

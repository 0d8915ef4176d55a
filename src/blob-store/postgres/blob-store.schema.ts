import type { SchemaPart } from '../../database/schema-part';
import { CreateBlobs1766000000500 } from './migrations/1766000000500-create-blobs';

/** The PostgreSQL blob store's tables (created whichever store is chosen, so switching needs no migration). */
export const BLOB_STORE_SCHEMA: SchemaPart = { migrations: [CreateBlobs1766000000500] };

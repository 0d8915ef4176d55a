import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DATABASE, type Database } from '../database/database';
import { BLOB_STORE, type BlobStore } from '../missions/ports/blob-store.port';
import { PostgresBlobStore } from './postgres/postgres-blob-store';
import { S3BlobStore } from './s3/s3-blob-store';

/** The blob store chosen by GANTRY_BLOB_STORE: PostgreSQL (default) or an S3-compatible bucket, checked at start. */
async function openBlobStore(config: GantryConfig, database: Database): Promise<BlobStore> {
  if (config.blobStore.kind === 'postgres') return new PostgresBlobStore(database.pool);
  const store = S3BlobStore.create(config.blobStore, config.storeTimeoutMs);
  try {
    await store.checkReachable();
  } catch (error) {
    store.destroy();
    throw error;
  }
  return store;
}

@Global()
@Module({
  providers: [{ provide: BLOB_STORE, inject: [GANTRY_CONFIG, DATABASE], useFactory: openBlobStore }],
  exports: [BLOB_STORE],
})
export class BlobStoreModule implements OnApplicationShutdown {
  constructor(@Inject(BLOB_STORE) private readonly store: BlobStore) {}

  onApplicationShutdown(): void {
    if (this.store instanceof S3BlobStore) this.store.destroy();
  }
}

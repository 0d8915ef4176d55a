import { join } from 'node:path';
import { Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DATABASE, type Database } from '../database/database';
import { errorMessage } from '../kernel/error-message';
import { BLOB_STORE, type BlobStore } from '../missions/ports/blob-store.port';
import { DEPLOYER, type Deployer } from '../missions/ports/deployer.port';
import { AppReleases } from './local/app-releases';
import { AppsController } from './local/apps.controller';
import { adoptLegacyReleases } from './local/legacy-releases';
import { LocalDeployer } from './local/local-deployer';
import { VercelDeployer } from './vercel/vercel-deployer';

/** The deployer chosen by GANTRY_DEPLOYER (local by default), and the `/apps/<slug>/` route that serves local deployments. */
@Module({
  controllers: [AppsController],
  providers: [
    {
      provide: AppReleases,
      inject: [DATABASE, BLOB_STORE],
      useFactory: (database: Database, blobs: BlobStore) => new AppReleases(database.pool, blobs),
    },
    {
      provide: DEPLOYER,
      inject: [GANTRY_CONFIG, AppReleases],
      useFactory: (config: GantryConfig, releases: AppReleases): Deployer =>
        config.deployer === 'vercel' ? new VercelDeployer(config.vercelApiUrl) : new LocalDeployer(config, releases),
    },
  ],
  exports: [DEPLOYER],
})
export class DeployModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('DeployModule');

  constructor(
    @Inject(AppReleases) private readonly releases: AppReleases,
    @Inject(GANTRY_CONFIG) private readonly config: GantryConfig,
  ) {}

  /** Apps deployed to disk by an earlier Gantry are moved into the blob store, so every process serves them. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const adopted = await adoptLegacyReleases(this.releases, join(this.config.dataDir, 'apps'));
      if (adopted.length > 0) this.logger.log(`Moved ${adopted.length} app(s) deployed on disk into the blob store: ${adopted.join(', ')}`);
    } catch (error) {
      this.logger.error(`Could not move the apps deployed on disk into the blob store: ${errorMessage(error)}`);
    }
  }
}

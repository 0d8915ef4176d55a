import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DEPLOYER, type Deployer } from '../missions/ports/deployer.port';
import { AppReleases } from './local/app-releases';
import { AppsController } from './local/apps.controller';
import { LocalDeployer } from './local/local-deployer';
import { VercelDeployer } from './vercel/vercel-deployer';

/** The deployer chosen by GANTRY_DEPLOYER (local by default), and the `/apps/<slug>/` route that serves local deployments. */
@Module({
  controllers: [AppsController],
  providers: [
    { provide: AppReleases, inject: [GANTRY_CONFIG], useFactory: (config: GantryConfig) => new AppReleases(join(config.dataDir, 'apps')) },
    {
      provide: DEPLOYER,
      inject: [GANTRY_CONFIG],
      useFactory: (config: GantryConfig): Deployer => (config.deployer === 'vercel' ? new VercelDeployer(config.vercelApiUrl) : new LocalDeployer(config)),
    },
  ],
  exports: [DEPLOYER],
})
export class DeployModule {}

import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ProjectionRunner } from '../../missions/read/projection-runner';
import { ProjectionsModule } from '../../missions/read/projections.module';
import { rebuildProjections } from '../../missions/read/rebuild';
import { coreImports } from '../../app.module';
import type { GantryConfig } from '../../config/gantry-config';
import { EXIT, type CliIo } from '../cli-io';

@Module({})
export class ProjectionsCliModule {
  static forRoot(config: GantryConfig): DynamicModule {
    return { module: ProjectionsCliModule, imports: [...(coreImports(config, { attachToRunning: true }) ?? []), ProjectionsModule] };
  }
}

/** `gantry projections rebuild`: empty every read model and replay the whole feed into it. */
export async function rebuildReadModels(config: GantryConfig, io: CliIo): Promise<number> {
  const app = await NestFactory.createApplicationContext(ProjectionsCliModule.forRoot(config), { logger: false, abortOnError: false });
  try {
    const result = await rebuildProjections(app.get(ProjectionRunner));
    io.out(`Rebuilt ${result.projections.join(', ')} from ${result.replayed} events.`);
    if (result.parked > 0) io.out(`${result.parked} event(s) could not be applied and were parked: see gantry projections parked.`);
    return EXIT.ok;
  } finally {
    await app.close();
  }
}

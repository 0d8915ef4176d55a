import { Global, Logger, Module } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { BwrapSandbox } from './bwrap/bwrap-sandbox';
import { DockerSandbox } from './docker/docker-sandbox';
import { NoSandbox } from './no-sandbox';
import { SANDBOX, type Sandbox } from './sandbox.port';

/** GANTRY_SANDBOX picks one driver; `auto` takes the first that works, Docker before bubblewrap. */
export async function selectSandbox(config: GantryConfig): Promise<Sandbox> {
  const docker = () => new DockerSandbox({ image: config.sandboxImage });
  const bwrap = () => new BwrapSandbox();
  const candidates = config.sandbox === 'docker' ? [docker] : config.sandbox === 'bwrap' ? [bwrap] : [docker, bwrap];
  const reasons: string[] = [];
  for (const make of candidates) {
    const sandbox = make();
    const availability = await sandbox.available();
    if (availability.ok) return sandbox;
    reasons.push(`${sandbox.driver}: ${availability.detail}`);
  }
  return new NoSandbox(reasons);
}

@Global()
@Module({
  providers: [
    {
      provide: SANDBOX,
      inject: [GANTRY_CONFIG],
      useFactory: async (config: GantryConfig) => {
        const sandbox = await selectSandbox(config);
        const availability = await sandbox.available();
        new Logger('Foundry').log(availability.ok ? `Builds run in ${sandbox.driver} (${sandbox.image})` : availability.detail);
        return sandbox;
      },
    },
  ],
  exports: [SANDBOX],
})
export class FoundryModule {}

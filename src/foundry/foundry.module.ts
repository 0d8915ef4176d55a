import { Global, Logger, Module } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { BwrapSandbox } from './bwrap/bwrap-sandbox';
import { DockerSandbox } from './docker/docker-sandbox';
import { NoSandbox } from './no-sandbox';
import { SANDBOX, type Sandbox } from '../missions/ports/sandbox.port';

/** GANTRY_SANDBOX picks one driver; `auto` takes the first that works: Docker (under gVisor when the engine has it), then bubblewrap. */
export async function selectSandbox(config: GantryConfig): Promise<{ sandbox: Sandbox; detail: string }> {
  const docker = () => new DockerSandbox({ image: config.sandboxImage, runtime: config.dockerRuntime, diskBytes: config.sandboxDiskBytes });
  const bwrap = () => new BwrapSandbox({ diskBytes: config.sandboxDiskBytes });
  const candidates = config.sandbox === 'docker' ? [docker] : config.sandbox === 'bwrap' ? [bwrap] : [docker, bwrap];
  const reasons: string[] = [];
  for (const make of candidates) {
    const sandbox = make();
    const availability = await sandbox.available();
    if (availability.ok) return { sandbox, detail: `Builds run in ${sandbox.driver} (${sandbox.image})` };
    reasons.push(`${sandbox.driver}: ${availability.detail}`);
  }
  const none = new NoSandbox(reasons);
  return { sandbox: none, detail: (await none.available()).detail };
}

@Global()
@Module({
  providers: [
    {
      provide: SANDBOX,
      inject: [GANTRY_CONFIG],
      useFactory: async (config: GantryConfig) => {
        const { sandbox, detail } = await selectSandbox(config);
        new Logger('Foundry').log(detail);
        return sandbox;
      },
    },
  ],
  exports: [SANDBOX],
})
export class FoundryModule {}

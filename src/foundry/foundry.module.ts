import { Global, Logger, Module } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DATABASE, type Database } from '../database/database';
import { installationId } from '../database/installation/installation-id';
import { BwrapSandbox } from './bwrap/bwrap-sandbox';
import { DockerSandbox } from './docker/docker-sandbox';
import { NoSandbox } from './no-sandbox';
import { ProcessSandbox } from './process/process-sandbox';
import { SANDBOX, type Sandbox } from '../missions/ports/sandbox.port';

/**
 * GANTRY_SANDBOX picks one driver; `auto` takes the first that works: Docker (under gVisor when the engine has it),
 * bubblewrap, then the embedded process tier, which in `auto` runs the offline architect's templates only (code
 * from a model needs `process` said explicitly). `installation` gives the id that labels Docker runs, so that Gantry
 * installations sharing an engine reap only their own (container-reaper.ts); it is asked only when Docker is tried.
 */
export async function selectSandbox(config: GantryConfig, installation?: () => Promise<string>): Promise<{ sandbox: Sandbox; detail: string }> {
  const docker = async () =>
    new DockerSandbox({
      image: config.sandboxImage,
      runtime: config.dockerRuntime,
      diskBytes: config.sandboxDiskBytes,
      installation: await installation?.(),
    });
  const bwrap = () => new BwrapSandbox({ tools: { bwrap: config.bwrapPath }, diskBytes: config.sandboxDiskBytes });
  const embedded = () => new ProcessSandbox({ allowModelCode: config.sandbox === 'process', diskBytes: config.sandboxDiskBytes });
  const chosen = { docker: [docker], bwrap: [bwrap], process: [embedded], auto: [docker, bwrap, embedded] };
  const candidates: Array<() => Sandbox | Promise<Sandbox>> = chosen[config.sandbox];
  const reasons: string[] = [];
  for (const make of candidates) {
    const sandbox = await make();
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
      inject: [GANTRY_CONFIG, DATABASE],
      useFactory: async (config: GantryConfig, database: Database) => {
        const { sandbox, detail } = await selectSandbox(config, () => installationId(database.pool));
        new Logger('Foundry').log(detail);
        return sandbox;
      },
    },
  ],
  exports: [SANDBOX],
})
export class FoundryModule {}

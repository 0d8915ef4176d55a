import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mission } from '../../../src/missions/domain/mission.state';
import { ARCHITECT_STEP_RUNNERS } from '../../../src/missions/application/pipeline/pipeline-step.port';
import { createTestApp, type TestApp } from '../../support/test-app';
import { consoleArchitect, Gate, type ArchitectPlay } from './console-architect';

export interface ConsoleServer {
  app: TestApp;
  baseUrl: string;
  gate: Gate;
  close(): Promise<void>;
}

/** The whole Gantry app listening on a real local port, with the console architect in place (none: the offline architect). */
export async function startConsoleServer(play: ((mission: Mission) => ArchitectPlay) | null): Promise<ConsoleServer> {
  const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-console-'));
  const gate = new Gate();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const app = await createTestApp({
    // The public URL is what live app links are made of, so it must be where the browser finds this server.
    config: { missionsDir, publicUrl: baseUrl },
    overrides: play ? [{ token: ARCHITECT_STEP_RUNNERS, value: consoleArchitect({ missionsDir }, gate, play) }] : [],
  });
  await app.app.listen(port, '127.0.0.1');
  return {
    app,
    baseUrl,
    gate,
    close: async () => {
      await app.close();
      await app.db.drop();
    },
  };
}

/** A port nothing listens on right now, chosen by the system. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MissionState } from '../../../src/missions/domain/mission.state';
import { ARCHITECT_STEP_RUNNERS } from '../../../src/missions/pipeline/pipeline-step.port';
import { createTestApp, type TestApp } from '../../support/test-app';
import { consoleArchitect, Gate, type ArchitectPlay } from './console-architect';

export interface ConsoleServer {
  app: TestApp;
  baseUrl: string;
  gate: Gate;
  close(): Promise<void>;
}

/** The whole Gantry app listening on a real local port, with the console architect in place. */
export async function startConsoleServer(play: (mission: MissionState) => ArchitectPlay): Promise<ConsoleServer> {
  const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-console-'));
  const gate = new Gate();
  const app = await createTestApp({
    config: { missionsDir },
    overrides: [{ token: ARCHITECT_STEP_RUNNERS, value: consoleArchitect({ missionsDir }, gate, play) }],
  });
  await app.app.listen(0, '127.0.0.1');
  const { port } = app.app.getHttpServer().address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    gate,
    close: async () => {
      await app.close();
      await app.db.drop();
    },
  };
}

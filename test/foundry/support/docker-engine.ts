import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { DEFAULT_SANDBOX_IMAGE, LABEL } from '../../../src/foundry/docker/container-spec';

const run = promisify(execFile);
const BUILD_SCRIPT = resolve(__dirname, '../../../scripts/build-sandbox-image.sh');

/** Makes sure the local sandbox image exists, building it without a registry as CI does. */
export async function ensureSandboxImage(docker: Docker, image: string = DEFAULT_SANDBOX_IMAGE): Promise<void> {
  try {
    await docker.getImage(image).inspect();
    return;
  } catch {
    // Missing: build it below.
  }
  try {
    await run(BUILD_SCRIPT, [], { env: { ...process.env, GANTRY_SANDBOX_IMAGE: image }, timeout: 180_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`${BUILD_SCRIPT} could not build ${image}: ${stderr.trim()}`);
  }
}

/** Ids of every container (any state) carrying the sandbox label, within one scope when given. */
export async function sandboxContainers(docker: Docker, scope?: string): Promise<string[]> {
  const label = [`${LABEL.sandbox}=1`, ...(scope ? [`${LABEL.scope}=${scope}`] : [])];
  const found = await docker.listContainers({ all: true, filters: { label } });
  return found.map((info) => info.Id);
}

/** Names of the volumes carrying the sandbox label, within one scope when given. */
export async function sandboxVolumes(docker: Docker, scope?: string): Promise<string[]> {
  const label = [`${LABEL.sandbox}=1`, ...(scope ? [`${LABEL.scope}=${scope}`] : [])];
  const found = await docker.listVolumes({ filters: { label } });
  return (found.Volumes ?? []).map((volume) => volume.Name);
}

/** A label value unique to one test file in one run, so parallel suites never see each other's containers. */
export function testScope(name: string): string {
  return `test-${name}-${process.pid}-${Date.now().toString(36)}`;
}

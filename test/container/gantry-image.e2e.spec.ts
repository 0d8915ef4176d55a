import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { match } from '../support/expectations';

const ROOT = join(__dirname, '..', '..');
const BASE_IMAGE = process.env.GANTRY_BASE_IMAGE ?? 'gantry-base:local';
const IMAGE = 'gantry:container-test';
const NAME = `gantry-container-test-${process.pid}`;
const PASSWORD = 'container-test-password-1';
const SOCKET = '/var/run/docker.sock';
const TERMINAL = ['DEPLOYED', 'PR_OPENED', 'SUCCESS', 'FAILED', 'BLOCKED', 'TIMEOUT'];

const docker = (...args: string[]): string => execFileSync('docker', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(probe: () => Promise<T | null>, tries: number): Promise<T> {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`gave up after ${tries} tries; the container said:\n${docker('logs', '--tail', '50', NAME)}`);
}

/**
 * Gantry's own image (Dockerfile), built from a locally made base (scripts/build-base-image.sh; .ci/run
 * builds it), run against the machine's Docker engine as its sandbox engine: a mission from prompt to live
 * URL through the container's HTTP port.
 */
describe('The Gantry container image', () => {
  let port: number;
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;

  beforeAll(async () => {
    docker('build', '--network', 'host', '--target', 'gantry', '--build-arg', `BASE_IMAGE=${BASE_IMAGE}`, '-t', IMAGE, '.');
    port = await freePort();
    // The engine here runs without a bridge (.ci/run), so the container shares the host's network and listens on PORT.
    docker(
      'run',
      '-d',
      '--name',
      NAME,
      '--network',
      'host',
      '--group-add',
      String(statSync(SOCKET).gid),
      '-v',
      `${SOCKET}:${SOCKET}`,
      '-e',
      `PORT=${port}`,
      '-e',
      `GANTRY_PASSWORD=${PASSWORD}`,
      '-e',
      'GANTRY_SANDBOX=docker',
      '-e',
      `GANTRY_PUBLIC_URL=http://127.0.0.1:${port}`,
      IMAGE,
    );
  }, 1_800_000);

  afterAll(() => {
    execFileSync('docker', ['rm', '-f', '-v', NAME], { stdio: 'ignore' });
  });

  it('runs as a non-root user, on Node 24, with git and without the dev dependencies (jest, eslint; typescript stays: typeorm needs it)', () => {
    expect(docker('exec', NAME, 'id', '-u')).toBe('10001');
    expect(docker('exec', NAME, 'node', '--version')).toMatch(/^v24\./);
    expect(docker('exec', NAME, 'git', '--version')).toMatch(/^git version /);
    expect(docker('exec', NAME, 'sh', '-c', 'ls node_modules/jest node_modules/eslint 2>&1 || true')).toMatch(
      /No such file or directory[\s\S]*No such file or directory/,
    );
    expect(docker('image', 'inspect', '-f', '{{json .Config.Healthcheck.Test}}', IMAGE)).toContain('/health');
  });

  it('answers /health and takes a mission from a prompt to a live URL through its HTTP port', async () => {
    const health = await until(async () => {
      const response = await fetch(url('/health'));
      return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : null;
    }, 240);
    expect(health).toMatchObject({
      runtime: { node: match.stringMatching(/^v24\./) },
      checks: { sandbox: { status: 'up', tier: match.stringMatching(/^(gvisor|container)$/) } },
    });

    const login = await fetch(url('/gantry/auth'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const headers = { 'content-type': 'application/json', cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] };
    const opened = await fetch(url('/gantry/architect'), { method: 'POST', headers, body: JSON.stringify({ voice_memo: 'A calculator with memory keys' }) });
    expect(opened.status).toBe(202);
    const { mission_id: id } = (await opened.json()) as { mission_id: string };
    const status = await until(async () => {
      const body = (await (await fetch(url(`/gantry/status/${id}`), { headers })).json()) as { status?: string; url?: string };
      return TERMINAL.includes(String(body.status)) ? body : null;
    }, 600);
    expect(status).toMatchObject({ status: 'DEPLOYED', url: match.stringContaining(`http://127.0.0.1:${port}/apps/`) });
    const page = await fetch(String(status.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<!doctype html>/i);
  }, 900_000);
});

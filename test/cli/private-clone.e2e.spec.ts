import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processesMentioning } from '../../src/foundry/bwrap/bwrap-reaper';
import { match } from '../support/expectations';

const ROOT = join(__dirname, '..', '..');
const PASSWORD = 'private-clone-password-1';
const TERMINAL = ['DEPLOYED', 'PR_OPENED', 'SUCCESS', 'FAILED', 'BLOCKED', 'TIMEOUT'];

/**
 * A new user's root install: the repository cloned under a directory only root can enter (like /root),
 * started with the README's command, on a machine with neither Docker nor bubblewrap. PostgreSQL (as the
 * postgres user) and the embedded sandbox (as uid 1000) must both reach what they need.
 */
describe('npm start as root from a clone in a 0700 directory', () => {
  const base = mkdtempSync(join(tmpdir(), 'gantry-clone-'));
  const clone = join(base, 'private', 'gantry');
  let server: ChildProcess | null = null;
  let output = '';

  beforeAll(() => {
    expect(process.getuid?.()).toBe(0);
    chmodSync(base, 0o755);
    mkdirSync(join(base, 'private'), { mode: 0o700 });
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone]);
    // What `npm install` would bring, without the network: hard links of this checkout's node_modules (same files, the clone's path).
    execFileSync('cp', ['-al', join(ROOT, 'node_modules'), join(clone, 'node_modules')]);
  });

  afterAll(async () => {
    // npm does not pass SIGTERM on to the server it started: the whole process group gets it.
    if (server?.pid !== undefined && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
    // The cluster it made under /var/lib/gantry goes too, once its postgres (which outlives npm by a moment) is gone.
    const link = join(clone, 'data', 'postgres');
    if (existsSync(link)) {
      const cluster = readlinkSync(link);
      for (let tries = 0; tries < 60 && (await processesMentioning(cluster)).length > 0; tries += 1) await new Promise((resolve) => setTimeout(resolve, 500));
      rmSync(cluster, { recursive: true, force: true });
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('bin/gantry.js started by an older system node hands over to Node 24', () => {
    const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => existsSync(path)) ?? process.execPath;
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: clone, env: { ...process.env, CI: 'true' } });
    const run = spawnSync(systemNode, [join(clone, 'bin', 'gantry.js'), '--version'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^gantry \d+\.\d+\.\d+ \(node v24\.\d+\.\d+\)\n$/);
  }, 600_000);

  it('comes up, answers /health 200 on Node 24, and takes an offline mission to DEPLOYED', async () => {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: base,
      PORT: '0',
      GANTRY_PASSWORD: PASSWORD,
      DOCKER_HOST: 'unix:///nonexistent/gantry-test/docker.sock',
      GANTRY_BWRAP_PATH: '/nonexistent/gantry-test/bwrap',
    };
    server = spawn('npm', ['start'], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const port = await new Promise<number>((resolve, reject) => {
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        const online = /online at http:\/\/localhost:(\d+)/.exec(output);
        if (online) resolve(Number(online[1]));
      };
      server?.stdout?.on('data', seen);
      server?.stderr?.on('data', seen);
      server?.once('exit', (code) => reject(new Error(`npm start exited ${String(code)}: ${output}`)));
    });
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;

    const health = await fetch(url('/health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'online',
      runtime: { node: match.stringMatching(/^v24\./) },
      checks: { database: { status: 'up', detail: 'embedded PostgreSQL' }, sandbox: { status: 'up', tier: 'process' } },
    });

    const login = await fetch(url('/gantry/auth'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const headers = { 'content-type': 'application/json', cookie };
    const opened = await fetch(url('/gantry/architect'), { method: 'POST', headers, body: JSON.stringify({ voice_memo: 'A calculator with memory keys' }) });
    expect(opened.status).toBe(202);
    const { mission_id: id } = (await opened.json()) as { mission_id: string };
    let status: { status?: string; url?: string } = {};
    for (let tries = 0; tries < 600 && !TERMINAL.includes(String(status.status)); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = (await (await fetch(url(`/gantry/status/${id}`), { headers })).json()) as typeof status;
    }
    expect(status).toMatchObject({ status: 'DEPLOYED', url: match.stringContaining('/apps/') });
    const page = await fetch(url(new URL(String(status.url)).pathname));
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<!doctype html>/i);
  }, 900_000);
});

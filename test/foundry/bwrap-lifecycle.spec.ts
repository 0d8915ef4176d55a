import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bwrapCommandLine, DEFAULT_TOOLS } from '../../src/foundry/bwrap/bwrap-args';
import { processesMentioning } from '../../src/foundry/bwrap/bwrap-reaper';
import { BwrapSandbox } from '../../src/foundry/bwrap/bwrap-sandbox';
import { createRunDir, populateWorkspace, removeRunDir } from '../../src/foundry/bwrap/bwrap-workdir';
import { ensureSandboxUser } from '../../src/foundry/bwrap/sandbox-user';
import { currentProcessIdentity } from '../../src/kernel/process-identity';
import { DEFAULT_SANDBOX_LIMITS } from '../../src/foundry/sandbox-defaults';
import { SandboxUnavailableError } from '../../src/missions/ports/sandbox.port';
import { match } from '../support/expectations';

/** Crashes, restarts and missing pieces, against the real bubblewrap. */
describe('BwrapSandbox lifecycle', () => {
  const roots: string[] = [];
  const newWorkRoot = (mode = 0o711): string => {
    const root = mkdtempSync(join(tmpdir(), 'gantry-bwrap-life-'));
    chmodSync(root, mode);
    roots.push(root);
    return root;
  };
  const asRoot = process.getuid?.() === 0;

  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('takes the whole sandbox down when its parent dies (--die-with-parent), so a crash leaves nothing running', async () => {
    const workRoot = newWorkRoot();
    const dir = await createRunDir(workRoot, randomUUID(), 1);
    const hostUser = asRoot ? await ensureSandboxUser() : null;
    await populateWorkspace(dir.workspace, [], hostUser);
    const argv = bwrapCommandLine({
      tools: DEFAULT_TOOLS,
      dir,
      limits: DEFAULT_SANDBOX_LIMITS,
      hostUser,
      addressSpaceBytes: 4 * 1024 ** 3,
      tmpfsBytes: 1024 ** 2,
      diskBytes: 1024 ** 2,
      seccomp: false,
      cgroupProcs: [],
      timeoutMs: 60_000,
      command: 'sleep 987654; true',
    });
    // A stand-in for Gantry: a shell that started the sandbox and is then killed outright.
    const parent = spawn('/bin/sh', ['-c', '"$@" & wait', 'sh', ...argv], { stdio: 'ignore' });
    await until(async () => (await sleepers('987654')).length === 1);
    expect((await processesMentioning(dir.root)).length).toBeGreaterThan(0);

    parent.kill('SIGKILL');
    await until(async () => (await processesMentioning(dir.root)).length === 0 && (await sleepers('987654')).length === 0);
    expect(await processesMentioning(dir.root)).toEqual([]);
    expect(await sleepers('987654')).toEqual([]);
    await removeRunDir(dir.root);
  });

  it("reaps the run directories of a dead process, killing what still runs from them, and leaves a live one's alone", async () => {
    const workRoot = newWorkRoot();
    const dead = { pid: spawnSync('/bin/true').pid, startTime: '1' };
    const missionId = randomUUID();
    const abandoned = leftover(workRoot, `gantry-bwrap-${missionId}-2-a1B2c3`, JSON.stringify(dead));
    const live = leftover(workRoot, `gantry-bwrap-${randomUUID()}-1-d4E5f6`, JSON.stringify(await currentProcessIdentity()));
    leftover(workRoot, 'gantry-bwrap-gantry-availability-probe-0-g7H8i9', JSON.stringify(dead));
    leftover(workRoot, 'gantry-bwrap-not-an-attempt', null);
    mkdirSync(join(workRoot, 'someone-elses-dir'));
    const straggler = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', join(abandoned, 'workspace')], { stdio: 'ignore' });
    const stragglerExit = exitOf(straggler);
    await until(async () => (await processesMentioning(abandoned)).includes(straggler.pid ?? -1));

    const reaped = await new BwrapSandbox({ workRoot }).reapAbandoned();

    expect(reaped).toEqual([{ missionId, attempt: 2 }]);
    expect(await stragglerExit).toBe('SIGKILL');
    expect(readdirSync(workRoot).sort()).toEqual([live.slice(workRoot.length + 1), 'someone-elses-dir'].sort());
  });

  it('finds nothing to reap when nothing was left', async () => {
    expect(await new BwrapSandbox({ workRoot: newWorkRoot() }).reapAbandoned()).toEqual([]);
  });

  it('says how to get bubblewrap when it is missing, and refuses to run', async () => {
    const workRoot = newWorkRoot();
    const sandbox = new BwrapSandbox({ workRoot, tools: { bwrap: '/nonexistent/bwrap' } });
    const availability = await sandbox.available();
    expect(availability.ok).toBe(false);
    expect(availability.detail).toContain('apt-get install bubblewrap');
    expect(availability.detail).toContain('user namespaces');
    const job = { missionId: randomUUID(), attempt: 1, files: [], command: 'true', timeoutMs: 5_000 };
    await expect(sandbox.run(job)).rejects.toBeInstanceOf(SandboxUnavailableError);
    expect(readdirSync(workRoot)).toEqual([]);
  });

  (asRoot ? it : it.skip)('reports a sandbox bwrap cannot set up as unavailable, not as a failed build', async () => {
    // As root the sandbox runs as host uid 1000, which cannot reach into a 0700 directory of root's.
    const workRoot = newWorkRoot(0o700);
    const sandbox = new BwrapSandbox({ workRoot });
    const job = { missionId: randomUUID(), attempt: 1, files: [], command: 'true', timeoutMs: 5_000 };
    await expect(sandbox.run(job)).rejects.toThrow(/could not be set up: bwrap: .*Permission denied/);
    const availability = await sandbox.available();
    expect(availability).toEqual({ ok: false, detail: match.stringContaining('Permission denied') });
    expect(readdirSync(workRoot)).toEqual([]);
  });
});

function leftover(workRoot: string, name: string, owner: string | null): string {
  const root = join(workRoot, name);
  mkdirSync(join(root, 'workspace', 'src'), { recursive: true });
  writeFileSync(join(root, 'workspace', 'src', 'index.js'), 'console.log(1)');
  if (owner !== null) writeFileSync(join(root, 'owner.json'), owner);
  return root;
}

async function sleepers(seconds: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline === `sleep\0${seconds}\0`) found.push(Number(entry));
  }
  return found;
}

function exitOf(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
}

/** Polls until `condition` holds (no timing is asserted: the test's own timeout is the limit). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}

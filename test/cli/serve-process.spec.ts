import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { match, required } from '../support/expectations';
import { runGantry, startGantry, waitForOnline } from '../support/gantry-process';

/** `gantry serve` on the embedded defaults, as a new user runs it: a real process with its own PostgreSQL. */
describe('gantry serve on the embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-serve-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const children: Array<ReturnType<typeof startGantry>> = [];
  afterEach(() => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));

  it('starts, answers /health, refuses a second process on the same data directory, and stops cleanly', async () => {
    const first = startGantry(['serve'], { PORT: '0', GANTRY_DATA_DIR: dataDir });
    children.push(first);
    let firstOutput = '';
    required(first.stdout, "the first server's stdout").on('data', (chunk: Buffer) => (firstOutput += chunk.toString()));
    const port = await waitForOnline(first);

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'online',
      checks: {
        database: { status: 'up', detail: 'embedded PostgreSQL' },
        eventStore: { status: 'up' },
        sandbox: { status: match.stringMatching(/^(up|unavailable)$/), detail: match.any(String) },
      },
      runtime: { node: process.version, gantry: match.stringMatching(/^\d+\.\d+\.\d+/) },
      speech: 'Gantry is online.',
    });

    const second = await runGantry(['serve'], { PORT: '0', GANTRY_DATA_DIR: dataDir });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(
      `gantry: Another Gantry process (pid ${required(first.pid, "the first server's pid")}) is using the data directory ${dataDir}`,
    );
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true); // the first server is untouched

    // First start without GANTRY_PASSWORD: a generated admin password, shown once, signs in.
    const password = /admin password \(shown this once; sign in as "admin"\):\s+(\S+)/.exec(firstOutput)?.[1];
    expect(password).toBeDefined();
    await expect(fetch(`http://127.0.0.1:${port}/gantry/architect`, { method: 'POST' })).resolves.toMatchObject({ status: 401 });
    const login = await fetch(`http://127.0.0.1:${port}/gantry/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password }),
    });
    expect(login.status).toBe(200);
    const cookie = required(login.headers.get('set-cookie'), 'a session cookie').split(';')[0];

    // An auditor's command on the same machine attaches to the running server's database instead.
    const built = await fetch(`http://127.0.0.1:${port}/gantry/architect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ voice_memo: 'A calculator with memory keys' }),
    });
    const { mission_id: missionId } = (await built.json()) as { mission_id: string };
    const audit = await runGantry(['audit', 'verify', missionId], { GANTRY_DATA_DIR: dataDir });
    expect(audit.stdout).toContain(`VALID  mission-${missionId}:`);
    expect(audit.code).toBe(0);

    first.kill('SIGTERM');
    await first.output;
    expect(existsSync(join(dataDir, 'gantry.lock'))).toBe(false);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const again = startGantry(['serve'], { PORT: '0', GANTRY_DATA_DIR: dataDir });
    children.push(again);
    const againPort = await waitForOnline(again);
    expect((await fetch(`http://127.0.0.1:${againPort}/health`)).status).toBe(200);
    const relogin = await fetch(`http://127.0.0.1:${againPort}/gantry/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password }),
    });
    expect(relogin.status).toBe(200); // the hash kept under the data directory, not a new password
    again.kill('SIGTERM');
    const restarted = await again.output;
    expect(restarted.stdout).not.toContain('admin password (shown this once');
    expect(restarted.stdout).not.toContain(required(password, 'the generated admin password'));
  });

  it('stops at boot with one line naming a bad variable', async () => {
    const result = await runGantry(['serve'], { PORT: 'eighty', GANTRY_DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('gantry: Invalid configuration: PORT must be a whole number from 0 to 65535 (got "eighty")');
  });
});

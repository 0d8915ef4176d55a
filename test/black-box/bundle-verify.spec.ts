import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { logKey, missionBundle } from '../support/audit-bundle-fixture';
import { newEvent } from '../support/events';
import { runGantry } from '../support/gantry-process';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'verify-bundle.mjs');
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A run that deployed and opened a pull request, failed, was retried, and deployed again: deployment.json written twice. */
const RETRIED_RUN = [
  newEvent('DeploymentSucceeded', { attempt: 1, provider: 'local', recordSha256: sha('first deployment') }),
  newEvent('PullRequestOpened', { attempt: 1, descriptionSha256: sha('description'), recordSha256: sha('pull request') }),
  newEvent('MissionRetried', { by: 'admin' }),
  newEvent('DeploymentSucceeded', { attempt: 1, provider: 'local', recordSha256: sha('second deployment') }),
];
const FOUND_AFTER_RETRY: Record<string, string> = {
  'deployment.json': sha('second deployment'),
  'pull-request.json': sha('pull request'),
  'pull-request.md': sha('description'),
};

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Node alone: an empty environment, a folder with nothing but the script, no node_modules anywhere above it. */
function runNode(args: string[], cwd: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: {}, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A machine with only Node: the script copied into an empty folder, with the bundle and the key file. */
function auditorFolder(bundle: string, vkey: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-auditor-'));
  copyFileSync(SCRIPT, join(dir, 'verify-bundle.mjs'));
  writeFileSync(join(dir, 'bundle.json'), bundle);
  writeFileSync(join(dir, 'log.vkey'), `${vkey}\n`);
  return dir;
}

describe('scripts/verify-bundle.mjs: a bundle verified offline with Node alone', () => {
  it('verifies a valid bundle, naming the checkpoint and the leaf range', async () => {
    const { text, missionId } = await missionBundle();
    const dir = auditorFolder(text, (JSON.parse(text) as { key: string }).key);
    const result = await runNode(['verify-bundle.mjs', 'bundle.json', 'log.vkey'], dir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`VALID  mission-${missionId}: 4 events chained, leaves 5–11 included, 2 evidence hashes as recorded`);
    expect(result.stdout).toMatch(/checkpoint {2}gantry\.test\/log size 13 root [A-Za-z0-9+/]{43}= \(signature verified\)/);
  });

  it('fails a bundle whose checkpoint another key signed, whichever key the bundle names', async () => {
    const trusted = logKey();
    const forged = await missionBundle(logKey());
    const named = await runNode(['verify-bundle.mjs', 'bundle.json', 'log.vkey'], auditorFolder(forged.text, trusted.vkey));
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('TAMPERED  the bundle names another verifier key than the one trusted');
    const relabelled = forged.text.replace(JSON.stringify((JSON.parse(forged.text) as { key: string }).key), JSON.stringify(trusted.vkey));
    const signed = await runNode(['verify-bundle.mjs', 'bundle.json', 'log.vkey'], auditorFolder(relabelled, trusted.vkey));
    expect(signed.code).toBe(1);
    expect(signed.stderr).toContain('TAMPERED  the checkpoint is not signed by gantry.test/log (another key signed it)');
  });

  it('checks the deployment and pull-request records against the hashes their events recorded, the last naming of a file counting', async () => {
    const verify = async (found: Record<string, string>) => {
      const { text, key } = await missionBundle(logKey(), 3, { events: RETRIED_RUN, found: (file) => found[file] ?? null });
      return runNode(['verify-bundle.mjs', 'bundle.json', 'log.vkey'], auditorFolder(text, key.vkey));
    };
    const valid = await verify(FOUND_AFTER_RETRY);
    expect(valid).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('5 events chained, leaves 3–11 included, 4 evidence hashes as recorded') as string,
    });
    const changedRecord = await verify({ ...FOUND_AFTER_RETRY, 'pull-request.json': sha('pull request, edited') });
    expect(changedRecord).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('evidence pull-request.json: its SHA-256 is not the one event 2 recorded') as string,
    });
    const oldDeployment = await verify({ ...FOUND_AFTER_RETRY, 'deployment.json': sha('first deployment') });
    expect(oldDeployment).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('evidence deployment.json: its SHA-256 is not the one event 4 recorded') as string,
    });
  });

  it('fails a bundle listing a replaced file with another hash than its last naming', async () => {
    const { text, key } = await missionBundle(logKey(), 3, { events: RETRIED_RUN, found: (file) => FOUND_AFTER_RETRY[file] ?? null });
    const listed = text.replace(`"sha256": "${sha('second deployment')}"`, `"sha256": "${sha('first deployment')}"`);
    expect(listed).not.toBe(text);
    const result = await runNode(['verify-bundle.mjs', 'bundle.json', 'log.vkey'], auditorFolder(listed, key.vkey));
    expect(result).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('evidence 0: deployment.json is listed with another hash than the same file at evidence 3') as string,
    });
  });

  it('exits 2 without its arguments or when a file cannot be read', async () => {
    const dir = auditorFolder('{}', 'x');
    expect((await runNode(['verify-bundle.mjs'], dir)).code).toBe(2);
    expect(await runNode(['verify-bundle.mjs', 'nothing.json', 'log.vkey'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('ENOENT') as string,
    });
  });

  it('fails a bundle with any one byte changed, at every position of the file', async () => {
    const { text, key } = await missionBundle(logKey(), 2);
    const dir = auditorFolder(text, key.vkey);
    const fuzz = `
      import { readFileSync } from 'node:fs';
      import { verifyBundle } from './verify-bundle.mjs';
      const bytes = readFileSync('bundle.json');
      const vkey = readFileSync('log.vkey', 'utf8');
      const intact = await verifyBundle(bytes.toString('utf8'), vkey);
      const passed = [];
      for (let at = 0; at < bytes.length; at += 1) {
        const changed = Buffer.from(bytes);
        changed[at] ^= 0x01;
        if ((await verifyBundle(changed.toString('utf8'), vkey)).valid) passed.push(at);
      }
      console.log(JSON.stringify({ intact: intact.valid, positions: bytes.length, passed }));`;
    const result = await runNode(['--input-type=module', '-e', fuzz], dir);
    expect(result.stderr).toBe('');
    const outcome = JSON.parse(result.stdout) as { intact: boolean; positions: number; passed: number[] };
    expect(outcome.intact).toBe(true);
    expect(outcome.positions).toBe(Buffer.byteLength(text));
    expect(outcome.passed.map((at) => `${at}: ${JSON.stringify(text.slice(Math.max(0, at - 20), at + 20))}`)).toEqual([]);
  });

  it('gantry audit verify --bundle --key needs no database: 0 valid, 1 tampered, 2 usage', async () => {
    const { text, key } = await missionBundle();
    const dir = auditorFolder(text, key.vkey);
    const nowhere = { HOME: dir, GANTRY_DATA_DIR: join(dir, 'never-started') };
    const valid = await runGantry(['audit', 'verify', '--bundle', join(dir, 'bundle.json'), '--key', join(dir, 'log.vkey')], nowhere);
    expect(valid).toMatchObject({ code: 0, stdout: expect.stringContaining('VALID  mission-') as string });
    writeFileSync(join(dir, 'bundle.json'), text.replace('"revision": 1', '"revision": 2'));
    const tampered = await runGantry(['audit', 'verify', '--bundle', join(dir, 'bundle.json'), '--key', join(dir, 'log.vkey')], nowhere);
    expect(tampered).toMatchObject({ code: 1, stderr: expect.stringContaining('TAMPERED  event 1: revision 2 is out of place') as string });
    expect((await runGantry(['audit', 'verify', '--bundle', join(dir, 'bundle.json')], nowhere)).code).toBe(2);
  }, 300_000);
});

import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finishedBuilds, runScriptedMission } from '../support/foundry-run';
import { match, required } from '../support/expectations';
import { nodeProject } from '../support/scripted-architect';

/** Generated code is hostile until proven otherwise: each case ends with the status it deserves, and the host is untouched. */
const withTest = (name: string, body: string) => nodeProject(name, { 'hostile.test.js': `const test = require('node:test');\n${body}\n` });

describe('Hostile generated code', () => {
  const canary = 'GANTRY_CANARY_SECRET';
  beforeAll(() => {
    process.env[canary] = 'ghp_canary_value_never_in_a_sandbox';
  });
  afterAll(() => {
    Reflect.deleteProperty(process.env, canary);
  });

  it.each([
    ['a fork bomb', nodeProject('bomb', { 'run.sh': ':(){ :|:& };:\n', 'a.test.js': "require('node:test')('ok', () => {});\n" }), 'fork_bomb'],
    ['a child process', withTest('spawner', "const { execSync } = require('child_process');\ntest('x', () => execSync('id'));"), 'child_process'],
    ['a dump of the environment', withTest('dumper', "test('x', () => console.log(JSON.stringify(process.env)));"), 'env_dump'],
    ['a write to /etc', withTest('writer', "const fs = require('node:fs');\ntest('x', () => fs.writeFileSync('/etc/gantry-pwned', 'x'));"), null],
  ])('blocks %s at the policy gate, naming the rule, file and line', async (_, manifest, rule) => {
    const run = await runScriptedMission(() => manifest);
    expect(run.final).toMatchObject({ status: 'BLOCKED', failure: { stage: 'VALIDATING' } });
    const verdict = required(
      run.events.find((event) => event.type === 'PolicyVerdictRendered'),
      'a PolicyVerdictRendered event',
    ).data as {
      allowed: boolean;
      violations: Array<{ rule: string; file: string; line: number }>;
    };
    expect(verdict.allowed).toBe(false);
    if (rule) expect(verdict.violations).toEqual(match.arrayContaining([match.objectContaining({ rule, file: match.any(String), line: match.any(Number) })]));
    expect(run.types).not.toContain('BuildAttemptStarted');
  });

  it("stops an endless loop with the dead man's switch and ends TIMEOUT without healing", async () => {
    const run = await runScriptedMission(() => withTest('spinner', "test('spins', () => { for (;;) {} });"), { buildTimeoutMs: 3000 });
    expect(run.final).toMatchObject({ status: 'TIMEOUT', attempts: 1 });
    expect(finishedBuilds(run.events)).toEqual([expect.objectContaining({ timedOut: true, passed: false, exitCode: null })]);
    expect(run.types).not.toContain('HealRequested');
  });

  it('contains a memory hog: the attempt dies, the heal dies the same way, and healing stops early', async () => {
    const hog = "test('hogs', () => { const keep = []; for (;;) keep.push(Buffer.alloc(16 * 1024 * 1024, 1)); });";
    const run = await runScriptedMission(() => withTest('hog', hog));
    // The kernel kills the whole test file's process, so node's runner reports the file, not the test, as failed
    // (under runc); under gVisor (the default tier where the engine has runsc) the runner's report of the file may
    // not come out at all before the run ends, so the file is not always named.
    expect(run.final).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      failure: {
        stage: 'BUILDING',
        reason: match.stringMatching(/^Attempt 2 failed exactly as attempt 1 did( \(\/workspace\/hostile\.test\.js\))?: healing stopped early$/),
      },
    });
    const builds = finishedBuilds(run.events);
    expect(builds).toHaveLength(2);
    for (const build of builds) expect(build).toMatchObject({ passed: false, timedOut: false, oomKilled: true });
  });

  it('gives generated code no network: a test that needs it fails, and so does its identical heal', async () => {
    const fetcher =
      "const assert = require('node:assert');\ntest('reaches the internet', async () => { const response = await fetch('http://1.1.1.1/'); assert.ok(response.ok); });";
    const run = await runScriptedMission(() => withTest('fetcher', fetcher));
    expect(run.final).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      failure: { stage: 'BUILDING', reason: 'Attempt 2 failed exactly as attempt 1 did (reaches the internet): healing stopped early' },
    });
    for (const attempt of [1, 2]) {
      const log = readFileSync(join(run.missionsDir, run.id, `attempts/${attempt}/build.log`), 'utf8');
      expect(log).toMatch(/fetch failed|ENETUNREACH|EAI_AGAIN|ECONNREFUSED/);
    }
  });

  it('refuses a write outside the project even when it slips past the policy, and the host is untouched', async () => {
    const sneaky =
      "const fs = require('node:fs');\nconst target = ['', 'etc', 'gantry-escape'].join('/');\ntest('writes', () => fs.writeFileSync(target, 'owned'));";
    const run = await runScriptedMission(() => withTest('sneaky', sneaky));
    expect(run.final).toMatchObject({ status: 'FAILED' });
    expect(readFileSync(join(run.missionsDir, run.id, 'attempts/1/build.log'), 'utf8')).toMatch(/EACCES|EROFS|permission denied|read-only/i);
    expect(existsSync('/etc/gantry-escape')).toBe(false);
  });

  it("shows generated code none of the host's environment, even when it reads it sideways", async () => {
    const reader = "const env = process['e' + 'nv'];\ntest('reads', () => console.log('VARS:' + Object.keys(env).join(',')));";
    const run = await runScriptedMission(() => withTest('reader', reader));
    expect(run.final).toMatchObject({ status: 'PR_OPENED' });
    const log = readFileSync(join(run.missionsDir, run.id, 'attempts/1/build.log'), 'utf8');
    expect(log).toContain('VARS:');
    expect(log).not.toContain(canary);
    expect(log).not.toContain('ghp_canary_value');
    expect(JSON.stringify(run.events)).not.toContain('ghp_canary_value');
  });

  it('leaves no sandbox container behind', () => {
    expect(execSync('docker ps -aq --filter label=gantry.sandbox=1').toString().trim()).toBe('');
  });
});

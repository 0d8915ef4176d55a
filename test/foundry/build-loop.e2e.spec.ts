import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finishedBuilds, runScriptedMission as build } from '../support/foundry-run';
import { required } from '../support/expectations';
import { ADDER, ADDER_TEST, BROKEN_ADDER, nodeProject } from '../support/scripted-architect';
import { BUILT_ATTEMPT, PUBLISHED } from '../support/events';

describe('The build loop in a real sandbox', () => {
  it("builds a passing app and ships it, with every attempt's files and log in the evidence pack under their hashes", async () => {
    const run = await build(() => nodeProject('adder', { 'add.js': ADDER, 'add.test.js': ADDER_TEST }));
    // A library with no index.html has no page to serve: the deployment fails honestly, the pull request opens.
    expect(run.final).toMatchObject({ status: 'PR_OPENED', attempts: 1, url: null });
    expect(run.types).toEqual([
      'MissionOpened',
      'ConsultantReplied',
      'BuildConfirmed',
      ...BUILT_ATTEMPT,
      'PipelineStepStarted',
      'DeploymentRequested',
      'DeploymentFailed',
      ...PUBLISHED,
      'MissionSucceeded',
    ]);
    const [finished] = finishedBuilds(run.events);
    expect(finished).toMatchObject({ attempt: 1, passed: true, exitCode: 0, timedOut: false, abandoned: false });
    const log = readFileSync(join(run.missionsDir, run.id, 'attempts/1/build.log'), 'utf8');
    expect(createHash('sha256').update(log).digest('hex')).toBe(finished.logSha256);
    expect(log).toMatch(/[#ℹ] pass 1/);
    const drafted = required(
      run.events.find((event) => event.type === 'BlueprintDrafted'),
      'a BlueprintDrafted event',
    ).data as { files: Array<{ path: string; sha256: string }> };
    for (const file of drafted.files) {
      const bytes = readFileSync(join(run.missionsDir, run.id, 'attempts/1/files', file.path));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    }
    expect(run.audit.valid).toBe(true);
  });

  it('heals a failing app on the second attempt, telling the architect what failed', async () => {
    const run = await build((attempt) => nodeProject('adder', { 'add.js': attempt === 1 ? BROKEN_ADDER : ADDER, 'add.test.js': ADDER_TEST }));
    expect(run.final).toMatchObject({ status: 'PR_OPENED', attempts: 2 });
    expect(finishedBuilds(run.events).map((build) => build.passed)).toEqual([false, true]);
    const heal = required(
      run.events.find((event) => event.type === 'HealRequested'),
      'a HealRequested event',
    ).data as {
      attempt: number;
      failure: { command: string; exitCode: number; output: string };
    };
    expect(heal).toMatchObject({ attempt: 2, failure: { command: 'node --test', exitCode: 1 } });
    expect(heal.failure.output).toContain('adds two numbers');
    expect(run.audit.valid).toBe(true);
  });

  it('stops healing early when an attempt fails exactly as the one before, naming the failing test', async () => {
    const run = await build(() => nodeProject('adder', { 'add.js': BROKEN_ADDER, 'add.test.js': ADDER_TEST }));
    expect(run.final).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      failure: { stage: 'BUILDING', reason: 'Attempt 2 failed exactly as attempt 1 did (adds two numbers): healing stopped early' },
    });
    expect(finishedBuilds(run.events).map((build) => build.passed)).toEqual([false, false]);
    expect(run.types.filter((type) => type === 'HealRequested')).toHaveLength(1);
    expect(run.audit.valid).toBe(true);
  });

  it('fails after three attempts when every heal fails differently', async () => {
    const failingOn = (attempt: number) =>
      `const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('./add.js');\ntest('adds two numbers, take ${attempt}', () => assert.strictEqual(add(2, 3), 5));\n`;
    const run = await build((attempt) => nodeProject('adder', { 'add.js': BROKEN_ADDER, 'add.test.js': failingOn(attempt) }));
    expect(run.final).toMatchObject({ status: 'FAILED', attempts: 3, failure: { stage: 'BUILDING', reason: 'The build failed its tests on all 3 attempts' } });
    expect(finishedBuilds(run.events).map((build) => build.passed)).toEqual([false, false, false]);
    const heals = run.events
      .filter((event) => event.type === 'HealRequested')
      .map((event) => event.data as { attempt: number; failure: { failingTests: string[] } });
    expect(heals.map(({ attempt, failure }) => [attempt, failure.failingTests])).toEqual([
      [2, ['adds two numbers, take 1']],
      [3, ['adds two numbers, take 2']],
    ]);
    expect(run.audit.valid).toBe(true);
  });

  it('leaves no sandbox container behind', () => {
    expect(execSync('docker ps -aq --filter label=gantry.sandbox=1').toString().trim()).toBe('');
  });
});

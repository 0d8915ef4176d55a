import Docker from 'dockerode';
import type { Manifest } from '../../src/missions/domain/manifest';
import { OfflineArchitect } from '../../src/architect/offline/offline-architect';
import { DockerSandbox } from '../../src/foundry/docker/docker-sandbox';
import type { SandboxResult } from '../../src/missions/ports/sandbox.port';
import { ensureSandboxImage, sandboxContainers, sandboxVolumes, testScope } from '../foundry/support/docker-engine';
import { ALL_COMMON_FEATURES, ARCHETYPE_PROMPTS, draftRequest } from './offline-request.fixture';

const architect = new OfflineArchitect();

async function manifestFor(prompt: string): Promise<Manifest> {
  const outcome = await architect.draft(draftRequest(prompt, ALL_COMMON_FEATURES));
  if (outcome.kind !== 'manifest') throw new Error(outcome.kind === 'rejected' ? outcome.reason : 'the offline architect answered with edits');
  return outcome.manifest;
}

/** node --test's summary (tap in a pipe: "# pass 12", spec on a terminal: "ℹ pass 12"). */
function summary(output: string): { pass: number; fail: number } {
  const count = (name: string): number => Number(new RegExp(`^(?:#|ℹ) ${name} (\\d+)$`, 'm').exec(output)?.[1] ?? NaN);
  return { pass: count('pass'), fail: count('fail') };
}

/** Replaces the first occurrence of `from` in one file; throws when it is absent, so a mutation cannot silently miss. */
function mutate(manifest: Manifest, path: string, from: string, to: string): Manifest {
  const files = manifest.files.map((file) => {
    if (file.path !== path) return file;
    if (!file.content.includes(from)) throw new Error(`${path} has no ${from}`);
    return { ...file, content: file.content.replace(from, to) };
  });
  return { ...manifest, files };
}

/** Every offline archetype, all four common features on, built and tested in the real Docker sandbox. */
describe('Offline archetypes in the sandbox (real Docker)', () => {
  const docker = new Docker();
  const scope = testScope('offline-archetypes');
  const sandbox = new DockerSandbox({ docker, scope });
  let runs = 0;

  const audit = (manifest: Manifest): Promise<SandboxResult> => {
    runs += 1;
    return sandbox.run({ missionId: `offline-${runs}`, attempt: 1, files: manifest.files, command: manifest.auditCommand, timeoutMs: 60_000 });
  };

  beforeAll(async () => {
    await ensureSandboxImage(docker);
  }, 180_000);

  afterAll(async () => {
    expect(await sandboxContainers(docker, scope)).toEqual([]);
    expect(await sandboxVolumes(docker, scope)).toEqual([]);
  });

  it.each(Object.entries(ARCHETYPE_PROMPTS))('%s: its own tests pass', async (_key, prompt) => {
    const manifest = await manifestFor(prompt);
    const result = await audit(manifest);
    const { pass, fail } = summary(result.output);
    if (result.exitCode !== 0) throw new Error(`${manifest.projectName} failed:\n${result.output}`);
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, oomKilled: false });
    expect(pass).toBeGreaterThan(0);
    expect(fail).toBe(0);
    expect(manifest.files.map((file) => file.path)).toEqual(
      expect.arrayContaining(['test/search.test.js', 'test/export.test.js', 'test/storage.test.js', 'test/theme-mode.test.js']),
    );
  });

  // The suites can fail: one broken line in a logic module turns the run red, with the failures counted.
  it.each([
    ['CALCULATOR', 'src/calculator.js', "value = op === '*' ? value * right : value / right;", "value = op === '*' ? value + right : value / right;"],
    ['TASKS', 'src/tasks.js', 'if (a.done !== b.done) return a.done ? 1 : -1;', 'if (a.done !== b.done) return a.done ? -1 : 1;'],
    ['EXPENSES', 'src/expenses.js', 'totals[key] = (totals[key] || 0) + e.cents;', 'totals[key] = e.cents;'],
    ['POMODORO', 'src/pomodoro.js', "completed % state.settings.longEvery === 0 ? 'long' : 'short'", "'short'"],
    ['RECORDS', 'src/records.js', 'return sort.descending ? -order : order;', 'return order;'],
    ['HABITS', 'src/habits.js', 'if (!habit.done[today]) time -= DAY;', ''],
    ['TASKS', 'src/export.js', 'text.replace(/"/g, \'""\')', 'text'],
  ] as const)('%s: breaking %s makes its tests fail', async (key, path, from, to) => {
    const manifest = mutate(await manifestFor(ARCHETYPE_PROMPTS[key]), path, from, to);
    const result = await audit(manifest);
    expect(result.exitCode).not.toBe(0);
    expect(result.timedOut).toBe(false);
    expect(summary(result.output).fail).toBeGreaterThan(0);
  });
});

/**
 * `npm run bench:foundry`: sandbox start-to-exit time, p50/p95 over BENCH_RUNS (20) runs, for `node -e 0` and
 * a small `node --test` suite, every tier side by side (Docker under runc and under gVisor's runsc, bubblewrap,
 * the embedded process tier). Two figures per cell: the sandbox's own start-to-exit (`durationMs`) and the
 * whole `run()` call (create, files in, start, exit, remove). A third workload, `true`, is each shell tier's
 * floor (the sandbox's own start and stop, no Node), so what Node costs inside each tier shows apart.
 * BENCH_TIERS (e.g. `runc,runsc`) picks tiers; the load average is printed before and after.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BwrapSandbox } from '../src/foundry/bwrap/bwrap-sandbox';
import { DockerSandbox } from '../src/foundry/docker/docker-sandbox';
import { ProcessSandbox } from '../src/foundry/process/process-sandbox';
import type { Sandbox, SandboxFile } from '../src/missions/ports/sandbox.port';
import { nodeTestProject } from '../test/foundry/support/sandbox-fixtures';
import { dockerPhases } from './foundry-phases';
import { ms, section, table } from './report';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARMUP = 2;
const TIERS = (process.env.BENCH_TIERS ?? 'runc,runsc,bubblewrap,process').split(',');

interface Workload {
  name: string;
  command: string;
  files: SandboxFile[];
  /** The embedded tier runs only plain node commands. */
  shellOnly?: boolean;
}

const WORKLOADS: Workload[] = [
  { name: 'true (floor, no node)', command: 'true', files: [], shellOnly: true },
  // A script file, not `node -e`: the embedded tier runs only plain node commands.
  { name: 'node empty.js', command: 'node empty.js', files: [{ path: 'empty.js', content: '' }] },
  { name: 'node --test (2 tests)', command: 'node --test', files: nodeTestProject() },
];

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
}

interface Sample {
  startToExit: number[];
  wholeRun: number[];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(sandbox: Sandbox, workload: Workload): Promise<Sample> {
  const sample: Sample = { startToExit: [], wholeRun: [] };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const began = performance.now();
    const result = await sandbox.run({ missionId: 'bench', attempt: i, files: workload.files, command: workload.command, timeoutMs: 60_000 });
    const whole = performance.now() - began;
    if (result.exitCode !== 0) throw new Error(`${sandbox.driver} ${workload.name} exited ${String(result.exitCode)}: ${result.output}`);
    if (i < WARMUP) continue;
    sample.startToExit.push(result.durationMs);
    sample.wholeRun.push(whole);
  }
  return sample;
}

/** Every tier with its defaults (Docker: the gantry-node:local image, under runc and under gVisor's runsc); an unavailable one is skipped. */
async function candidates(): Promise<Array<{ label: string; sandbox: Sandbox | null; note: string }>> {
  const found: Array<{ label: string; sandbox: Sandbox | null; note: string }> = [];
  const tiers: Array<[string, Sandbox]> = [
    ['runc', new DockerSandbox({ runtime: 'runc' })],
    ['runsc', new DockerSandbox({ runtime: 'runsc' })],
    ['bubblewrap', new BwrapSandbox()],
    ['process', new ProcessSandbox()],
  ];
  for (const [label, entry] of tiers) {
    if (!TIERS.includes(label)) continue;
    const availability = await entry.available();
    found.push({ label, sandbox: availability.ok ? entry : null, note: availability.detail });
  }
  return found;
}

function row(label: string, workload: string, sample: Sample): string[] {
  const cell = (values: number[], p: number): string => ms(percentile(values, p));
  return [`${label}: ${workload}`, cell(sample.startToExit, 50), cell(sample.startToExit, 95), cell(sample.wholeRun, 50), cell(sample.wholeRun, 95)];
}

/** The Docker tiers' runs split into engine calls (see foundry-phases.ts), p50 in ms. */
async function printDockerPhases(runtimes: string[]): Promise<void> {
  const rows: string[][] = [];
  for (const workload of WORKLOADS.slice(0, 2)) {
    for (const runtime of runtimes) {
      if (runtime !== 'runc' && runtime !== 'runsc') continue;
      const phases = await dockerPhases(runtime, workload.command, RUNS);
      rows.push([`${runtime}: ${workload.name}`, ...[phases.create, phases.start, phases.toExit, phases.remove].map((values) => ms(percentile(values, 50)))]);
    }
  }
  if (rows.length === 0) return;
  section(`Where a Docker run's time goes, p50 ms over ${RUNS} runs`);
  console.log(table(['runtime: workload', 'create', 'start call', 'start to exit', 'remove'], rows));
}

async function main(): Promise<void> {
  if (!Number.isSafeInteger(RUNS) || RUNS <= 0) throw new Error(`BENCH_RUNS must be a positive integer, got "${String(process.env.BENCH_RUNS)}"`);
  const loadBefore = load();
  const sandboxes = await candidates();
  section('Sandboxes');
  for (const { label, sandbox, note } of sandboxes) console.log(`${label}: ${sandbox ? 'in use' : 'SKIPPED'}: ${note}`);
  const rows: string[][] = [];
  for (const workload of WORKLOADS) {
    for (const { label, sandbox } of sandboxes) {
      if (!sandbox || (workload.shellOnly && label === 'process')) continue;
      console.error(`  · ${label}: ${workload.name} x ${RUNS} (+${WARMUP} warm-up)`);
      rows.push(row(label, workload.name, await measure(sandbox, workload)));
    }
  }
  section(`Start to exit, ms, over ${RUNS} runs (after ${WARMUP} warm-up runs)`);
  console.log(table(['sandbox: workload', 'exit p50', 'exit p95', 'run() p50', 'run() p95'], rows));
  console.log("\nexit = the sandbox's durationMs (process start to exit); run() = the whole call, setup and cleanup included.");
  await printDockerPhases(sandboxes.filter(({ sandbox }) => sandbox?.driver === 'docker').map(({ label }) => label));
  console.log(`\nload average (1, 5, 15 min): ${loadBefore} before, ${load()} after, on ${String(availableParallelism())} cores`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

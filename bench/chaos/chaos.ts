/**
 * `npm run chaos`: PostgreSQL, one API and two worker processes, a seeded mix of offline missions, and while
 * they run: workers SIGKILLed, the API SIGKILLed, PostgreSQL restarted, a build's sandbox killed. Then every
 * invariant is checked and printed, held or broken; exit 1 if any is broken. README: bench/chaos/README.md.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { recordedInstallationId } from '../../src/database/installation/installation-id';
import { errorMessage } from '../../src/kernel/error-message';
import { compiledGantry } from '../gantry-build';
import { ChaosCluster } from './cluster';
import { SandboxSaboteur, sandboxLeftovers, unlabelledSandboxes } from './docker-faults';
import { missionsEndedAsTheirKind } from './kind-invariants';
import { keepCheckpoints, keptCheckpointsFile, runFaults, scheduleFaults, type FaultLog } from './faults';
import {
  everyMissionFinal,
  finalStatusOf,
  leftBehind,
  missionStreams,
  noDuplicateEvents,
  oneDeploymentAndPullRequest,
  readModelSnapshot,
  readModelsEqual,
  releaseCounts,
  verdict,
  type Verdict,
} from './invariants';
import { CHAOS_USAGE, parseChaosOptions, type ChaosOptions } from './options';
import { Prng } from './prng';
import { ApiGate, ChaosClient, planMissions, waitForFinal, type PlannedMission, type SentMission } from './workload';

/** One `gantry serve --role api` process and WORKERS `--role worker` processes (false: every process in the default role, all). */
const ROLES = true;
const WORKERS = 2;

const say = (line: string) => console.log(line);
const startedAt = Date.now();
const elapsed = () => `+${((Date.now() - startedAt) / 1000).toFixed(0)}s`;
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');

/**
 * A pool of the checker's own. An idle client's error (PostgreSQL stopping while a client that pool.end() let go
 * is still closing) is expected here and must not end the run as an unhandled 'error' event.
 */
function checkerPool(cluster: ChaosCluster, max: number): Pool {
  const pool = new Pool({ connectionString: cluster.databaseUrl, max });
  pool.on('error', () => undefined);
  return pool;
}

/** Waits until the transparency log holds every event and a checkpoint signs it, so the audit sees the whole run. */
async function waitForLog(pool: Pool, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ events: string; tree: string; signed: string | null }>(
      `SELECT (SELECT count(*) FROM events)::text AS events, (SELECT tree_size FROM log_state)::text AS tree,
              (SELECT max(tree_size) FROM log_checkpoints)::text AS signed`,
    );
    if (rows[0].events === rows[0].tree && rows[0].signed === rows[0].tree) return true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}

async function chainsVerify(cluster: ChaosCluster): Promise<Verdict> {
  const all = await cluster.cli(['audit', 'verify', '--all']);
  const problems = all.ok ? [] : [`gantry audit verify --all: ${all.text}`];
  const notes = [all.text.split('\n')[0]];
  const kept = keptCheckpointsFile(cluster);
  if (existsSync(kept)) {
    const consistent = await cluster.cli(['audit', 'consistency', '--old', kept]);
    if (consistent.ok) notes.push(consistent.text.split('\n')[0]);
    else problems.push(`gantry audit consistency --old (mid-run copy): ${consistent.text}`);
  } else notes.push('no checkpoint had been signed mid-run: consistency not checked');
  return verdict('every chain verifies and the log is consistent', problems, notes);
}

async function readModelsRebuild(cluster: ChaosCluster, pool: Pool): Promise<Verdict> {
  const live = await readModelSnapshot(pool);
  const rebuild = await cluster.cli(['projections', 'rebuild']);
  return readModelsEqual(live, await readModelSnapshot(pool), rebuild.ok ? null : `gantry projections rebuild failed: ${rebuild.text}`);
}

async function checkInvariants(cluster: ChaosCluster, sent: SentMission[], saboteur: SandboxSaboteur): Promise<Verdict[]> {
  const pool = checkerPool(cluster, 2);
  try {
    const streams = await missionStreams(pool);
    const ids = new Set([...sent.map((mission) => mission.id), ...[...streams.keys()].map((stream) => stream.replace(/^mission-/, ''))]);
    const releases = await releaseCounts(pool);
    const installation = await recordedInstallationId(pool);
    const scratch = readdirSync(cluster.paths.scratch).filter((name) => name.startsWith('gantry-'));
    const [chains, readModels] = await Promise.all([chainsVerify(cluster), readModelsRebuild(cluster, pool)]);
    return [
      everyMissionFinal(streams),
      chains,
      noDuplicateEvents(streams),
      oneDeploymentAndPullRequest(streams, cluster.paths.data, releases),
      readModels,
      await leftBehind(pool, scratch, await sandboxLeftovers(ids)),
      verdict('no Gantry process died unless the run killed it', cluster.crashes()),
      verdict("every sandbox carried its installation's label", unlabelledSandboxes(saboteur.installations, installation), [
        `${saboteur.installations.size} sandboxes labelled ${String(installation)}`,
      ]),
      ...missionsEndedAsTheirKind(sent, streams),
    ];
  } finally {
    await pool.end();
  }
}

async function describeMissions(cluster: ChaosCluster, sent: SentMission[]): Promise<void> {
  const pool = checkerPool(cluster, 1);
  try {
    const streams = await missionStreams(pool);
    say('\nmissions:');
    for (const mission of sent) {
      const events = streams.get(`mission-${mission.id}`) ?? [];
      const attempts = Math.max(0, ...events.map((event) => (typeof event.data.attempt === 'number' ? event.data.attempt : 0)));
      const abandoned = events.filter((event) => event.type === 'BuildAttemptFinished' && event.data.abandoned === true).length;
      say(
        `  ${mission.kind.padEnd(12)} ${mission.id}  ${(finalStatusOf(events) ?? 'not final').padEnd(9)} attempts ${attempts}` +
          `${abandoned ? `, ${abandoned} abandoned build(s)` : ''}  "${mission.prompt}"`,
      );
    }
  } finally {
    await pool.end();
  }
}

interface RunOutcome {
  verdicts: Verdict[];
  faults: FaultLog;
  healed: string[];
}

/** How many faults have started; waited on by the sender, so that missions are spread across the fault schedule. */
class FaultCounter {
  private count = 0;
  private readonly waiting: Array<{ at: number; resolve: () => void }> = [];

  fired(): void {
    this.count += 1;
    for (const waiter of this.waiting.filter(({ at }) => at <= this.count)) waiter.resolve();
  }

  atLeast(at: number): Promise<void> {
    return at <= this.count ? Promise.resolve() : new Promise((resolve) => this.waiting.push({ at, resolve }));
  }
}

/**
 * Sends the plan a mission at a time, mission i once i*F/M of the F faults have started: the missions are
 * spread over the whole schedule, so that a fast machine does not finish them all before the faults land.
 */
async function sendMissions(
  client: ChaosClient,
  plan: PlannedMission[],
  context: { gate: ApiGate; faults: FaultCounter; total: number; onSent: (mission: SentMission) => void },
): Promise<SentMission[]> {
  const sent: SentMission[] = [];
  for (const [index, mission] of plan.entries()) {
    await context.faults.atLeast(Math.floor((index * context.total) / plan.length));
    const one = await context.gate.hold(() => client.send(mission));
    sent.push(one);
    context.onSent(one);
  }
  return sent;
}

async function run(options: ChaosOptions, cluster: ChaosCluster, password: string): Promise<RunOutcome> {
  const prng = new Prng(options.seed);
  const faultPrng = new Prng(prng.int(0, 2 ** 31));
  const [entry] = await Promise.all([compiledGantry(), cluster.startPostgres()]);
  cluster.entry = entry;
  say(`${elapsed()} compiled Gantry and started PostgreSQL; load ${load()}`);
  await cluster.startGantry();
  say(`${elapsed()} cluster up: ${cluster.nodes.map((node) => `${node.name} pid ${String(node.pid)} port ${node.port}`).join(', ')}; load ${load()}`);
  const client = new ChaosClient(() => cluster.api.port, password);
  await client.login();

  const plan = planMissions(options.missions, prng);
  say(`plan: ${['direct', 'consultation', 'heal', 'blocked'].map((kind) => `${plan.filter((m) => m.kind === kind).length} ${kind}`).join(', ')}`);
  const healIds = new Set<string>();
  const missionIds = new Set<string>();
  const saboteur = new SandboxSaboteur(() => missionIds, healIds, prng);
  await saboteur.start();
  const gate = new ApiGate();
  let finished = false;
  const faultPlan = { kills: options.kills, restartEngine: options.restartEngine, gapSeconds: options.gapSeconds };
  const faults = scheduleFaults(faultPlan, faultPrng);
  say(`faults, in order: ${faults.join(', ')}`);
  const counter = new FaultCounter();
  const onSent = (mission: SentMission) => {
    missionIds.add(mission.id);
    if (mission.kind === 'heal') healIds.add(mission.id);
    saboteur.named(mission.id);
  };
  const sending = sendMissions(client, plan, { gate, faults: counter, total: faults.length, onSent }).then((sent) => {
    if (!existsSync(keptCheckpointsFile(cluster))) keepCheckpoints(cluster);
    say(`${elapsed()} all ${sent.length} missions sent`);
    return sent;
  });
  const deadline = Date.now() + options.timeoutMinutes * 60_000;
  const [faultLog, finals, sent] = await Promise.all([
    runFaults(cluster, faults, faultPlan, faultPrng, {
      saboteur,
      busy: () => !finished,
      fired: () => counter.fired(),
      gate,
      say: (line) => say(`${elapsed()} ${line}`),
    }),
    sending.then((all) => waitForFinal(client, all, deadline)).finally(() => (finished = true)),
    sending,
  ]);
  saboteur.stop();
  say(`${elapsed()} missions as the API last saw them: ${[...finals.values()].map(String).join(', ')}; load ${load()}`);

  const pool = checkerPool(cluster, 1);
  const logged = await waitForLog(pool, 60_000).finally(() => pool.end());
  if (!logged) say('the transparency log did not catch up within 60 s: the audit will say what it misses');
  await cluster.stopGantry();
  say(`${elapsed()} every Gantry process stopped; checking`);
  await describeMissions(cluster, sent);
  return { verdicts: await checkInvariants(cluster, sent, saboteur), faults: faultLog, healed: saboteur.healKills };
}

async function main(): Promise<number> {
  let options: ChaosOptions;
  try {
    options = parseChaosOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`chaos: ${errorMessage(error)}`);
    CHAOS_USAGE.forEach((line) => console.error(line));
    return 2;
  }
  const password = randomBytes(18).toString('base64url');
  const cluster = new ChaosCluster({ workers: WORKERS, roles: ROLES, password });
  say(
    `chaos run: seed ${options.seed}, ${options.missions} missions, ${options.kills} worker kills (replay: npm run chaos -- --seed ${options.seed} --missions ${options.missions} --kills ${options.kills})`,
  );
  say(`run directory ${cluster.paths.root}; load ${load()}`);
  let broken = true;
  // Interrupted (Ctrl-C, a CI timeout): stop what the run started before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      say(`\n${signal}: stopping the cluster; the run directory is kept: ${cluster.paths.root}`);
      void Promise.allSettled(cluster.nodes.map((node) => node.kill()))
        .then(() => cluster.stopPostgres())
        .finally(() => process.exit(1));
    });
  try {
    const { verdicts, faults, healed } = await run(options, cluster, password);
    say(
      `\nfaults: ${faults.done.length} done${faults.missed.length ? `, missed: ${faults.missed.join(', ')}` : ''}; first-attempt sandboxes killed for healing: ${healed.length}`,
    );
    say('\ninvariants:');
    for (const result of verdicts) {
      say(`  ${result.held ? 'held  ' : 'BROKEN'}  ${result.name}`);
      result.details.forEach((detail) => say(`            ${detail}`));
    }
    broken = verdicts.some((result) => !result.held);
  } catch (error) {
    console.error(`chaos: the run itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await cluster.stopGantry().catch(() => undefined);
    await cluster.stopPostgres().catch(() => undefined);
  }
  say(`\n${broken ? 'BROKEN' : 'ALL HELD'}: seed ${options.seed}, ${((Date.now() - startedAt) / 1000).toFixed(0)} s, load ${load()}`);
  if (broken || options.keep) say(`kept for inspection: ${cluster.paths.root} (logs/ has every process's output)`);
  else rmSync(cluster.paths.root, { recursive: true, force: true });
  return broken ? 1 : 0;
}

void main().then((code) => process.exit(code));

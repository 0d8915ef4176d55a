import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { RecordedEvent } from '../../src/missions/ports/event-store.port';
import { TERMINAL_STATUSES } from './workload';

/** One invariant's outcome: held, or broken with what broke it. */
export interface Verdict {
  name: string;
  held: boolean;
  details: string[];
}

export function verdict(name: string, problems: string[], notes: string[] = []): Verdict {
  return { name, held: problems.length === 0, details: problems.length > 0 ? problems : notes };
}

/** Every mission stream in the database, with its events in order. */
export async function missionStreams(pool: Pool): Promise<Map<string, RecordedEvent[]>> {
  const { rows } = await pool.query<{ stream: string; revision: string; type: string; canonical: string }>(
    `SELECT stream, revision, type, canonical FROM events WHERE stream LIKE 'mission-%' ORDER BY stream, revision`,
  );
  const streams = new Map<string, RecordedEvent[]>();
  for (const row of rows) {
    const envelope = JSON.parse(row.canonical) as Pick<RecordedEvent, 'data' | 'metadata' | 'prevHash'>;
    const event = { ...envelope, stream: row.stream, revision: Number(row.revision), type: row.type, position: '', hash: '', canonical: row.canonical };
    streams.set(row.stream, [...(streams.get(row.stream) ?? []), event]);
  }
  return streams;
}

/** A mission's runs: a retry (MissionRetried) starts a new one, with its own attempts. */
function runsOf(events: RecordedEvent[]): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [[]];
  for (const event of events) {
    if (event.type === 'MissionRetried') runs.push([]);
    runs[runs.length - 1].push(event);
  }
  return runs;
}

export const attemptOf = (event: RecordedEvent): number | null => (typeof event.data.attempt === 'number' ? event.data.attempt : null);
export const isAbandoned = (event: RecordedEvent): boolean => event.type === 'BuildAttemptFinished' && event.data.abandoned === true;

/** The final status the events record (MissionSucceeded or MissionFailed after the last retry), or null. */
export function finalStatusOf(events: RecordedEvent[]): string | null {
  const run = runsOf(events).at(-1) ?? [];
  const ending = [...run].reverse().find((event) => event.type === 'MissionSucceeded' || event.type === 'MissionFailed');
  const status = ending?.data.status;
  return typeof status === 'string' ? status : null;
}

export function everyMissionFinal(streams: Map<string, RecordedEvent[]>): Verdict {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const [stream, events] of streams) {
    const status = finalStatusOf(events);
    if (status === null || !TERMINAL_STATUSES.includes(status))
      problems.push(`${stream} never reached a final status (last event ${events.at(-1)?.type ?? 'none'})`);
    else counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return verdict('every mission reached a final status', problems, [
    `${streams.size} missions: ${[...counts].map(([status, count]) => `${count} ${status}`).join(', ')}`,
  ]);
}

/**
 * No event recorded twice: per run, one event of a type per step and attempt. The one legitimate repeat is a
 * build cut off by a crash: its abandoned BuildAttemptFinished lets the same attempt's build start again.
 */
export function duplicateEvents(stream: string, events: RecordedEvent[]): string[] {
  const problems: string[] = [];
  if (events.filter((event) => event.type === 'MissionOpened').length > 1) problems.push(`${stream}: MissionOpened twice`);
  runsOf(events).forEach((run, index) => {
    const abandoned = new Map<number, number>();
    for (const event of run.filter(isAbandoned)) abandoned.set(attemptOf(event) ?? 0, (abandoned.get(attemptOf(event) ?? 0) ?? 0) + 1);
    const seen = new Map<string, number>();
    for (const event of run) {
      const attempt = attemptOf(event);
      if (attempt === null && !['MissionSucceeded', 'MissionFailed', 'BuildConfirmed'].includes(event.type)) continue;
      if (isAbandoned(event)) continue;
      const step = typeof event.data.step === 'string' ? event.data.step : '';
      const key = `${event.type}${step ? ` ${step}` : ''}${attempt === null ? '' : ` attempt ${attempt}`}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    for (const [key, count] of seen) {
      const rerunnable = /^(PipelineStepStarted build|BuildAttemptStarted) attempt (\d+)$/.exec(key);
      const allowed = 1 + (rerunnable ? (abandoned.get(Number(rerunnable[2])) ?? 0) : 0);
      if (count > allowed) problems.push(`${stream} run ${index + 1}: ${key} recorded ${count} times (at most ${allowed})`);
    }
  });
  return problems;
}

export function noDuplicateEvents(streams: Map<string, RecordedEvent[]>): Verdict {
  const problems = [...streams].flatMap(([stream, events]) => duplicateEvents(stream, events));
  const events = [...streams.values()].reduce((sum, list) => sum + list.length, 0);
  const abandoned = [...streams.values()].flat().filter(isAbandoned).length;
  return verdict('no event recorded twice', problems, [`${events} events; ${abandoned} builds recorded as abandoned by a restart and run again`]);
}

function count(run: RecordedEvent[], type: string): number {
  return run.filter((event) => event.type === type).length;
}

/** The local publisher's pull request records (`<dataDir>/repos/*.pulls/N.json`), by mission. */
function pullRequestFiles(dataDir: string): Map<string, number> {
  const byMission = new Map<string, number>();
  const repos = join(dataDir, 'repos');
  if (!existsSync(repos)) return byMission;
  for (const folder of readdirSync(repos).filter((name) => name.endsWith('.pulls'))) {
    for (const file of readdirSync(join(repos, folder)).filter((name) => /^\d+\.json$/.test(name))) {
      const { missionId } = JSON.parse(readFileSync(join(repos, folder, file), 'utf8')) as { missionId: string };
      byMission.set(missionId, (byMission.get(missionId) ?? 0) + 1);
    }
  }
  return byMission;
}

/** Releases the local deployer keeps per slug (`app_releases`, one row each); null where that table does not exist. */
export async function releaseCounts(pool: Pool): Promise<Map<string, number> | null> {
  const table = await pool.query<{ found: string | null }>("SELECT to_regclass('app_releases')::text AS found");
  if (table.rows[0].found === null) return null;
  const { rows } = await pool.query<{ slug: string; releases: number }>('SELECT slug, count(*)::int AS releases FROM app_releases GROUP BY slug');
  return new Map(rows.map((row) => [row.slug, row.releases]));
}

/** Exactly one deployment and one pull request per shipped mission: in its events, and where the local adapters keep them. */
export function oneDeploymentAndPullRequest(streams: Map<string, RecordedEvent[]>, dataDir: string, releases: Map<string, number> | null = null): Verdict {
  const problems: string[] = [];
  const pulls = pullRequestFiles(dataDir);
  let shipped = 0;
  for (const [stream, events] of streams) {
    const missionId = stream.replace(/^mission-/, '');
    const status = finalStatusOf(events);
    const run = runsOf(events).at(-1) ?? [];
    const deployments = count(run, 'DeploymentSucceeded');
    const pullRequests = count(run, 'PullRequestOpened');
    if (status !== 'DEPLOYED' && status !== 'PR_OPENED') {
      if (deployments + pullRequests > 0) problems.push(`${stream} ended ${String(status)} yet recorded a deployment or a pull request`);
      if ((pulls.get(missionId) ?? 0) > 0) problems.push(`${stream} ended ${String(status)} yet has a pull request on disk`);
      continue;
    }
    shipped += 1;
    const expect = (what: string, found: number, wanted: number) => {
      if (found !== wanted) problems.push(`${stream} (${status}): ${found} ${what}, expected ${wanted}`);
    };
    expect('DeploymentRequested events', count(run, 'DeploymentRequested'), 1);
    expect('DeploymentSucceeded events', deployments, status === 'DEPLOYED' ? 1 : 0);
    expect('PublishRequested events', count(run, 'PublishRequested'), 1);
    expect('PullRequestOpened events', pullRequests, 1);
    expect('pull request records on disk', pulls.get(missionId) ?? 0, 1);
    const slug = run.find((event) => event.type === 'DeploymentRequested')?.data.slug;
    if (status === 'DEPLOYED' && typeof slug === 'string' && releases !== null) expect(`releases kept for ${slug}`, releases.get(slug) ?? 0, 1);
  }
  return verdict('exactly one deployment and one pull request per shipped mission', problems, [`${shipped} missions shipped`]);
}

const READ_MODEL_ORDER: Record<string, string> = {
  mission_summary: 'mission_id',
  consultation_view: 'mission_id',
  mission_timeline: 'mission_id, revision',
  project_version: 'mission_id',
};

/** Every read model's rows, in a stable order. */
export async function readModelSnapshot(pool: Pool): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(READ_MODEL_ORDER)) snapshot[table] = (await pool.query(`SELECT * FROM ${table} ORDER BY ${order}`)).rows;
  return snapshot;
}

export function readModelsEqual(live: Record<string, unknown[]>, rebuilt: Record<string, unknown[]>, rebuildProblem: string | null): Verdict {
  const problems = rebuildProblem ? [rebuildProblem] : [];
  for (const table of Object.keys(READ_MODEL_ORDER)) {
    const before = live[table] ?? [];
    const after = rebuilt[table] ?? [];
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      const differing = before.findIndex((row, index) => JSON.stringify(row) !== JSON.stringify(after[index]));
      problems.push(`${table}: ${before.length} live rows, ${after.length} rebuilt; first difference at row ${differing === -1 ? before.length : differing}`);
    }
  }
  const rows = Object.values(live).reduce((sum, list) => sum + list.length, 0);
  return verdict('every read model equals a fresh rebuild', problems, [`${rows} rows in ${Object.keys(READ_MODEL_ORDER).join(', ')}`]);
}

/** With every Gantry process stopped: no inbox entry, no lease, no advisory lock, no scratch workspace, no sandbox. */
export async function leftBehind(pool: Pool, scratchEntries: string[], sandboxes: string[]): Promise<Verdict> {
  const problems: string[] = [];
  const inbox = await pool.query<{ mission_id: string; leased_by: string | null }>('SELECT mission_id, leased_by FROM pipeline_inbox');
  for (const row of inbox.rows) problems.push(`pipeline inbox still holds mission ${row.mission_id}${row.leased_by ? ` (leased by ${row.leased_by})` : ''}`);
  const locks = await pool.query<{ pid: number }>(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()
     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
  for (const row of locks.rows) problems.push(`an advisory lock is held by backend ${row.pid}`);
  problems.push(...scratchEntries.map((entry) => `scratch left in TMPDIR: ${entry}`), ...sandboxes);
  return verdict('no container, workspace, lease or lock left behind', problems);
}

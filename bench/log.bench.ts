/**
 * `npm run bench:log`: the transparency log. Integration throughput against the append rate of 16 writers
 * in the same run, time from append to a signed checkpoint covering the event (p50/p99), proof sizes and
 * generation times at 10^3, 10^5 and 10^6 leaves, and verifying a 1,000-event mission offline. See bench/README.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sha256Hex } from '../src/kernel/black-box/hash-chain';
import { parseCheckpoint } from '../src/kernel/transparency/checkpoint';
import { leafHashOfChainHash } from '../src/kernel/transparency/merkle-hash';
import { verifyInclusion } from '../src/kernel/transparency/merkle-proof';
import { verifyNote } from '../src/kernel/transparency/signed-note';
import type { NewEvent } from '../src/missions/ports/event-store.port';
import { assembleBundle, bundleText } from '../src/missions/application/audit/audit-bundle';
import { BenchServer } from './bench-server';
import { appendWithWriters, openLogRig, percentile, waitFor, type LogRig } from './log-phases';
import { bytes, fixed, loadAverage, ms, section, table } from './report';
import { positiveInt } from './settings';
import { missionEvent } from './workload';

const WRITERS = 16;
const STREAMS = positiveInt('BENCH_STREAMS', 1000);
const LIVE_APPENDS = positiveInt('BENCH_LOG_APPENDS', 6000);
const CATCHUP_APPENDS = positiveInt('BENCH_LOG_CATCHUP', 6000);
const BIG = positiveInt('BENCH_LOG_LEAVES', 1_000_000);
const CHECKPOINT_MS = positiveInt('GANTRY_LOG_CHECKPOINT_MS', 1000);
const MISSION_EVENTS = 1000;

const log = (line: string): void => console.error(`  · ${line}`);

interface Sample {
  at: number;
  integrated: number;
}

/** The integrated size every 50 ms, to split each event's wait into integration and signing. */
function sampleIntegration(rig: LogRig): { samples: Sample[]; stop: () => void } {
  const samples: Sample[] = [];
  let stopped = false;
  void (async () => {
    while (!stopped) {
      samples.push({ at: Date.now(), integrated: await rig.log.integratedSize() });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return { samples, stop: () => (stopped = true) };
}

async function integrationLatencies(rig: LogRig, records: { eventId: string; appendedAtMs: number }[], samples: Sample[]): Promise<number[]> {
  const leaves = await rig.database.pool.query<{ event_id: string; leaf_index: string }>('SELECT event_id, leaf_index FROM log_leaves');
  const index = new Map(leaves.rows.map((row) => [row.event_id, Number(row.leaf_index)]));
  return records.map(({ eventId, appendedAtMs }) => {
    const leaf = index.get(eventId);
    const sample = leaf === undefined ? undefined : samples.find((candidate) => candidate.integrated > leaf);
    return sample ? Math.max(0, sample.at - appendedAtMs) : Number.NaN;
  });
}

async function coverageLatencies(rig: LogRig, records: { eventId: string; appendedAtMs: number }[]): Promise<number[]> {
  const leaves = await rig.database.pool.query<{ event_id: string; leaf_index: string }>('SELECT event_id, leaf_index FROM log_leaves');
  const index = new Map(leaves.rows.map((row) => [row.event_id, Number(row.leaf_index)]));
  const signed = await rig.database.pool.query<{ tree_size: string; at: string }>(
    'SELECT tree_size, (extract(epoch FROM signed_at) * 1000)::text AS at FROM log_checkpoints ORDER BY tree_size',
  );
  const checkpoints = signed.rows.map((row) => ({ size: Number(row.tree_size), at: Number(row.at) }));
  return records.map(({ eventId, appendedAtMs }) => {
    const leaf = index.get(eventId);
    const covering = leaf === undefined ? undefined : checkpoints.find((checkpoint) => checkpoint.size > leaf);
    return covering ? covering.at - appendedAtMs : Number.NaN;
  });
}

async function livePhase(rig: LogRig): Promise<string[][]> {
  rig.consumer.start();
  rig.checkpointer.start([rig.publisher]);
  await waitFor(async () => rig.writer.holdsLease, 10_000);
  log(
    `live: ${fixed(LIVE_APPENDS)} appends by ${WRITERS} writers while the log integrates, signs every ${CHECKPOINT_MS} ms at most and commits each checkpoint to a local gantry-log branch`,
  );
  const sampling = sampleIntegration(rig);
  const { seconds, records } = await appendWithWriters(rig.events, WRITERS, LIVE_APPENDS, STREAMS, 'live');
  const lastAppend = Math.max(...records.map((record) => record.appendedAtMs));
  await waitFor(async () => (await rig.log.integratedSize()) >= LIVE_APPENDS, 120_000);
  const integratedLag = Date.now() - lastAppend;
  await waitFor(async () => ((await rig.log.latestCheckpoint())?.size ?? 0) >= LIVE_APPENDS, 120_000);
  sampling.stop();
  const latencies = (await coverageLatencies(rig, records)).filter(Number.isFinite);
  const integration = (await integrationLatencies(rig, records, sampling.samples)).filter(Number.isFinite);
  const checkpoints = await rig.store.checkpoints();
  const gaps = checkpoints.slice(1).map((checkpoint, i) => checkpoint.signedAt.getTime() - checkpoints[i].signedAt.getTime());
  return [
    ['append rate, 16 writers, log running', `${fixed(LIVE_APPENDS / seconds)} appends/s`],
    ['integrated within (after the last append)', `${fixed(integratedLag)} ms`],
    ['append → signed checkpoint, p50', `${ms(percentile(latencies, 0.5))} ms`],
    ['append → signed checkpoint, p99', `${ms(percentile(latencies, 0.99))} ms`],
    ['append → signed checkpoint, max', `${ms(percentile(latencies, 1))} ms`],
    ['  of which append → integrated (50 ms samples), p50 / p99', `${ms(percentile(integration, 0.5))} / ${ms(percentile(integration, 0.99))} ms`],
    ['  time between checkpoints, p50 / max', `${ms(percentile(gaps, 0.5))} / ${ms(percentile(gaps, 1))} ms`],
    ['events measured', fixed(latencies.length)],
    ['load average at the end (1 / 5 / 15 min)', loadAverage()],
  ];
}

async function catchUpPhase(rig: LogRig): Promise<string[][]> {
  await rig.consumer.stop();
  log(`catch-up: ${fixed(CATCHUP_APPENDS)} appends by ${WRITERS} writers with the integrator stopped, then the integrator alone`);
  const before = await rig.log.integratedSize();
  const { seconds } = await appendWithWriters(rig.events, WRITERS, CATCHUP_APPENDS, STREAMS, 'catchup');
  const started = performance.now();
  rig.consumer.start();
  await waitFor(async () => (await rig.log.integratedSize()) >= before + CATCHUP_APPENDS, 300_000);
  const integrateSeconds = (performance.now() - started) / 1000;
  const appendRate = CATCHUP_APPENDS / seconds;
  const integrationRate = CATCHUP_APPENDS / integrateSeconds;
  return [
    ['append rate, 16 writers, log stopped', `${fixed(appendRate)} appends/s`],
    ['integration throughput (catching up alone)', `${fixed(integrationRate)} leaves/s`],
    ['integration / 16-writer append rate', `${(integrationRate / appendRate).toFixed(2)}x`],
  ];
}

type VerifyBundle = (text: string, key: string, options: { webCryptoOnly?: boolean }) => Promise<{ valid: boolean; reason?: string }>;

/** The offline verifier auditors, the CLI and the console run. */
async function verifyBundleScript(): Promise<VerifyBundle> {
  const module = (await import(pathToFileURL(join(__dirname, '..', 'scripts', 'verify-bundle.mjs')).href)) as { verifyBundle: VerifyBundle };
  return module.verifyBundle;
}

/** Median wall time of three runs of a verification that must succeed. */
async function medianMs(verify: () => Promise<{ valid: boolean; reason?: string }>): Promise<number> {
  const runs: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    const started = performance.now();
    const result = await verify();
    runs.push(performance.now() - started);
    if (!result.valid) throw new Error(`the bench bundle did not verify: ${result.reason ?? ''}`);
  }
  return percentile(runs, 0.5);
}

/** One mission of 1,000 events, exported as a verifier would get it, then verified with the kernel alone. */
async function bundlePhase(rig: LogRig): Promise<string[][]> {
  const missionId = randomUUID();
  const stream = `mission-${missionId}`;
  for (let revision = 0; revision < MISSION_EVENTS; revision += 50) {
    const events: NewEvent[] = Array.from({ length: 50 }, (_, i) => missionEvent(0, revision + i));
    if (revision === 0) events[0] = { ...events[0], type: 'MissionOpened', data: { missionId, prompt: 'a bench mission' } };
    await rig.events.append(stream, events, revision === 0 ? 'no_stream' : revision - 1);
  }
  const total = await rig.database.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM events');
  await waitFor(async () => ((await rig.log.latestCheckpoint())?.size ?? 0) >= Number(total.rows[0].n), 60_000);
  const exportStarted = performance.now();
  const checkpoint = await rig.log.latestCheckpoint();
  if (!checkpoint) throw new Error('no checkpoint');
  const chain = await rig.events.readChain(stream);
  const leaves = await rig.log.leavesOfStream(stream);
  const proofs = await rig.log.inclusionProofs(
    leaves.map((leaf) => leaf.leafIndex),
    checkpoint.size,
  );
  const exportMs = performance.now() - exportStarted;

  const verifyStarted = performance.now();
  const note = verifyNote(checkpoint.note, rig.key.vkey);
  if (!note.valid) throw new Error(note.reason);
  const parsed = parseCheckpoint(note.text);
  if (!parsed.ok) throw new Error(parsed.reason);
  let prev = '0'.repeat(64);
  chain.forEach((record, i) => {
    const envelope = JSON.parse(record.canonical) as { prevHash: string };
    if (sha256Hex(record.canonical) !== record.hash || envelope.prevHash !== prev) throw new Error(`chain broken at ${i}`);
    prev = record.hash;
    const leaf = leaves[i];
    if (!verifyInclusion(leafHashOfChainHash(record.hash), leaf.leafIndex, parsed.checkpoint.size, proofs[i], parsed.checkpoint.root)) {
      throw new Error(`inclusion of revision ${i} failed`);
    }
  });
  const verifyMs = performance.now() - verifyStarted;
  const proofBytes = proofs.reduce((sum, proof) => sum + proof.length * 32, 0);
  const text = bundleText(
    assembleBundle({
      missionId,
      stream,
      verifierKey: rig.key.vkey,
      checkpointNote: checkpoint.note,
      events: chain.map((record, i) => ({ ...record, leafIndex: leaves[i].leafIndex, proof: proofs[i] })),
      evidence: [],
    }),
  );
  const script = await verifyBundleScript();
  return [
    ['mission events', fixed(chain.length)],
    ['tree size of the checkpoint', fixed(checkpoint.size)],
    ['export: checkpoint, chain, leaves, 1,000 proofs', `${ms(exportMs)} ms`],
    ['verify: signature + chain + 1,000 inclusion proofs', `${ms(verifyMs)} ms`],
    ['proof hashes in the bundle', bytes(proofBytes)],
    ['bundle.json of the mission', bytes(Buffer.byteLength(text))],
    ['scripts/verify-bundle.mjs on it, Node (median of 3)', `${ms(await medianMs(() => script(text, rig.key.vkey, {})))} ms`],
    ['scripts/verify-bundle.mjs on it, Web Crypto alone (median of 3)', `${ms(await medianMs(() => script(text, rig.key.vkey, { webCryptoOnly: true })))} ms`],
  ];
}

/** A log of BIG synthetic leaves written in bulk through the same writer, then proofs at three sizes. */
async function bigTreePhase(server: BenchServer): Promise<string[][]> {
  const rig = await openLogRig(await server.createDatabase('bench_log_big'), CHECKPOINT_MS);
  try {
    await waitFor(async () => (await rig.writer.position()) !== null, 10_000);
    const started = performance.now();
    let position = 'start';
    for (let at = 0; at < BIG; at += 20_000) {
      const count = Math.min(20_000, BIG - at);
      const leaves = Array.from({ length: count }, (_, i) => ({
        stream: 'bulk',
        revision: at + i,
        eventId: randomUUID(),
        chainHash: randomBytes(32).toString('hex'),
        position: `bulk/${at + i}`,
      }));
      await rig.writer.append(position, `bulk/${at + count}`, leaves);
      position = `bulk/${at + count}`;
    }
    log(`bulk: ${fixed(BIG)} leaves in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const rows: string[][] = [[`bulk integration of ${fixed(BIG)} leaves`, `${fixed(BIG / ((performance.now() - started) / 1000))} leaves/s`, '', '']];
    for (const size of [1_000, 100_000, 1_000_000].filter((size) => size <= BIG)) {
      const inclusionMs: number[] = [];
      const lengths: number[] = [];
      for (let i = 0; i < 50; i += 1) {
        const leaf = Math.floor(Math.random() * size);
        const t0 = performance.now();
        lengths.push((await rig.log.inclusionProof(leaf, size)).length);
        inclusionMs.push(performance.now() - t0);
      }
      const t1 = performance.now();
      const consistency = await rig.log.consistencyProof(Math.floor(size / 3), size);
      const consistencyMs = performance.now() - t1;
      rows.push([
        `${fixed(size)} leaves`,
        `${Math.min(...lengths)}-${Math.max(...lengths)} hashes (${bytes(Math.max(...lengths) * 32)})`,
        `${ms(percentile(inclusionMs, 0.5))} ms`,
        `${consistency.length} hashes (${bytes(consistency.length * 32)}), ${ms(consistencyMs)} ms`,
      ]);
    }
    return rows;
  } finally {
    await rig.close();
  }
}

async function main(): Promise<void> {
  const server = await BenchServer.start();
  try {
    console.log(`Transparency log benchmark on ${server.description}, PostgreSQL ${await server.serverVersion()}`);
    const rig = await openLogRig(await server.createDatabase('bench_log'), CHECKPOINT_MS);
    try {
      const live = await livePhase(rig);
      const catchUp = await catchUpPhase(rig);
      const bundle = await bundlePhase(rig);
      section('Integration against 16 writers, same run, same server');
      console.log(table(['figure', 'value'], [...live, ...catchUp]));
      section('Verifying a 1,000-event mission offline (kernel functions, then its bundle.json with scripts/verify-bundle.mjs)');
      console.log(table(['figure', 'value'], bundle));
    } finally {
      await rig.close();
    }
    section('Proofs from PostgreSQL (every complete subtree stored)');
    console.log(table(['tree', 'inclusion proof', 'p50 to build (50)', 'consistency from size/3'], await bigTreePhase(server)));
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

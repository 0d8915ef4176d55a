import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { LOG_BRANCH, LocalCheckpointPublisher } from '../../src/publish/local/local-checkpoint-publisher';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateLogKey } from '../../src/missions/infrastructure/transparency/log-key';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { parseCheckpoint, splitCheckpointFile } from '../../src/kernel/transparency/checkpoint';
import { verifyCosignature } from '../../src/kernel/transparency/cosignature';
import { leafHashOfChainHash } from '../../src/kernel/transparency/merkle-hash';
import { verifyConsistency, verifyInclusion } from '../../src/kernel/transparency/merkle-proof';
import { MemoryMerkleTree } from '../../src/kernel/transparency/memory-tree';
import { verifyNote } from '../../src/kernel/transparency/signed-note';
import { START, type EventStore, type RecordedEvent } from '../../src/missions/ports/event-store.port';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { startEventStoreDbDouble } from '../doubles/eventstoredb-grpc-double';
import { LogRangeError } from '../../src/missions/ports/transparency-log.port';
import { newEvent, uniqueStream } from '../support/events';
import { required } from '../support/expectations';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { startTestWitness } from '../support/test-witness';
import { logProcess, until, type LogProcess } from './log-parts';

async function wholeFeed(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after = START; ;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.events.length === 0) return events;
    events.push(...page.events);
    after = page.last;
  }
}

/** Appends `perStream` single-event appends to each of `streams` streams, all streams at once. */
async function appendConcurrently(store: EventStore, streams: number, perStream: number): Promise<void> {
  await Promise.all(
    Array.from({ length: streams }, async () => {
      const stream = uniqueStream('log');
      for (let revision = 0; revision < perStream; revision += 1)
        await store.append(stream, [newEvent('Tick', { revision })], revision === 0 ? 'no_stream' : revision - 1);
    }),
  );
}

/** The log's leaves are the feed, one for one, in order, from index 0 with no gap, and its root is the tree of them. */
async function expectLogMirrorsFeed(process: LogProcess, store: EventStore): Promise<void> {
  const feed = await wholeFeed(store);
  const size = await process.log.integratedSize();
  expect(size).toBe(feed.length);
  const leaves = await process.log.leaves(0, size);
  expect(leaves.map((leaf) => leaf.leafIndex)).toEqual(feed.map((_, i) => i));
  expect(leaves.map((leaf) => leaf.eventId)).toEqual(feed.map((event) => event.metadata.eventId));
  expect(new Set(leaves.map((leaf) => leaf.eventId)).size).toBe(size);
  const tree = new MemoryMerkleTree();
  tree.append(...feed.map((event) => leafHashOfChainHash(event.hash)));
  expect((await process.log.rootAt(size)).equals(tree.root())).toBe(true);
}

describe('The transparency log on PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const running: LogProcess[] = [];

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.database.pool);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((process) => process.stop()));
    await db.drop();
  });

  function start(options: Parameters<typeof logProcess>[2] = {}): LogProcess {
    const process = logProcess(db, store, options);
    running.push(process);
    process.consumer.start();
    return process;
  }

  it('gives every event a dense leaf index in feed order while many streams append at once', async () => {
    const log = start();
    await appendConcurrently(store, 16, 15);
    await until(async () => (await log.log.integratedSize()) === 240);
    await expectLogMirrorsFeed(log, store);
  });

  it("integrates EventStoreDB's feed the same way (the adapter driven through the gRPC double)", async () => {
    const double = await startEventStoreDbDouble({ batchAppend: true });
    const esdb = new EventStoreDbEventStore(double.connectionString);
    try {
      const log = logProcess(db, esdb);
      running.push(log);
      log.consumer.start();
      await appendConcurrently(esdb, 8, 6);
      await until(async () => (await log.log.integratedSize()) === 48);
      await expectLogMirrorsFeed(log, esdb);
      const checkpoint = required(await log.checkpointer.signNow(), 'a signed checkpoint');
      expect(checkpoint.size).toBe(48);
    } finally {
      await Promise.all(running.splice(0).map((process) => process.stop()));
      await esdb.close();
      await double.stop();
    }
  });

  it('lets only one of two racing integrators write, and the other take over when the holder dies', async () => {
    const [a, b] = [start(), start()];
    await appendConcurrently(store, 8, 10);
    await until(async () => (await a.log.integratedSize()) === 80);
    expect([a.writer.holdsLease, b.writer.holdsLease].filter(Boolean)).toHaveLength(1);
    const [holder, other] = a.writer.holdsLease ? [a, b] : [b, a];
    await expectLogMirrorsFeed(holder, store);

    await holder.stop(); // its connection closes, and the lock goes with it
    await appendConcurrently(store, 4, 5);
    await until(async () => (await other.log.integratedSize()) === 100);
    expect(other.writer.holdsLease).toBe(true);
    await expectLogMirrorsFeed(other, store);
  });

  it('resumes where it stopped after a restart, with the same tree', async () => {
    const first = start();
    await appendConcurrently(store, 4, 5);
    await until(async () => (await first.log.integratedSize()) === 20);
    const rootBefore = await first.log.rootAt(20);
    await first.stop();

    await appendConcurrently(store, 3, 4);
    const second = start();
    await until(async () => (await second.log.integratedSize()) === 32);
    expect((await second.log.rootAt(20)).equals(rootBefore)).toBe(true);
    await expectLogMirrorsFeed(second, store);
  });

  it('signs checkpoints that each extend the last, stores them, and appends each to the checkpoint file', async () => {
    const log = start();
    for (let round = 1; round <= 3; round += 1) {
      await appendConcurrently(store, 2, round);
      await until(async () => (await log.log.integratedSize()) === round * (round + 1));
      required(await log.checkpointer.signNow(), 'a signed checkpoint');
    }
    expect(await log.checkpointer.signNow()).toBeNull(); // the tree did not grow: nothing to sign
    const checkpoints = await log.store.checkpoints();
    expect(checkpoints.map((checkpoint) => checkpoint.size)).toEqual([2, 6, 12]);
    for (const checkpoint of checkpoints) {
      const verified = verifyNote(checkpoint.note, log.key.vkey);
      expect(verified.valid).toBe(true);
      expect(parseCheckpoint(verified.valid ? verified.text : '')).toMatchObject({
        ok: true,
        checkpoint: { origin: 'gantry.test/log', size: checkpoint.size },
      });
    }
    for (let i = 1; i < checkpoints.length; i += 1) {
      const [old, next] = [checkpoints[i - 1], checkpoints[i]];
      expect(verifyConsistency(old.size, next.size, old.root, next.root, await log.log.consistencyProof(old.size, next.size))).toBe(true);
    }
    expect(splitCheckpointFile(readFileSync(log.file.path, 'utf8'))).toEqual(checkpoints.map((checkpoint) => checkpoint.note));
    const latest = required(await log.log.latestCheckpoint(), 'the latest checkpoint');
    for (const leaf of await log.log.leaves(0, latest.size)) {
      const proof = await log.log.inclusionProof(leaf.leafIndex, latest.size);
      expect(verifyInclusion(leafHashOfChainHash(leaf.chainHash), leaf.leafIndex, latest.size, proof, latest.root)).toBe(true);
    }
  });

  it('commits every checkpoint to the gantry-log branch, one commit on top of the other', async () => {
    const log = start({ intervalMs: 60_000 });
    const publisher = new LocalCheckpointPublisher({ dataDir: dirOf(log) });
    log.checkpointer.start([publisher]);
    for (let round = 1; round <= 3; round += 1) {
      await appendConcurrently(store, 1, 2);
      await until(async () => (await log.log.integratedSize()) === round * 2);
      required(await log.checkpointer.signNow(), 'a signed checkpoint');
    }
    await log.checkpointer.published();
    const git = (...args: string[]): string => execFileSync('git', ['--git-dir', publisher.repository.path, ...args], { encoding: 'utf8' });
    const commits = git('rev-list', '--reverse', LOG_BRANCH).trim().split('\n');
    const notes = (await log.store.checkpoints()).map((checkpoint) => checkpoint.note);
    expect(notes).toHaveLength(3);
    expect(commits.map((commit) => git('show', `${commit}:checkpoint`))).toEqual(notes);
  });

  it('signs as soon as the integrator reports growth, not at the next tick of its cadence', async () => {
    const log = start({ intervalMs: 600_000 });
    log.integrator.onGrown(() => log.checkpointer.treeGrew());
    log.checkpointer.start();
    await appendConcurrently(store, 2, 3);
    await until(async () => (await log.log.latestCheckpoint()) !== null);
    // The next growth waits out the interval from the round that just ran: at most one signature per interval.
    await until(async () => (await log.log.integratedSize()) === 6);
    await appendConcurrently(store, 1, 1);
    await until(async () => (await log.log.integratedSize()) === 7);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await log.store.checkpoints()).toHaveLength(1);
  });

  it('keeps signing while a publisher is slow, and publishes every checkpoint in order once it answers', async () => {
    const log = start({ intervalMs: 600_000 });
    const published: number[] = [];
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve));
    log.checkpointer.start([
      {
        where: 'a slow publisher',
        publishCheckpoint: async (checkpoint) => {
          await answered;
          published.push(checkpoint.size);
        },
      },
    ]);
    for (let round = 1; round <= 3; round += 1) {
      await appendConcurrently(store, 1, 1);
      await until(async () => (await log.log.integratedSize()) === round);
      required(await log.checkpointer.signNow(), 'a checkpoint signed while the publisher has not answered');
    }
    expect(published).toEqual([]);
    release();
    await log.checkpointer.published();
    expect(published).toEqual([1, 2, 3]);
  });

  it('refuses to sign a tree that does not extend the last checkpoint', async () => {
    const log = start();
    await appendConcurrently(store, 2, 2);
    await until(async () => (await log.log.integratedSize()) === 4);
    required(await log.checkpointer.signNow(), 'a signed checkpoint');
    await db.database.pool.query(`UPDATE log_nodes SET hash = sha256(hash) WHERE level = 2 AND idx = 0`); // history rewritten under the log
    await appendConcurrently(store, 1, 3);
    await until(async () => (await log.log.integratedSize()) === 7);
    await expect(log.checkpointer.signNow()).rejects.toThrow(/does not extend the checkpoint of 4/);
    expect((await log.store.checkpoints()).map((checkpoint) => checkpoint.size)).toEqual([4]);
  });

  it('has witnesses cosign each checkpoint after checking consistency, and keeps signing without one that refuses', async () => {
    const log0 = logProcess(db, store); // for its key: the witness must know the log's key before the log starts
    const witness = await startTestWitness(log0.key.vkey);
    const forked = await startTestWitness(log0.key.vkey, 'witness.test/forked');
    try {
      const log = start({ dir: dirOf(log0), witnessUrls: [witness.url, forked.url] });
      await appendConcurrently(store, 2, 2);
      await until(async () => (await log.log.integratedSize()) === 4);
      const first = required(await log.checkpointer.signNow(), 'a signed checkpoint');
      expect(verifyCosignature(first.note, witness.vkey)).toMatchObject({ valid: true });
      expect(verifyCosignature(first.note, forked.vkey)).toMatchObject({ valid: true });

      forked.pretendSaw(4, Buffer.alloc(32, 7)); // this witness saw another tree of 4: a split view
      await appendConcurrently(store, 1, 3);
      await until(async () => (await log.log.integratedSize()) === 7);
      const second = required(await log.checkpointer.signNow(), 'a signed checkpoint');
      expect(verifyNote(second.note, log.key.vkey).valid).toBe(true);
      expect(verifyCosignature(second.note, witness.vkey)).toMatchObject({ valid: true });
      expect(verifyCosignature(second.note, forked.vkey).valid).toBe(false);
      expect(witness.lastSeen().size).toBe(7);
      expect(forked.answers).toContain(422);
      expect(log.logged.join('\n')).toMatch(/witness.*did not cosign the checkpoint of 7: HTTP 422/);
    } finally {
      await Promise.all([witness.close(), forked.close()]);
    }
  });

  it('refuses proofs the log cannot give with a typed error', async () => {
    const log = start();
    await appendConcurrently(store, 1, 3);
    await until(async () => (await log.log.integratedSize()) === 3);
    for (const [leaf, size] of [
      [3, 3],
      [0, 4],
      [-1, 3],
      [0.5, 3],
      [0, 0],
    ])
      await expect(log.log.inclusionProof(leaf, size)).rejects.toThrow(LogRangeError);
    for (const [from, to] of [
      [0, 3],
      [2, 1],
      [1, 4],
      [-1, 2],
    ])
      await expect(log.log.consistencyProof(from, to)).rejects.toThrow(LogRangeError);
  });

  it('keeps its key in a 0600 PKCS#8 file, the same key on the next start, and fails with one sentence on a bad key file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-key-'));
    const file = join(dir, 'keys', 'log-key.pem');
    const first = loadOrCreateLogKey(file, 'gantry.test/log');
    expect(first.created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(first.vkey).toMatch(/^gantry\.test\/log\+[0-9a-f]{8}\+/);
    expect(loadOrCreateLogKey(file, 'gantry.test/log')).toMatchObject({ created: false, vkey: first.vkey });

    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a key');
    expect(() => loadOrCreateLogKey(garbage, 'o')).toThrow(
      /^Invalid configuration: GANTRY_LOG_KEY_FILE names .*garbage\.pem, which is not an Ed25519 private key in PKCS#8 PEM form\.$/,
    );
    const rsa = join(dir, 'rsa.pem');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
    expect(() => loadOrCreateLogKey(rsa, 'o')).toThrow(/which is not an Ed25519 private key/);
    expect(() => loadOrCreateLogKey(dir, 'o')).toThrow(/^Invalid configuration: GANTRY_LOG_KEY_FILE names .*, which cannot be read \(EISDIR\)\.$/);
  });
});

function dirOf(process: LogProcess): string {
  return process.file.path.replace(/\/log\/checkpoints$/, '');
}

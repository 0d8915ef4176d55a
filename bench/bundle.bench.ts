/**
 * `npm run bench:bundle`: the audit bundle of a 1,000-event mission logged among 100,000 other leaves:
 * its size, the time to assemble it from an in-memory log, and the time to verify it offline with
 * scripts/verify-bundle.mjs: on Node (its own SHA-256, as auditors and the CLI run it) and with Web Crypto
 * alone (as the console runs it in the browser). BENCH_BUNDLE_EVENTS, BENCH_BUNDLE_OTHERS and
 * BENCH_BUNDLE_RUNS shorten it.
 */
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonObject } from '../src/kernel/black-box/canonical-json';
import { GENESIS_HASH, sealEvents } from '../src/kernel/black-box/hash-chain';
import { formatCheckpoint } from '../src/kernel/transparency/checkpoint';
import { leafHashOfChainHash } from '../src/kernel/transparency/merkle-hash';
import { proveInclusion } from '../src/kernel/transparency/merkle-proof';
import { MemoryMerkleTree } from '../src/kernel/transparency/memory-tree';
import { ALG_ED25519, ed25519NoteSigner, formatVerifierKey, rawEd25519PublicKey, signNote } from '../src/kernel/transparency/signed-note';
import { assembleBundle, bundleText } from '../src/missions/application/audit/audit-bundle';
import { loadAverage } from './report';
import { positiveInt } from './settings';

const EVENTS = positiveInt('BENCH_BUNDLE_EVENTS', 1000);
const OTHERS = positiveInt('BENCH_BUNDLE_OTHERS', 100_000);
const RUNS = positiveInt('BENCH_BUNDLE_RUNS', 5);

type Verify = (text: string, key: string, options?: { webCryptoOnly?: boolean }) => Promise<{ valid: boolean }>;

/** Sorted run times (ms) of verifying the bundle RUNS times. */
async function timeRuns(verify: Verify, text: string, vkey: string, webCryptoOnly: boolean): Promise<number[]> {
  const runs: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const result = await verify(text, vkey, { webCryptoOnly });
    runs.push(performance.now() - started);
    if (!result.valid) throw new Error('the bench bundle did not verify');
  }
  return runs.sort((a, b) => a - b);
}

const summary = (runs: number[]) =>
  `median ${runs[Math.floor(runs.length / 2)].toFixed(0)} ms, best ${runs[0].toFixed(0)} ms, worst ${runs[runs.length - 1].toFixed(0)} ms over ${runs.length} runs`;

async function main(): Promise<void> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const name = 'bench.example/log';
  const vkey = formatVerifierKey(name, ALG_ED25519, rawEd25519PublicKey(privateKey));
  const missionId = randomUUID();
  const stream = `mission-${missionId}`;
  const sealed = sealEvents(
    stream,
    -1,
    GENESIS_HASH,
    Array.from({ length: EVENTS }, (_, n) => {
      const eventId = randomUUID();
      const metadata = { eventId, occurredAt: new Date().toISOString(), actor: 'bench', correlationId: eventId, causationId: eventId, schemaVersion: 1 };
      const data: JsonObject = n === 0 ? { missionId } : { text: `message ${n}` };
      return { type: n === 0 ? 'MissionOpened' : 'UserMessageReceived', data, metadata };
    }),
  );
  const tree = new MemoryMerkleTree();
  const every = Math.floor(OTHERS / EVENTS);
  const leafIndexes: number[] = [];
  for (const event of sealed) {
    for (let k = 0; k < every; k += 1) tree.append(leafHashOfChainHash(createHash('sha256').update(`${tree.size}`).digest('hex')));
    leafIndexes.push(tree.size);
    tree.append(leafHashOfChainHash(event.hash));
  }
  const note = signNote(formatCheckpoint({ origin: name, size: tree.size, root: tree.root(), extensions: [] }), ed25519NoteSigner(name, privateKey));
  const assembling = performance.now();
  const events = await Promise.all(
    sealed.map(async (event, i) => ({ ...event, leafIndex: leafIndexes[i], proof: await proveInclusion(leafIndexes[i], tree.size, tree.source) })),
  );
  const text = bundleText(assembleBundle({ missionId, stream, verifierKey: vkey, checkpointNote: note, events, evidence: [] }));
  const assembledMs = performance.now() - assembling;
  const verifier = (await import(pathToFileURL(join(__dirname, '..', 'scripts', 'verify-bundle.mjs')).href)) as { verifyBundle: Verify };
  const onNode = await timeRuns(verifier.verifyBundle, text, vkey, false);
  const webCrypto = await timeRuns(verifier.verifyBundle, text, vkey, true);
  console.log(`audit bundle: ${EVENTS} events among ${tree.size} leaves`);
  console.log(
    `  size            ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB (${Buffer.byteLength(text)} bytes), ${events[0].proof.length} proof hashes per event`,
  );
  console.log(`  assemble        ${assembledMs.toFixed(0)} ms (proofs from an in-memory tree)`);
  console.log(`  verify offline  ${summary(onNode)} (Node's SHA-256)`);
  console.log(`  verify offline  ${summary(webCrypto)} (Web Crypto alone, as in the browser)`);
  console.log(`  load average    ${loadAverage()}`);
}

void main();

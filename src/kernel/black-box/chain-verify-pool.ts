import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startScriptWorker } from '../script-worker';
import type { StoredChainRecord, StreamHead } from './chained-event';
import { verifyChain, type VerificationResult } from './chain-verifier';

/** One stream's chain as loaded from the store, for verification. */
export interface ChainToVerify {
  stream: string;
  records: StoredChainRecord[];
  head: StreamHead | null;
}

/**
 * A batch as sent to a worker: every record's bytes in one string and every hash in another (copying two
 * long strings costs a copy of bytes; copying thousands of small objects costs far more than verifying
 * them), with the lengths and revisions to cut them apart again.
 */
export interface PackedChains {
  chains: Array<{ stream: string; head: StreamHead | null; count: number }>;
  canonicals: string;
  hashes: string;
  canonicalLengths: Int32Array<ArrayBuffer>;
  hashLengths: Int32Array<ArrayBuffer>;
  revisions: Float64Array<ArrayBuffer>;
}

export function packChains(chains: readonly ChainToVerify[]): PackedChains {
  const total = chains.reduce((sum, chain) => sum + chain.records.length, 0);
  const canonicals: string[] = [];
  const hashes: string[] = [];
  const canonicalLengths = new Int32Array(total);
  const hashLengths = new Int32Array(total);
  const revisions = new Float64Array(total);
  let at = 0;
  for (const chain of chains) {
    for (const record of chain.records) {
      canonicals.push(record.canonical);
      hashes.push(record.hash);
      canonicalLengths[at] = record.canonical.length;
      hashLengths[at] = record.hash.length;
      revisions[at] = record.revision;
      at += 1;
    }
  }
  return {
    chains: chains.map((chain) => ({ stream: chain.stream, head: chain.head, count: chain.records.length })),
    canonicals: canonicals.join(''),
    hashes: hashes.join(''),
    canonicalLengths,
    hashLengths,
    revisions,
  };
}

/** The chains back out of a packed batch; each record's text is a slice of the one long string. */
export function unpackChains(packed: PackedChains): ChainToVerify[] {
  let at = 0;
  let canonicalAt = 0;
  let hashAt = 0;
  return packed.chains.map(({ stream, head, count }) => {
    const records: StoredChainRecord[] = [];
    for (let index = 0; index < count; index += 1, at += 1) {
      const canonical = packed.canonicals.slice(canonicalAt, (canonicalAt += packed.canonicalLengths[at]));
      const hash = packed.hashes.slice(hashAt, (hashAt += packed.hashLengths[at]));
      records.push({ revision: packed.revisions[at], hash, canonical });
    }
    return { stream, records, head };
  });
}

/** Below this many events a worker's start-up costs more than it saves. */
const MIN_EVENTS_PER_WORKER = 2000;

export function defaultVerifyThreads(): number {
  return availableParallelism();
}

/** Contiguous batches of whole chains with about the same number of events each. */
function batches(chains: readonly ChainToVerify[], count: number): ChainToVerify[][] {
  const total = chains.reduce((sum, chain) => sum + chain.records.length, 0);
  const target = total / count;
  const result: ChainToVerify[][] = [[]];
  let filled = 0;
  for (const chain of chains) {
    if (filled >= target * result.length && result.length < count) result.push([]);
    result[result.length - 1].push(chain);
    filled += chain.records.length;
  }
  return result;
}

function verifyInThread(chains: readonly ChainToVerify[]): VerificationResult[] {
  return chains.map((chain) => verifyChain(chain.stream, chain.records, chain.head));
}

/** A worker running `chain-verify.worker` beside this module on one batch. */
function startWorker(chains: ChainToVerify[]): Promise<VerificationResult[]> {
  const packed = packChains(chains);
  const transferList = [packed.canonicalLengths.buffer, packed.hashLengths.buffer, packed.revisions.buffer];
  const worker = startScriptWorker(join(__dirname, 'chain-verify.worker'), { workerData: packed, transferList });
  return new Promise((resolve, reject) => {
    worker.once('message', (results: VerificationResult[]) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`chain verification worker exited with code ${code} before answering`)));
  });
}

/**
 * verifyChain over many chains on up to `threads` threads: this one and `threads - 1` workers, each with a
 * batch of whole chains. Results come back in the order of `chains`. Each chain is still verified by one
 * thread from its first event, so a finding is the same whichever thread found it.
 */
export async function verifyChains(chains: readonly ChainToVerify[], threads = defaultVerifyThreads()): Promise<VerificationResult[]> {
  const events = chains.reduce((sum, chain) => sum + chain.records.length, 0);
  const count = Math.max(1, Math.min(Math.floor(threads), Math.floor(events / MIN_EVENTS_PER_WORKER), chains.length));
  if (count === 1) return verifyInThread(chains);
  const [own, ...others] = batches(chains, count);
  const working = others.map(startWorker);
  const mine = verifyInThread(own);
  return [...mine, ...(await Promise.all(working)).flat()];
}

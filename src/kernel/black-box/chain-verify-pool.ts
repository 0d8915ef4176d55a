import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StoredChainRecord, StreamHead } from './chained-event';
import { verifyChain, type VerificationResult } from './chain-verifier';

/** One stream's chain as loaded from the store, for verification. */
export interface ChainToVerify {
  stream: string;
  records: StoredChainRecord[];
  head: StreamHead | null;
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

/**
 * The worker runs `chain-verify.worker` beside this module: compiled JavaScript in production. From source
 * (tests, benchmarks) it is TypeScript: the worker then starts with no inherited flags and loads it through
 * ts-node's require hook, from a CommonJS bootstrap, so the runtime's own type stripping never takes it.
 */
function startWorker(chains: ChainToVerify[]): Promise<VerificationResult[]> {
  const extension = extname(__filename);
  const script = `require(${JSON.stringify(join(__dirname, `chain-verify.worker${extension}`))});`;
  const fromSource = extension === '.ts';
  const hook = fromSource ? `require(${JSON.stringify(require.resolve('ts-node/register/transpile-only'))});` : '';
  const worker = new Worker(hook + script, { eval: true, workerData: chains, execArgv: fromSource ? [] : undefined });
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

import { parentPort, workerData } from 'node:worker_threads';
import { verifyChain } from './chain-verifier';
import { unpackChains, type PackedChains } from './chain-verify-pool';

/** One batch of chains from chain-verify-pool.ts, verified on this thread; the results go back in order. */
const chains = unpackChains(workerData as PackedChains);
parentPort?.postMessage(chains.map((chain) => verifyChain(chain.stream, chain.records, chain.head)));

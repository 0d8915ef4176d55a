import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'pg';
import { digestChain } from '../../kernel/black-box/chain-digest';
import { errorMessage } from '../../kernel/error-message';
import { readChainPage } from './chain-pages';
import type { AuditWorkerData, AuditWorkerReply } from './chain-audit';

/**
 * One thread of `auditChains`: its own connections (two: a page's events and heads are read at once, and
 * the next page is asked for while this one is verified); each page of stream names it is sent is read,
 * verified and digested here, and only the digests go back. A null page means "no more": it disconnects and ends.
 */
const { connectionString } = workerData as AuditWorkerData;
const pool = new Pool({ connectionString, max: 2 });
pool.on('error', () => undefined); // an idle connection lost is replaced; a query's own failure is answered as an error
const port = parentPort;

async function auditPage(page: string[]): Promise<AuditWorkerReply> {
  try {
    const chains = await readChainPage(pool, page);
    return { digests: [...chains].map(([stream, chain]) => [stream, digestChain(stream, chain.records, chain.head)]) };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

port?.on('message', (page: string[] | null) => {
  if (page === null) {
    void pool
      .end()
      .catch(() => undefined)
      .finally(() => port.close());
    return;
  }
  void auditPage(page).then((reply) => port.postMessage(reply));
});

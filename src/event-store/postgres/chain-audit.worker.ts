import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'pg';
import { errorMessage } from '../../kernel/error-message';
import { packDigests } from '../../kernel/black-box/chain-digest';
import { digestPage } from './chain-pages';
import type { AuditWorkerData, AuditWorkerPage, AuditWorkerReply } from './chain-audit';

/**
 * One thread of `auditChains`: its own connections (two: a page's events and heads are read at once, and
 * the parent keeps two pages in flight, so the next is asked for while this one is verified); each page of stream names it is sent is read,
 * verified and digested here, and only the digests go back, packed. A null page means "no more": it disconnects and ends.
 */
const { connectionString } = workerData as AuditWorkerData;
const pool = new Pool({ connectionString, max: 2 });
pool.on('error', () => undefined); // an idle connection lost is replaced; a query's own failure is answered as an error
const port = parentPort;

async function auditPage({ page, streams }: AuditWorkerPage): Promise<AuditWorkerReply> {
  try {
    return { page, digests: packDigests(await digestPage(pool, streams)) };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

function send(reply: AuditWorkerReply): void {
  port?.postMessage(reply, 'digests' in reply ? [reply.digests.counts.buffer] : []);
}

port?.on('message', (page: AuditWorkerPage | null) => {
  if (page === null) {
    void pool
      .end()
      .catch(() => undefined)
      .finally(() => port.close());
    return;
  }
  void auditPage(page).then(send);
});

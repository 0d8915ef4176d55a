import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { digestChain } from '../../kernel/black-box/chain-digest';
import { errorMessage } from '../../kernel/error-message';
import { readChainPage } from './chain-pages';
import type { AuditWorkerData, AuditWorkerReply } from './chain-audit';

/**
 * One thread of `auditChains`: its own connection; each page of stream names it is sent is read, verified
 * and digested here, and only the digests go back. A null page means "no more": it disconnects and ends.
 */
const { connectionString } = workerData as AuditWorkerData;
const client = new Client({ connectionString });
const connected = client.connect();
connected.catch(() => undefined); // a failed connection is answered page by page, as an error, not left unhandled
const port = parentPort;

async function auditPage(page: string[]): Promise<AuditWorkerReply> {
  try {
    await connected;
    const chains = await readChainPage(client, page);
    return { digests: [...chains].map(([stream, chain]) => [stream, digestChain(stream, chain.records, chain.head)]) };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

port?.on('message', (page: string[] | null) => {
  if (page === null) {
    void connected
      .then(() => client.end())
      .catch(() => undefined)
      .finally(() => port.close());
    return;
  }
  void auditPage(page).then((reply) => port.postMessage(reply));
});

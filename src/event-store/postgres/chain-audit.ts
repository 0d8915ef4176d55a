import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { unpackDigests, type ChainDigest, type PackedDigests } from '../../kernel/black-box/chain-digest';
import { startScriptWorker } from '../../kernel/script-worker';
import { chainPages, digestPage, type Queryable } from './chain-pages';

export interface AuditWorkerData {
  connectionString: string;
}

/** A page of stream names to read and verify, numbered so that its reply can be matched to it. */
export interface AuditWorkerPage {
  page: number;
  streams: string[];
}

export type AuditWorkerReply = { page: number; digests: PackedDigests } | { error: string };

/** Pages a worker has asked for and not yet answered: two, so its next read is on the wire while it verifies. */
const PAGES_IN_FLIGHT = 2;
/**
 * Workers at most, whatever the cores: each holds two connections of its own beside the server's pool, and a
 * large host's core count would otherwise take a good share of PostgreSQL's 100 default connections.
 */
const MAX_AUDIT_WORKERS = 8;

/** One thread: this one reads, verifies and digests each page in turn. */
async function auditHere(db: Queryable, pages: string[][], digests: Map<string, ChainDigest>): Promise<void> {
  for (const page of pages) (await digestPage(db, page)).forEach((digest, index) => digests.set(page[index], digest));
}

/**
 * Several threads: each worker reads its own pages over its own connection and verifies them; this thread
 * only hands out pages (a shared queue, so a slow page never holds the others back) and collects digests.
 */
function auditOnWorkers(connectionString: string, pages: string[][], threads: number, digests: Map<string, ChainDigest>): Promise<void> {
  let nextPage = 0;
  const workers: Worker[] = [];
  return new Promise<void>((resolve, reject) => {
    let running = 0;
    const fail = (error: Error): void => {
      workers.forEach((worker) => void worker.terminate());
      reject(error);
    };
    const start = (): ((limit?: number) => void) => {
      const worker = startScriptWorker(join(__dirname, 'chain-audit.worker'), { workerData: { connectionString } satisfies AuditWorkerData });
      workers.push(worker);
      running += 1;
      let inFlight = 0;
      let ended = false;
      const feed = (limit = PAGES_IN_FLIGHT): void => {
        while (inFlight < limit && nextPage < pages.length) {
          worker.postMessage({ page: nextPage, streams: pages[nextPage] } satisfies AuditWorkerPage);
          nextPage += 1;
          inFlight += 1;
        }
        if (inFlight === 0 && !ended) {
          ended = true;
          worker.postMessage(null);
        }
      };
      worker.on('message', (reply: AuditWorkerReply) => {
        if ('error' in reply) {
          fail(new Error(`chain audit worker: ${reply.error}`));
          return;
        }
        inFlight -= 1;
        const streams = pages[reply.page];
        try {
          unpackDigests(streams, reply.digests).forEach((digest, index) => digests.set(streams[index], digest));
        } catch (error) {
          fail(error as Error);
          return;
        }
        feed();
      });
      worker.once('error', fail);
      worker.once('exit', () => {
        running -= 1;
        if (inFlight > 0) fail(new Error('a chain audit worker ended before answering'));
        else if (running === 0) resolve();
      });
      return feed;
    };
    // One page each first, so that every worker has work even when there are few pages; then the second.
    const feeds = Array.from({ length: threads }, start);
    feeds.forEach((feed) => feed(1));
    feeds.forEach((feed) => feed());
  });
}

/**
 * Every named stream verified and digested (see ChainDigest), in pages of streams. On one thread, or with
 * no connection string to give workers, this thread does it all; else `threads` workers each read and
 * verify their own pages. Every stream asked for is in the map.
 */
export async function auditChainPages(
  db: Queryable,
  connectionString: string | null,
  streams: readonly string[],
  threads: number,
): Promise<Map<string, ChainDigest>> {
  const pages = chainPages(streams);
  const digests = new Map<string, ChainDigest>();
  const workers = Math.min(Math.floor(threads), pages.length, MAX_AUDIT_WORKERS);
  if (workers <= 1 || !connectionString) await auditHere(db, pages, digests);
  else await auditOnWorkers(connectionString, pages, workers, digests);
  const inOrder = new Map<string, ChainDigest>();
  for (const stream of streams) {
    const digest = digests.get(stream);
    if (digest) inOrder.set(stream, digest);
  }
  return inOrder;
}

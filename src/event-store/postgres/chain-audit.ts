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

/** Pages handed out in order, to whichever thread asks next, so a slow page never holds the others back. */
class PageQueue {
  private next = 0;
  private closed = false;
  constructor(readonly pages: readonly string[][]) {}

  /** After a failure: no thread starts another page. */
  close(): void {
    this.closed = true;
  }

  take(): { page: number; streams: string[] } | null {
    if (this.closed || this.next >= this.pages.length) return null;
    const page = this.next;
    this.next += 1;
    return { page, streams: this.pages[page] };
  }
}

/** This thread's share: it reads, verifies and digests pages from the queue until none is left. */
async function auditHere(db: Queryable, queue: PageQueue, digests: Map<string, ChainDigest>): Promise<void> {
  for (let taken = queue.take(); taken; taken = queue.take()) {
    const { streams } = taken;
    (await digestPage(db, streams)).forEach((digest, index) => digests.set(streams[index], digest));
  }
}

/**
 * The workers' share: each reads its own pages over its own connection and verifies them, with two pages
 * asked for at a time; their digests come back packed. Resolves when every worker has ended.
 */
function auditOnWorkers(connectionString: string, queue: PageQueue, workerCount: number, digests: Map<string, ChainDigest>): Promise<void> {
  const workers: Worker[] = [];
  return new Promise<void>((resolve, reject) => {
    let running = 0;
    const fail = (error: Error): void => {
      queue.close();
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
        for (let taken = inFlight < limit ? queue.take() : null; taken; taken = inFlight < limit ? queue.take() : null) {
          worker.postMessage(taken satisfies AuditWorkerPage);
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
        const streams = queue.pages[reply.page];
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
    const feeds = Array.from({ length: workerCount }, start);
    feeds.forEach((feed) => feed(1));
    feeds.forEach((feed) => feed());
  });
}

/**
 * Every named stream verified and digested (see ChainDigest), in pages of streams. On one thread, or with
 * no connection string to give workers, this thread does it all; else `threads - 1` workers each read and
 * verify their own pages, and this thread takes pages from the same queue while they start and run (it
 * pays no start-up and sends no digests). Every stream asked for is in the map.
 */
export async function auditChainPages(
  db: Queryable,
  connectionString: string | null,
  streams: readonly string[],
  threads: number,
): Promise<Map<string, ChainDigest>> {
  const queue = new PageQueue(chainPages(streams));
  const digests = new Map<string, ChainDigest>();
  const workerCount = Math.min(Math.floor(threads) - 1, queue.pages.length - 1, MAX_AUDIT_WORKERS);
  if (workerCount < 1 || !connectionString) await auditHere(db, queue, digests);
  else {
    // The workers are handed their first pages before this thread takes any, so each has work from its start.
    const working = auditOnWorkers(connectionString, queue, workerCount, digests);
    const here = auditHere(db, queue, digests).catch((error: unknown) => {
      queue.close();
      throw error;
    });
    const outcomes = await Promise.allSettled([here, working]); // both ended: no thread is left reading
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  }
  const inOrder = new Map<string, ChainDigest>();
  for (const stream of streams) {
    const digest = digests.get(stream);
    if (digest) inOrder.set(stream, digest);
  }
  return inOrder;
}

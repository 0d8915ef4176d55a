import type { Pool } from 'pg';
import { combinedQuery, oneEventQuery, type AppendRow, type OneEventValues } from './append-statements';

/** Appends in flight at once before further ones wait to be combined: more only queue inside PostgreSQL. */
const APPENDS_IN_FLIGHT = 3;
const MAX_COMBINED = 16;

interface Waiting {
  values: OneEventValues;
  resolve: (row: AppendRow) => void;
  reject: (error: unknown) => void;
}

function byStream(a: Waiting, b: Waiting): number {
  return a.values[0] < b.values[0] ? -1 : a.values[0] > b.values[0] ? 1 : 0;
}

/**
 * Group commit for one-event appends. While a few appends are in flight, the next ones wait; when one
 * returns, all that waited (one per stream, in stream order so two batches lock heads in the same order)
 * go as one statement: one round trip, one commit, one WAL flush for all of them, each with its own head
 * check and result. An append alone is never delayed: with nothing in flight it goes at once.
 *
 * A batch fails as a whole (a duplicate event id in one append aborts the transaction), so after any
 * failure each of its appends goes again on its own and meets its own outcome. That is safe even if the
 * failure hid a commit: an append that is stored finds its head moved and is recognised by its event id.
 */
export class AppendCombiner {
  private inFlight = 0;
  private waiting: Waiting[] = [];

  constructor(private readonly pool: Pick<Pool, 'query'>) {}

  append(values: OneEventValues): Promise<AppendRow> {
    return new Promise<AppendRow>((resolve, reject) => {
      this.waiting.push({ values, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < APPENDS_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.takeBatch();
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.drain();
      });
    }
  }

  /** The oldest waiting append of each stream, up to a batch; a second append to a stream waits for the next. */
  private takeBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const streams = new Set<string>();
    const rest: Waiting[] = [];
    for (const waiting of this.waiting) {
      const stream = waiting.values[0];
      if (batch.length < MAX_COMBINED && !streams.has(stream)) {
        streams.add(stream);
        batch.push(waiting);
      } else rest.push(waiting);
    }
    this.waiting = rest;
    return batch.sort(byStream);
  }

  private async send(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return this.sendAlone(batch[0]);
    let rows: (AppendRow & { i: number })[];
    try {
      rows = (await this.pool.query<AppendRow & { i: number }>(combinedQuery(batch.map((waiting) => waiting.values)))).rows;
    } catch {
      await Promise.all(batch.map((waiting) => this.sendAlone(waiting)));
      return;
    }
    for (const row of rows) batch[row.i].resolve(row);
  }

  private async sendAlone(waiting: Waiting): Promise<void> {
    try {
      const { rows } = await this.pool.query<AppendRow>(oneEventQuery(waiting.values));
      waiting.resolve(rows[0]);
    } catch (error) {
      waiting.reject(error);
    }
  }
}

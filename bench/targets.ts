import { GANTRY_SCHEMA } from '../src/gantry-schema';
import { dumbo, endPool, getPool, type Dumbo } from '@event-driven-io/dumbo';
import type { Event } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, readMessagesBatch, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import type { Pool } from 'pg';
import type { JsonObject } from '../src/kernel/black-box/canonical-json';
import { Database } from '../src/database/database';
import { START, type EventMetadata, type NewEvent } from '../src/missions/ports/event-store.port';
import { PostgresEventStore as GantryPostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import type { BenchTarget } from './workload';

const TIMEOUT_MS = 15_000;

/** Gantry's PostgreSQL adapter, hash chain on (it always is), over `Database`'s pool (10 connections). */
export class GantryTarget implements BenchTarget {
  readonly label = 'Gantry';
  readonly appendFunction = 'gantry_append_event'; // one event per append: the single-event function

  private constructor(
    readonly database: Database,
    readonly store: GantryPostgresEventStore,
  ) {}

  static async open(databaseUrl: string): Promise<GantryTarget> {
    const database = await Database.open({ databaseUrl, dataDir: '/nonexistent', timeoutMs: TIMEOUT_MS, schema: GANTRY_SCHEMA });
    return new GantryTarget(database, new GantryPostgresEventStore(database.pool));
  }

  get pool(): Pool {
    return this.database.pool;
  }

  async append(stream: string, event: NewEvent, eventsBefore: number): Promise<void> {
    await this.store.append(stream, [event], eventsBefore === 0 ? 'no_stream' : eventsBefore - 1);
  }

  /** Reads the whole global feed in pages; returns `stream@revision` of each event read, in order. */
  async readAll(pageSize: number): Promise<string[]> {
    let after = START;
    const read: string[] = [];
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: pageSize });
      if (page.events.length === 0) return read;
      for (const event of page.events) read.push(`${event.stream}@${event.revision}`);
      after = page.last;
    }
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.database.close();
  }
}

type EmmettEvent = Event<string, JsonObject, EventMetadata>;

/**
 * Emmett's PostgreSQL event store (`getPostgreSQLEventStore`), on its default pg pool (10 connections).
 * An append is `appendToStream(stream, [event], { expectedStreamVersion })`, where the version is the
 * number of events the stream holds (0n: a new stream).
 */
export class EmmettTarget implements BenchTarget {
  readonly label = 'Emmett';
  readonly appendFunction = 'emt_append_to_stream';

  private constructor(
    readonly url: string,
    readonly store: PostgresEventStore,
    private readonly reader: Dumbo,
    readonly pool: Pool,
  ) {}

  static async open(url: string): Promise<EmmettTarget> {
    const store = getPostgreSQLEventStore(url);
    await store.schema.migrate();
    // dumbo keeps one pg.Pool per connection string (counting its users), so both of these share the store's pool.
    return new EmmettTarget(url, store, dumbo({ connectionString: url }), getPool(url));
  }

  async append(stream: string, event: NewEvent, eventsBefore: number): Promise<void> {
    const emmettEvent: EmmettEvent = { type: event.type, data: event.data, metadata: event.metadata };
    await this.store.appendToStream(stream, [emmettEvent], { expectedStreamVersion: BigInt(eventsBefore) });
  }

  /**
   * `readMessagesBatch`, the page read under Emmett's consumers, paged by global position as its puller
   * pages; returns `stream@version` of each event read, in order.
   */
  async readAll(pageSize: number): Promise<string[]> {
    let after = 0n;
    const read: string[] = [];
    for (;;) {
      const page = await readMessagesBatch(this.reader.execute, { after, batchSize: pageSize });
      if (page.messages.length === 0) return read;
      for (const message of page.messages) read.push(`${message.metadata.streamName}@${message.metadata.streamPosition}`);
      after = page.currentGlobalPosition;
    }
  }

  /**
   * The public way to read everything: a consumer with one reactor, stopping when no messages are left.
   * The reactor stores its checkpoint after each batch, and the puller sleeps 100 ms after its first batch.
   */
  async readAllWithConsumer(pageSize: number): Promise<string[]> {
    const read: string[] = [];
    const consumer = this.store.consumer({ stopWhen: { noMessagesLeft: true }, pulling: { batchSize: pageSize, pullingFrequencyInMs: 0 } });
    consumer.reactor({
      processorId: `bench-read-all-${Date.now()}`,
      eachMessage: async (message) => {
        read.push(`${message.metadata.streamName}@${message.metadata.streamPosition}`);
      },
    });
    await consumer.start();
    return read;
  }

  async close(): Promise<void> {
    await this.reader.close();
    await endPool({ connectionString: this.url });
    await this.store.close();
  }
}

import type { Client } from 'pg';
import { appendLeaves, loadFrontier, type Frontier } from '../../../kernel/transparency/compact-tree';
import { leafHashOfChainHash } from '../../../kernel/transparency/merkle-hash';
import type { GlobalPosition } from '../../ports/event-store.port';
import type { LogLeaf } from '../../ports/transparency-log.port';
import type { LogWriterLease } from './log-writer-lease';
import type { PostgresLogStore } from './postgres-log-store';

/** Another writer moved the log since this one read it: its work rolls back, and it reads again. */
export class LogMovedError extends Error {
  readonly code = 'LOG_MOVED';
}

export type NewLeaf = Omit<LogLeaf, 'leafIndex'>;

/**
 * Writes the log, only while this process holds the writer's lease, only through the lease's connection:
 * each batch is one transaction that checks the log still stands where the batch starts, adds the leaves
 * and every complete subtree they finish, and moves the log's feed position with them.
 */
export class LogWriter {
  private frontier: Frontier | null = null;

  constructor(
    private readonly lease: LogWriterLease,
    private readonly store: PostgresLogStore,
  ) {}

  get holdsLease(): boolean {
    return this.lease.held;
  }

  /** Where the log stands, or null while another process holds the lease. */
  async position(): Promise<GlobalPosition | null> {
    const client = await this.lease.connection();
    if (!client) return null;
    return (await this.store.within(client).state()).position;
  }

  /** Appends the leaves if the log stands at `from`, then stands at `to`; resolves with the new size. */
  async append(from: GlobalPosition, to: GlobalPosition, leaves: readonly NewLeaf[]): Promise<number> {
    const client = await this.lease.connection();
    if (!client) throw new LogMovedError('this process no longer holds the log writer lease');
    try {
      return (await this.inOneStatement(client, from, to, leaves)) ?? (await this.inTransaction(client, from, to, leaves));
    } catch (error) {
      this.frontier = null;
      if (!(error instanceof LogMovedError)) await this.lease.release();
      throw error;
    }
  }

  forget(): void {
    this.frontier = null;
  }

  /**
   * The common case, in one round trip: the frontier is known from the last batch, so the new subtrees are
   * computed first and written by one statement fenced on the state row. Null when there is no frontier
   * yet or the log did not stand where this writer left it: the transaction reads it afresh.
   */
  private async inOneStatement(client: Client, from: GlobalPosition, to: GlobalPosition, leaves: readonly NewLeaf[]): Promise<number | null> {
    const frontier = this.frontier;
    if (!frontier) return null;
    const grown = appendLeaves(
      frontier,
      leaves.map((leaf) => leafHashOfChainHash(leaf.chainHash)),
    );
    const moved = await this.store
      .within(client)
      .appendIfAt({ size: frontier.size, position: from }, leaves, grown.created, { size: grown.frontier.size, position: to });
    if (!moved) return null;
    this.frontier = grown.frontier;
    return grown.frontier.size;
  }

  private async inTransaction(client: Client, from: GlobalPosition, to: GlobalPosition, leaves: readonly NewLeaf[]): Promise<number> {
    const store = this.store.within(client);
    await client.query('BEGIN');
    try {
      const state = await store.state(true);
      if (state.position !== from) throw new LogMovedError(`the log stands at ${state.position}, not ${from}`);
      const frontier = this.frontier?.size === state.size ? this.frontier : await loadFrontier(state.size, store.source);
      const grown = appendLeaves(
        frontier,
        leaves.map((leaf) => leafHashOfChainHash(leaf.chainHash)),
      );
      await store.append(state.size, leaves, grown.created, { size: grown.frontier.size, position: to });
      await client.query('COMMIT');
      this.frontier = grown.frontier;
      return grown.frontier.size;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}

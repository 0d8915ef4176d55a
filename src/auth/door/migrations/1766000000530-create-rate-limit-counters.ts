import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The door's rate-limit counters, shared by every process: one row per caller (or address) and budget. */
export class CreateRateLimitCounters1766000000530 implements MigrationInterface {
  name = 'CreateRateLimitCounters1766000000530';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE UNLOGGED TABLE rate_limit_counters (
        key           text NOT NULL,
        throttler     text NOT NULL,
        hits          integer NOT NULL,
        window_ends   timestamptz NOT NULL,
        blocked_until timestamptz,
        PRIMARY KEY (key, throttler)
      )`);
    await db.query('CREATE INDEX rate_limit_counters_window_ends ON rate_limit_counters (window_ends)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE rate_limit_counters');
  }
}

import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { newEvent } from '../support/events';
import { required } from '../support/expectations';
import { runGantry } from '../support/gantry-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('gantry audit verify', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.database.pool);
  });
  afterAll(async () => db.drop());

  async function mission(): Promise<string> {
    const id = randomUUID();
    await store.append(
      `mission-${id}`,
      [newEvent('MissionOpened', { prompt: 'a pomodoro timer' }), newEvent('BuildConfirmed'), newEvent('MissionSucceeded')],
      'no_stream',
    );
    return id;
  }

  it('exits 0 for an intact chain, printing the head hash', async () => {
    const id = await mission();
    const head = await store.streamHead(`mission-${id}`);
    const result = await runGantry(['audit', 'verify', id], { DATABASE_URL: db.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`VALID  mission-${id}: 3 events, chain intact`);
    expect(result.stdout).toContain(`head   ${required(head, 'the stream head').headHash}`);
  });

  it('exits 1 for a tampered chain and says where it breaks', async () => {
    const id = await mission();
    await db.database.pool.query(`UPDATE events SET canonical = replace(canonical, 'BuildConfirmed', 'BuildConfirmeD') WHERE stream = $1 AND revision = 1`, [
      `mission-${id}`,
    ]);
    const result = await runGantry(['audit', 'verify', `mission-${id}`], { DATABASE_URL: db.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`TAMPERED  mission-${id}: the chain breaks at revision 1`);
    expect(result.stderr).toContain('reason    hash does not match the stored event bytes');
  });

  it('exits 1, not 2, when every event is deleted and the head row kept, and says where', async () => {
    const id = await mission();
    await db.database.pool.query('DELETE FROM events WHERE stream = $1', [`mission-${id}`]);
    const result = await runGantry(['audit', 'verify', id], { DATABASE_URL: db.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`TAMPERED  mission-${id}: the chain breaks at revision 0`);
    expect(result.stderr).toContain('the tail was cut: the head records 3 events, 0 remain');
  });

  it('on a data dir never used, shows the new log key on stderr and keeps stdout for the answer', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gantry-fresh-'));
    const result = await runGantry(['audit', 'export', randomUUID()], { DATABASE_URL: db.url, GANTRY_DATA_DIR: dataDir });
    expect(existsSync(join(dataDir, 'log-key.pem'))).toBe(true);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Gantry transparency log key[^\n]*\n {2}[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n/);
    expect(result.code).toBe(2);
  });

  it('exits 2 for a stream with no events and for a missing argument', async () => {
    const unknown = await runGantry(['audit', 'verify', randomUUID()], { DATABASE_URL: db.url });
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain('no events (nothing to verify)');
    const missing = await runGantry(['audit', 'verify'], { DATABASE_URL: db.url });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('usage: gantry audit verify');
  });
});

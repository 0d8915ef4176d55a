import { verifyChain } from '../../src/kernel/black-box/chain-verifier';
import { parseEnvelope, sealEnvelope } from '../../src/kernel/black-box/hash-chain';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import type { QueryResultRow } from 'pg';
import { newEvent, uniqueStream } from '../support/events';
import { match, required } from '../support/expectations';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** Each case tampers with a stored five-event stream directly in PostgreSQL, as an insider with SQL access would. */
describe('Black Box: tamper detection against stored rows', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let stream: string;

  const sql = <Row extends QueryResultRow = QueryResultRow>(text: string, values: unknown[] = []) => db.database.pool.query<Row>(text, [stream, ...values]);
  const verify = async () => verifyChain(stream, await store.readChain(stream), await store.streamHead(stream));
  const canonicalAt = async (revision: number): Promise<string> =>
    (await sql<{ canonical: string }>('SELECT canonical FROM events WHERE stream = $1 AND revision = $2', [revision])).rows[0].canonical;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.database.pool);
  });
  afterAll(async () => db.drop());

  beforeEach(async () => {
    stream = uniqueStream('mission');
    const events = ['MissionOpened', 'ConsultantReplied', 'BuildConfirmed', 'BlueprintDrafted', 'MissionSucceeded'];
    await store.append(
      stream,
      events.map((type, n) => newEvent(type, { step: n, note: `step ${n}` })),
      'no_stream',
    );
  });

  it('finds an untouched stream valid, with its head hash', async () => {
    const head = await store.streamHead(stream);
    expect(await verify()).toEqual({
      stream,
      valid: true,
      events: 5,
      headHash: required(head, 'the stream head').headHash,
      firstInvalidRevision: null,
      reason: null,
    });
  });

  it('detects one byte of data changed', async () => {
    await sql(`UPDATE events SET canonical = replace(canonical, '"note":"step 2"', '"note":"step 7"') WHERE stream = $1 AND revision = 2`);
    expect(await verify()).toMatchObject({ valid: false, firstInvalidRevision: 2, reason: match.stringContaining('hash does not match') });
  });

  it('detects changed metadata', async () => {
    await sql(`UPDATE events SET canonical = replace(canonical, '"actor":"test"', '"actor":"mallory"') WHERE stream = $1 AND revision = 3`);
    expect(await verify()).toMatchObject({ valid: false, firstInvalidRevision: 3 });
  });

  it('detects a deleted event', async () => {
    await sql('DELETE FROM events WHERE stream = $1 AND revision = 1');
    expect(await verify()).toMatchObject({ valid: false, firstInvalidRevision: 1, reason: 'event 1 is missing' });
  });

  it('detects two events swapped', async () => {
    await sql(`UPDATE events SET revision = CASE revision WHEN 1 THEN 1000 ELSE revision END WHERE stream = $1 AND revision = 1`);
    await sql('UPDATE events SET revision = 1 WHERE stream = $1 AND revision = 2');
    await sql('UPDATE events SET revision = 2 WHERE stream = $1 AND revision = 1000');
    expect(await verify()).toMatchObject({ valid: false, firstInvalidRevision: 1, reason: match.stringContaining('sealed as') });
  });

  it('detects a cut tail', async () => {
    await sql('DELETE FROM events WHERE stream = $1 AND revision >= 3');
    expect(await verify()).toMatchObject({ valid: false, firstInvalidRevision: 3, reason: match.stringContaining('tail was cut') });
  });

  it('detects an event rewritten with its own hash recomputed, by the link from the next event', async () => {
    const forged = sealEnvelope({ ...parseEnvelope(await canonicalAt(2)), data: { step: 2, note: 'approved by nobody' } });
    await sql('UPDATE events SET canonical = $2, hash = $3 WHERE stream = $1 AND revision = 2', [forged.canonical, forged.hash]);
    expect(await verify()).toMatchObject({ valid: false, firstInvalidRevision: 2, reason: match.stringContaining('event 2 was rewritten') });
  });

  it('detects the last event rewritten with its hash recomputed, by the recorded head', async () => {
    const forged = sealEnvelope({ ...parseEnvelope(await canonicalAt(4)), type: 'MissionFailed' });
    await sql('UPDATE events SET canonical = $2, hash = $3 WHERE stream = $1 AND revision = 4', [forged.canonical, forged.hash]);
    expect(await verify()).toMatchObject({ valid: false, firstInvalidRevision: 4, reason: match.stringContaining('head hash') });
  });

  it('detects bytes re-serialised out of canonical form even when the hash is recomputed to match', async () => {
    const pretty = JSON.stringify(parseEnvelope(await canonicalAt(0)), null, 1);
    const { createHash } = await import('node:crypto');
    await sql('UPDATE events SET canonical = $2, hash = $3 WHERE stream = $1 AND revision = 0', [pretty, createHash('sha256').update(pretty).digest('hex')]);
    expect(await verify()).toMatchObject({ valid: false, firstInvalidRevision: 0 });
  });
});

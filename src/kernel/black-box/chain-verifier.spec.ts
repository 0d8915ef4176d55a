import { verifyChain } from './chain-verifier';
import type { StoredChainRecord, StreamHead } from './chained-event';
import type { JsonObject } from './canonical-json';
import { GENESIS_HASH, sealEvents, sha256Hex } from './hash-chain';

interface Chain {
  records: StoredChainRecord[];
  head: StreamHead | null;
}

/** Given: `stream` as the store keeps it, one event per entry of `data`, sealed and chained. */
function givenChain(stream: string, data: JsonObject[]): Chain {
  const events = data.map((fields, n) => ({
    type: 'StepCompleted',
    data: fields,
    metadata: { eventId: `e${n}`, occurredAt: '2026-12-07T00:00:00.000Z', actor: 'test', correlationId: 'c', causationId: `e${n}`, schemaVersion: 1 },
  }));
  const records = sealEvents(stream, -1, GENESIS_HASH, events).map(({ revision, hash, canonical }) => ({ revision, hash, canonical }));
  const head = records.length === 0 ? null : { stream, count: records.length, lastRevision: records.length - 1, headHash: records[records.length - 1].hash };
  return { records, head };
}

const steps = (count: number): JsonObject[] => Array.from({ length: count }, (_, n) => ({ step: n, note: `step ${n}` }));

/** The same record with other bytes, its hash recomputed to match them (an insider covering one edit). */
function rewritten(record: StoredChainRecord, canonical: string): StoredChainRecord {
  return { ...record, canonical, hash: sha256Hex(canonical) };
}

describe('verifyChain', () => {
  it('finds an intact chain valid, with its length and the hash of its last event', () => {
    const { records, head } = givenChain('mission-a', steps(6));
    expect(verifyChain('mission-a', records, head)).toEqual({
      stream: 'mission-a',
      valid: true,
      events: 6,
      headHash: records[5].hash,
      firstInvalidRevision: null,
      reason: null,
    });
  });

  it('finds a stream with no events and no head valid, headed by the genesis hash', () => {
    expect(verifyChain('mission-empty', [], null)).toMatchObject({ valid: true, events: 0, headHash: GENESIS_HASH });
  });

  it('proves a chain whose canonical bytes hold escapes the one-pass scan leaves to the slow check', () => {
    const { records, head } = givenChain('mission-escapes', [{ lone: '\ud800' }, { line: '\u2028 é \ud83d\ude00' }, { nested: { key: '\u001f' } }]);
    expect(records[0].canonical).toContain('\\ud800');
    expect(verifyChain('mission-escapes', records, head)).toMatchObject({ valid: true, events: 3, headHash: records[2].hash });
  });

  it('reports the earliest break when several records are broken', () => {
    const { records, head } = givenChain('mission-b', steps(5));
    const tampered = [...records];
    tampered[1] = rewritten(records[1], JSON.stringify(JSON.parse(records[1].canonical), null, 1));
    tampered[3] = { ...records[3], hash: sha256Hex('something else') };
    expect(verifyChain('mission-b', tampered, head)).toMatchObject({
      valid: false,
      firstInvalidRevision: 1,
      reason: 'stored bytes are not in canonical form',
      headHash: records[0].hash,
    });
  });

  it('refuses a last event whose recorded hash was replaced along with the head', () => {
    const { records, head } = givenChain('mission-f', steps(3));
    const forgedHash = sha256Hex('not these bytes');
    const tampered = records.map((record, index) => (index === 2 ? { ...record, hash: forgedHash } : record));
    expect(verifyChain('mission-f', tampered, head && { ...head, headHash: forgedHash })).toMatchObject({
      valid: false,
      firstInvalidRevision: 2,
      reason: 'hash does not match the stored event bytes',
    });
  });

  it('refuses intact bytes filed under another revision than the one they were sealed at', () => {
    const { records, head } = givenChain('mission-c', steps(4));
    const renumbered = records.map((record, index) => (index === 2 ? { ...record, revision: 3 } : record));
    expect(verifyChain('mission-c', renumbered, head)).toMatchObject({ valid: false, firstInvalidRevision: 2, reason: 'event 2 is missing' });
  });

  it('refuses a chain sealed for another stream, though every hash and link in it holds', () => {
    const { records, head } = givenChain('mission-other', steps(3));
    expect(verifyChain('mission-d', records, head && { ...head, stream: 'mission-d' })).toMatchObject({
      valid: false,
      firstInvalidRevision: 0,
      reason: 'event is stored at revision 0 but was sealed as mission-other@0',
    });
  });

  it('finds a link to a rewritten predecessor even when every record hashes as stored', () => {
    const { records, head } = givenChain('mission-e', steps(4));
    const forged = records[1].canonical.replace('"note":"step 1"', '"note":"forged"');
    expect(forged).not.toBe(records[1].canonical);
    const tampered = records.map((record, index) => (index === 1 ? rewritten(record, forged) : record));
    expect(verifyChain('mission-e', tampered, head)).toMatchObject({
      valid: false,
      firstInvalidRevision: 1,
      reason: 'event 1 was rewritten: event 2 was chained to a different hash',
    });
  });
});

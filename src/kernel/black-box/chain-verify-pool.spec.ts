import { randomUUID } from 'node:crypto';
import { packChains, unpackChains, verifyChains, type ChainToVerify } from './chain-verify-pool';
import { GENESIS_HASH, sealEvents, sha256Hex } from './hash-chain';

function chain(stream: string, length: number): ChainToVerify {
  const events = Array.from({ length }, (_, n) => {
    const eventId = randomUUID();
    return {
      type: 'StepCompleted',
      data: { step: n, note: `step ${n}` },
      metadata: { eventId, occurredAt: '2026-12-07T00:00:00.000Z', actor: 'test', correlationId: eventId, causationId: eventId, schemaVersion: 1 },
    };
  });
  const sealed = sealEvents(stream, -1, GENESIS_HASH, events);
  const records = sealed.map((event) => ({ revision: event.revision, hash: event.hash, canonical: event.canonical }));
  return { stream, records, head: { stream, count: length, lastRevision: length - 1, headHash: sealed[length - 1].hash } };
}

describe('verifyChains', () => {
  // 12 chains of 500 events: enough for three threads, so both workers get whole chains to check.
  const chains = Array.from({ length: 12 }, (_, index) => chain(`mission-${index}`, 500));
  const last = chains[11];
  // A non-canonical variant of an event's bytes, its hash recomputed, in the last batch (a worker's).
  const pretty = JSON.stringify(JSON.parse(last.records[3].canonical), null, 1);
  const tampered: ChainToVerify[] = [
    ...chains.slice(0, 11),
    { ...last, records: last.records.map((record, n) => (n === 3 ? { ...record, canonical: pretty, hash: sha256Hex(pretty) } : record)) },
  ];

  it('gives the same results, in order, on one thread and on three', async () => {
    const one = await verifyChains(tampered, 1);
    const three = await verifyChains(tampered, 3);
    expect(three).toEqual(one);
    expect(one.map((result) => result.stream)).toEqual(tampered.map((entry) => entry.stream));
    expect(one.filter((result) => !result.valid)).toEqual([
      expect.objectContaining({ stream: 'mission-11', valid: false, firstInvalidRevision: 3, reason: 'stored bytes are not in canonical form' }) as unknown,
    ]);
  });

  it('packs chains for a worker and unpacks them unchanged, whatever the characters', () => {
    const odd: ChainToVerify = { stream: 'odd', head: null, records: [{ revision: 0, hash: 'h\u00e9', canonical: '{"a":"\ud83d\ude00 é"}' }] };
    expect(unpackChains(packChains([odd, ...chains.slice(0, 2), { stream: 'empty', head: null, records: [] }]))).toEqual([
      odd,
      ...chains.slice(0, 2),
      { stream: 'empty', head: null, records: [] },
    ]);
  });

  it('finds every untouched chain valid on several threads', async () => {
    const results = await verifyChains(chains, 3);
    expect(results.every((result) => result.valid)).toBe(true);
    expect(results.reduce((sum, result) => sum + result.events, 0)).toBe(6000);
  });
});

import { randomUUID } from 'node:crypto';
import { digestChain, packDigests, unpackDigests, type ChainDigest } from './chain-digest';
import type { StoredChainRecord, StreamHead } from './chained-event';
import { GENESIS_HASH, sealEvents, sha256Hex } from './hash-chain';

function sealed(stream: string, length: number): { records: StoredChainRecord[]; head: StreamHead | null } {
  const events = Array.from({ length }, (_, n) => {
    const eventId = randomUUID();
    return {
      type: 'StepCompleted',
      data: { step: n, note: `étape ${n} ✓` },
      metadata: { eventId, occurredAt: '2026-12-07T00:00:00.000Z', actor: 'test', correlationId: eventId, causationId: eventId, schemaVersion: 1 },
    };
  });
  const records = sealEvents(stream, -1, GENESIS_HASH, events).map((event) => ({ revision: event.revision, hash: event.hash, canonical: event.canonical }));
  const head = length === 0 ? null : { stream, count: length, lastRevision: length - 1, headHash: records[length - 1].hash };
  return { records, head };
}

describe('packed digests (what an audit worker sends back)', () => {
  const intact = sealed('mission-intact', 4);
  const cut = sealed('mission-cut', 3);
  const one = sealed('mission-one', 1);
  const rewritten = sealed('mission-rewritten', 2);
  const variant = JSON.stringify(JSON.parse(rewritten.records[1].canonical), null, 1);
  const page: Array<[string, ChainDigest]> = [
    ['mission-intact', digestChain('mission-intact', intact.records, intact.head)],
    ['mission-empty', digestChain('mission-empty', [], null)],
    ['mission-cut', digestChain('mission-cut', cut.records.slice(1), cut.head)],
    ['mission-one', digestChain('mission-one', one.records, one.head)],
    [
      'mission-rewritten',
      digestChain('mission-rewritten', [rewritten.records[0], { ...rewritten.records[1], canonical: variant, hash: sha256Hex(variant) }], {
        ...(rewritten.head as StreamHead),
        headHash: sha256Hex(variant),
      }),
    ],
  ];
  const streams = page.map(([stream]) => stream);
  const digests = page.map(([, digest]) => digest);

  it('unpacks every digest, intact or broken, exactly as the worker made it', () => {
    expect(unpackDigests(streams, packDigests(digests))).toEqual(digests);
    expect(digests.filter((digest) => !digest.result.valid).map((digest) => digest.result.stream)).toEqual(['mission-cut', 'mission-rewritten']);
  });

  it('sends an intact chain as its count and hashes only; a broken one whole', () => {
    const packed = packDigests(digests);
    expect([...packed.counts]).toEqual([4, 0, -1, 1, -1]);
    expect(packed.contentHashes).toBe(intact.records.map((record) => record.hash).join('') + digests[3].contentHashes);
    expect(packed.broken.map(([index]) => index)).toEqual([2, 4]);
  });

  it('refuses a packed page that names a broken chain it does not carry', () => {
    const packed = packDigests(digests);
    expect(() => unpackDigests(streams, { ...packed, broken: packed.broken.slice(1) })).toThrow('no digest for broken chain mission-cut');
  });
});

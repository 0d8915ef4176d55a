import { hash } from 'node:crypto';
import type { EventMetadata, NewEvent, RecordedEvent } from './chained-event';
import { canonicalJson, type JsonObject } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** The part of an event that is hashed. Field names are part of the format: never rename them. */
export interface ChainedEnvelope extends JsonObject {
  stream: string;
  revision: number;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
  prevHash: string;
}

export type SealedEvent = Omit<RecordedEvent, 'position'>;

/** SHA-256 of the UTF-8 bytes of `text`, in hex (one-shot: no Hash object per call). */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

export function sealEnvelope(envelope: ChainedEnvelope): SealedEvent {
  const canonical = canonicalJson(envelope);
  return { ...envelope, canonical, hash: sha256Hex(canonical) };
}

/**
 * Chains new events onto a stream whose last event is `lastRevision` with hash `headHash`
 * (-1 and the genesis hash for a new stream).
 */
export function sealEvents(stream: string, lastRevision: number, headHash: string, events: NewEvent[]): SealedEvent[] {
  const sealed: SealedEvent[] = [];
  let prevHash = headHash;
  events.forEach((event, index) => {
    const next = sealEnvelope({
      stream,
      revision: lastRevision + 1 + index,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      prevHash,
    });
    sealed.push(next);
    prevHash = next.hash;
  });
  return sealed;
}

/** Reads the envelope back out of stored canonical bytes. */
export function parseEnvelope(canonical: string): ChainedEnvelope {
  return JSON.parse(canonical) as ChainedEnvelope;
}

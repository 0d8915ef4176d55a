import { Inject, Injectable } from '@nestjs/common';
import { isUuid } from '../../../kernel/uuid';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port';
import { verifyChain, type VerificationResult } from '../../../kernel/black-box/chain-verifier';

/** A mission id names its stream `mission-<id>`; anything else is taken as a stream name. */
export function streamFor(streamOrMissionId: string): string {
  return isUuid(streamOrMissionId) ? `mission-${streamOrMissionId.toLowerCase()}` : streamOrMissionId;
}

@Injectable()
export class BlackBoxService {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async verify(streamOrMissionId: string): Promise<VerificationResult> {
    const stream = streamFor(streamOrMissionId);
    const [records, head] = await Promise.all([this.store.readChain(stream), this.store.streamHead(stream)]);
    return verifyChain(stream, records, head);
  }
}

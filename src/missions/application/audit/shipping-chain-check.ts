import { Injectable } from '@nestjs/common';
import type { VerificationResult } from '../../../kernel/black-box/chain-verifier';
import { missionStream } from '../../domain/mission-events';
import { blockedAt, type MissionFailedEvent } from '../../domain/mission-failed';
import { BlackBoxService } from './black-box.service';

/** What a refusal says: the stream, where its chain breaks, and why. */
export function chainRefusalReason(result: Extract<VerificationResult, { valid: false }>): string {
  const where = result.firstInvalidRevision === null ? 'the stream head' : `revision ${result.firstInvalidRevision}`;
  return `The Black Box chain of ${result.stream} does not verify (at ${where}: ${result.reason}); nothing was shipped.`;
}

/**
 * Deploy and publish read the mission's history to decide what to ship, so they first recompute its
 * chain from the stored bytes: a mission whose record was tampered with is never shipped.
 */
@Injectable()
export class ShippingChainCheck {
  constructor(private readonly blackBox: BlackBoxService) {}

  /** Null when the chain verifies; otherwise the MissionFailed that refuses the step, with the reason. */
  async refusal(missionId: string, step: 'deploy' | 'publish'): Promise<MissionFailedEvent | null> {
    const result = await this.blackBox.verify(missionStream(missionId));
    if (result.valid) return null;
    return blockedAt(step, {
      reason: chainRefusalReason(result),
      speech: `I stopped before the ${step} step: this mission's Black Box record was altered, so nothing was shipped.`,
    });
  }
}

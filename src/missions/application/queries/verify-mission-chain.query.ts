import { Query } from '@nestjs/cqrs';
import type { VerificationResult } from '../../../kernel/black-box/chain-verifier';
import type { Viewer } from '../../domain/viewer';

/** Recompute a mission's Black Box chain; not found for another user's mission or one with no events. */
export class VerifyMissionChainQuery extends Query<VerificationResult> {
  constructor(
    readonly missionId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { SignedCheckpoint } from '../../../ports/transparency-log.port';

/** The log's verifier key (vkey form). */
export class GetLogKeyQuery extends Query<string> {}

/** The newest signed checkpoint, or null before the first. */
export class GetLatestCheckpointQuery extends Query<SignedCheckpoint | null> {}

export interface ProofAnswer {
  readonly size: number;
  readonly proof: Buffer[];
}

/** The inclusion proof of a leaf in the tree of `size` leaves (400 when leaf >= size or size exceeds the log). */
export class GetInclusionProofQuery extends Query<ProofAnswer & { leafIndex: number; leafHash: Buffer }> {
  constructor(
    readonly leafIndex: number,
    readonly size: number,
  ) {
    super();
  }
}

/** The consistency proof from the tree of `from` leaves to the tree of `to` (400 unless 0 < from <= to <= the log's size). */
export class GetConsistencyProofQuery extends Query<ProofAnswer & { from: number }> {
  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    super();
  }
}

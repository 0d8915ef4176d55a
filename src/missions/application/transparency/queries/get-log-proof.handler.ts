import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { leafHashOfChainHash } from '../../../../kernel/transparency/merkle-hash';
import { TRANSPARENCY_LOG, type SignedCheckpoint, type TransparencyLog } from '../../../ports/transparency-log.port';
import { GetConsistencyProofQuery, GetInclusionProofQuery, GetLatestCheckpointQuery, GetLogKeyQuery, type ProofAnswer } from './get-log-proof.query';

@QueryHandler(GetLogKeyQuery)
export class GetLogKeyHandler implements IQueryHandler<GetLogKeyQuery, string> {
  constructor(@Inject(TRANSPARENCY_LOG) private readonly log: TransparencyLog) {}

  execute(): Promise<string> {
    return Promise.resolve(this.log.verifierKey());
  }
}

@QueryHandler(GetLatestCheckpointQuery)
export class GetLatestCheckpointHandler implements IQueryHandler<GetLatestCheckpointQuery, SignedCheckpoint | null> {
  constructor(@Inject(TRANSPARENCY_LOG) private readonly log: TransparencyLog) {}

  execute(): Promise<SignedCheckpoint | null> {
    return this.log.latestCheckpoint();
  }
}

@QueryHandler(GetInclusionProofQuery)
export class GetInclusionProofHandler implements IQueryHandler<GetInclusionProofQuery, ProofAnswer & { leafIndex: number; leafHash: Buffer }> {
  constructor(@Inject(TRANSPARENCY_LOG) private readonly log: TransparencyLog) {}

  async execute({ leafIndex, size }: GetInclusionProofQuery) {
    const proof = await this.log.inclusionProof(leafIndex, size);
    const [leaf] = await this.log.leaves(leafIndex, leafIndex + 1);
    return { leafIndex, size, proof, leafHash: leafHashOfChainHash(leaf.chainHash) };
  }
}

@QueryHandler(GetConsistencyProofQuery)
export class GetConsistencyProofHandler implements IQueryHandler<GetConsistencyProofQuery, ProofAnswer & { from: number }> {
  constructor(@Inject(TRANSPARENCY_LOG) private readonly log: TransparencyLog) {}

  async execute({ from, to }: GetConsistencyProofQuery) {
    return { from, size: to, proof: await this.log.consistencyProof(from, to) };
  }
}

export const LOG_QUERY_HANDLERS = [GetLogKeyHandler, GetLatestCheckpointHandler, GetInclusionProofHandler, GetConsistencyProofHandler];

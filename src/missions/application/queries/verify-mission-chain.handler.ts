import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { VerificationResult } from '../../../kernel/black-box/chain-verifier';
import { MissionNotFoundError } from '../../domain/mission.errors';
import { MISSION_DIRECTORY, type MissionDirectory } from '../../ports/mission-directory.port';
import { assertVisibleMission } from './visible-mission';
import { BlackBoxService } from '../audit/black-box.service';
import { VerifyMissionChainQuery } from './verify-mission-chain.query';

/** On the core's side, beside the Black Box it verifies; whose mission it is comes from the read side's directory. */
@QueryHandler(VerifyMissionChainQuery)
export class VerifyMissionChainHandler implements IQueryHandler<VerifyMissionChainQuery, VerificationResult> {
  constructor(
    @Inject(MISSION_DIRECTORY) private readonly directory: MissionDirectory,
    private readonly blackBox: BlackBoxService,
  ) {}

  async execute({ missionId, viewer }: VerifyMissionChainQuery): Promise<VerificationResult> {
    await assertVisibleMission(this.directory, missionId, viewer);
    const result = await this.blackBox.verify(missionId);
    if (result.events === 0 && result.valid) throw new MissionNotFoundError(missionId);
    return result;
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decide } from '../../domain/mission.decisions';
import { MissionNotFoundError } from '../../domain/mission.errors';
import { MissionRepository } from '../../infrastructure/mission.repository';
import { RetryMissionCommand } from './retry-mission.command';

@CommandHandler(RetryMissionCommand)
export class RetryMissionHandler implements ICommandHandler<RetryMissionCommand, { missionId: string; revision: number }> {
  constructor(private readonly missions: MissionRepository) {}

  async execute({ caller, missionId, options }: RetryMissionCommand): Promise<{ missionId: string; revision: number }> {
    const { state } = await this.missions.change(missionId, { actor: caller }, (current) => {
      if (!current.exists || current.owner !== caller) throw new MissionNotFoundError(missionId);
      return decide({ type: 'RetryMission', by: caller, ...options }, current);
    });
    return { missionId, revision: state.revision };
  }
}

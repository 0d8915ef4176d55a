import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidTransitionError } from '../../domain/mission.errors';
import { decide } from '../../domain/mission.decisions';
import { MissionRepository } from '../../infrastructure/mission.repository';
import { ClearMissionsCommand, type ClearOutcome } from './clear-missions.command';
import { MISSION_DIRECTORY, type MissionDirectory } from '../../ports/mission-directory.port';

@CommandHandler(ClearMissionsCommand)
export class ClearMissionsHandler implements ICommandHandler<ClearMissionsCommand, ClearOutcome> {
  constructor(
    private readonly missions: MissionRepository,
    @Inject(MISSION_DIRECTORY) private readonly directory: MissionDirectory,
  ) {}

  async execute({ caller }: ClearMissionsCommand): Promise<ClearOutcome> {
    const archived: ClearOutcome['archived'] = [];
    let kept = 0;
    for (const missionId of await this.directory.missionsOf(caller)) {
      try {
        const { appended, state } = await this.missions.change(missionId, { actor: caller }, (current) =>
          decide({ type: 'ArchiveMission', by: caller }, current),
        );
        if (appended) archived.push({ missionId, revision: state.revision });
      } catch (error) {
        if (!(error instanceof InvalidTransitionError)) throw error;
        kept += 1;
      }
    }
    return { cleared: archived.length, archived, kept };
  }
}

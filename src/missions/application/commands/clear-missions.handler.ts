import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidTransitionError } from '../../domain/mission.errors';
import { decide } from '../../domain/mission.decisions';
import { MissionRepository } from '../../infrastructure/mission.repository';
import { ClearMissionsCommand, type ClearOutcome } from './clear-missions.command';
import { MissionLookup } from '../../infrastructure/mission-lookup';

@CommandHandler(ClearMissionsCommand)
export class ClearMissionsHandler implements ICommandHandler<ClearMissionsCommand, ClearOutcome> {
  constructor(
    private readonly missions: MissionRepository,
    private readonly lookup: MissionLookup,
  ) {}

  async execute({ caller }: ClearMissionsCommand): Promise<ClearOutcome> {
    const archived: ClearOutcome['archived'] = [];
    let kept = 0;
    for (const missionId of await this.lookup.unarchivedMissionsOf(caller)) {
      try {
        const { appended, state } = await this.missions.change(missionId, { actor: caller }, (current) => decide({ type: 'ArchiveMission', by: caller }, current));
        if (appended) archived.push({ missionId, revision: state.revision });
      } catch (error) {
        if (!(error instanceof InvalidTransitionError)) throw error;
        kept += 1;
      }
    }
    return { cleared: archived.length, archived, kept };
  }
}

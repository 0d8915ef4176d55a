import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidTransitionError } from '../domain/mission.errors';
import { archiveMission } from '../domain/mission.decisions';
import { MissionRepository } from '../infrastructure/mission.repository';
import { ClearMissionsCommand, type ClearOutcome } from './clear-missions.command';
import { MissionLookup } from './mission-lookup';

@CommandHandler(ClearMissionsCommand)
export class ClearMissionsHandler implements ICommandHandler<ClearMissionsCommand, ClearOutcome> {
  constructor(
    private readonly missions: MissionRepository,
    private readonly lookup: MissionLookup,
  ) {}

  async execute({ caller }: ClearMissionsCommand): Promise<ClearOutcome> {
    let cleared = 0;
    let kept = 0;
    for (const missionId of await this.lookup.unarchivedMissionsOf(caller)) {
      try {
        const { appended } = await this.missions.change(missionId, { actor: caller }, (state) => archiveMission(state, caller));
        if (appended) cleared += 1;
      } catch (error) {
        if (!(error instanceof InvalidTransitionError)) throw error;
        kept += 1;
      }
    }
    return { cleared, kept };
  }
}

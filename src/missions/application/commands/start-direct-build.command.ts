import type { MissionChannel } from '../../domain/mission-events';

/** `POST /gantry/architect`: build straight from a prompt, no consultation. */
export class StartDirectBuildCommand {
  constructor(
    readonly caller: string,
    readonly prompt: string,
    readonly channel: MissionChannel,
    readonly deploy: boolean,
    readonly publish: boolean,
  ) {}
}

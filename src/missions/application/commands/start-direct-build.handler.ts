import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MessageRefusedError } from '../../domain/message-refused.error';
import { MESSAGE_SCREEN, type MessageScreen } from '../../ports/message-screen.port';
import { CONSULTANT, type Consultant } from '../../ports/consultant.port';
import { decide } from '../../domain/mission.decisions';
import { MissionRepository } from '../../infrastructure/mission.repository';
import { StartDirectBuildCommand } from './start-direct-build.command';

export interface DirectBuildOutcome {
  missionId: string;
  revision: number;
}

@CommandHandler(StartDirectBuildCommand)
export class StartDirectBuildHandler implements ICommandHandler<StartDirectBuildCommand, DirectBuildOutcome> {
  constructor(
    private readonly missions: MissionRepository,
    @Inject(CONSULTANT) private readonly consultant: Consultant,
    @Inject(MESSAGE_SCREEN) private readonly guardrails: MessageScreen,
  ) {}

  async execute(command: StartDirectBuildCommand): Promise<DirectBuildOutcome> {
    const verdict = this.guardrails.screen(command.prompt, 'opening');
    if (!verdict.allowed) throw new MessageRefusedError(verdict); // before anything is recorded: no mission
    const missionId = randomUUID();
    // The consultant's reading of the prompt, approved implicitly: a direct build asks no questions.
    const reading = await this.consultant.reply({ conversation: [{ role: 'user', content: command.prompt }], currentPlan: null });
    const opening = { missionId, prompt: command.prompt, deploy: command.deploy, publish: command.publish, channel: command.channel, owner: command.caller };
    const plan = reading.plan ?? { features: [], stack: 'node', designTarget: this.consultant.designTargetOf(command.prompt) };
    const { state } = await this.missions.change(missionId, { actor: command.caller }, (current) =>
      decide({ type: 'StartDirectBuild', opening, reading, plan }, current),
    );
    return { missionId, revision: state.revision };
  }
}

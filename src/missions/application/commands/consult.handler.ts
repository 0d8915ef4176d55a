import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MessageRefusedError } from '../../domain/message-refused.error';
import { MESSAGE_SCREEN, type MessageScreen } from '../../ports/message-screen.port';
import { CONSULTANT, type Consultant } from '../../ports/consultant.port';
import { isClearProjectsCommand } from '../../domain/intent/clear-command';
import { isConfirmation } from '../../domain/intent/confirmation';
import { cleanFileName, decodeDesignImage, type DecodedImage } from '../design-image/design-image';
import { EvidenceStore } from '../../infrastructure/evidence-store';
import { decide } from '../../domain/mission.decisions';
import type { MissionCommand, OpenMission } from '../../domain/mission.commands';
import { MissionNotFoundError } from '../../domain/mission.errors';
import { evolve, mustExist, type Mission } from '../../domain/mission.state';
import type { ProjectLink } from '../../domain/mission-events';
import { consultantInputOf } from '../../domain/project-version';
import { ProjectChanges } from '../projects/project-changes';
import { MissionRepository, type Actor } from '../../infrastructure/mission.repository';
import { GANTRY_CONFIG, type GantryConfig } from '../../../config/gantry-config';
import { ClearMissionsCommand, type ClearOutcome } from './clear-missions.command';
import { ConsultCommand, type ConsultOutcome } from './consult.command';
import { MISSION_DIRECTORY, type MissionDirectory } from '../../ports/mission-directory.port';
import { boundedConversation } from '../../domain/conversation';

@CommandHandler(ConsultCommand)
export class ConsultHandler implements ICommandHandler<ConsultCommand, ConsultOutcome> {
  constructor(
    private readonly missions: MissionRepository,
    @Inject(MISSION_DIRECTORY) private readonly directory: MissionDirectory,
    private readonly evidence: EvidenceStore,
    private readonly commands: CommandBus,
    @Inject(CONSULTANT) private readonly consultant: Consultant,
    @Inject(MESSAGE_SCREEN) private readonly guardrails: MessageScreen,
    @Inject(GANTRY_CONFIG) private readonly config: GantryConfig,
    private readonly projects: ProjectChanges,
  ) {}

  async execute(command: ConsultCommand): Promise<ConsultOutcome> {
    if (isClearProjectsCommand(command.message)) {
      const outcome = await this.commands.execute<ClearMissionsCommand, ClearOutcome>(new ClearMissionsCommand(command.caller));
      return { kind: 'cleared', ...outcome };
    }
    // Checked before anything is recorded, so a bad image changes nothing.
    const image = command.options.image ? decodeDesignImage(command.options.image.base64, this.config.maxImageBytes) : null;
    const actor: Actor = { actor: command.caller };
    const { existing, link } = await this.target(command);
    await this.screen(command.message, existing, link, actor);
    if (existing?.proposedPlan && isConfirmation(command.message)) {
      const confirmed = await this.missions.change(existing.id, actor, (state) => {
        const received = decide({ type: 'ReceiveMessage', text: command.message }, state);
        // The confirmation is decided on the state as it will be with the message, so the build prompt is complete.
        return [...received, ...decide({ type: 'ConfirmBuild' }, received.reduce(evolve, state))];
      });
      return { kind: 'build-started', missionId: existing.id, revision: confirmed.state.revision };
    }
    const missionId = existing?.id ?? randomUUID();
    let recorded = existing
      ? await this.missions.change(missionId, actor, (state) => decide({ type: 'ReceiveMessage', text: command.message }, state))
      : await this.missions.change(missionId, actor, (state) => decide(this.openingCommand(command, missionId, link), state));
    if (image && command.options.image) recorded = await this.attach(missionId, actor, image, command.options.image.fileName);
    const mission = mustExist(recorded.state, missionId);
    const input = consultantInputOf(mission);
    const reply = await this.consultant.reply({ ...input, conversation: boundedConversation(input.conversation) });
    const replied = await this.missions.change(missionId, actor, (state) => decide({ type: 'RecordConsultantReply', reply }, state));
    return { kind: 'replied', missionId, revision: replied.state.revision };
  }

  /**
   * The mission this message continues: the one named (if it is the caller's), else the change under way on
   * the project named, else the caller's open consultation. A message about a project with no change under
   * way opens a new version of it, linked to the version that is live.
   */
  private async target(command: ConsultCommand): Promise<{ existing: Mission | null; link: ProjectLink | null }> {
    const named = command.options.missionId;
    if (named) {
      const state = await this.missions.load(named);
      if (!state.exists || state.owner !== command.caller) throw new MissionNotFoundError(named);
      return { existing: state, link: null };
    }
    if (command.options.projectId) return this.projects.target(command.caller, command.options.projectId);
    const open = await this.directory.openConsultationOf(command.caller);
    return { existing: open ? mustExist(await this.missions.load(open), open) : null, link: null };
  }

  /**
   * The content guardrails: a message opening a mission must read as a build request; any message is
   * refused for malware or abuse. A refusal is recorded on the mission it was sent to, if there is one.
   */
  private async screen(text: string, existing: Mission | null, link: ProjectLink | null, actor: Actor): Promise<void> {
    const verdict = this.guardrails.screen(text, existing || link ? 'follow-up' : 'opening');
    if (verdict.allowed) return;
    if (existing) await this.missions.change(existing.id, actor, (state) => decide({ type: 'RefuseMessage', refusal: verdict, text }, state));
    throw new MessageRefusedError(verdict);
  }

  private openingCommand(command: ConsultCommand, missionId: string, link: ProjectLink | null): MissionCommand {
    const opening = this.opening(command, missionId);
    return link ? { type: 'OpenVersion', opening, link } : { type: 'OpenConsultation', opening };
  }

  private opening(command: ConsultCommand, missionId: string): OpenMission {
    return {
      missionId,
      prompt: command.message,
      deploy: command.options.deploy ?? true,
      publish: command.options.publish ?? true,
      channel: command.channel,
      owner: command.caller,
    };
  }

  private async attach(missionId: string, actor: Actor, image: DecodedImage, fileName: string) {
    // Named by content: a later image never overwrites the one an earlier event recorded.
    const evidencePath = await this.evidence.write(missionId, `design-reference-${image.sha256.slice(0, 16)}.${image.extension}`, image.bytes);
    const details = { fileName: cleanFileName(fileName), mime: image.mime, bytes: image.bytes.length, sha256: image.sha256, evidencePath };
    return this.missions.change(missionId, actor, (state) => decide({ type: 'AttachDesignImage', image: details }, state));
  }
}

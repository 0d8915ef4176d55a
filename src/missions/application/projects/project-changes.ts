import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port';
import { MISSION_DIRECTORY, type MissionDirectory, type ProjectEntry } from '../../ports/mission-directory.port';
import { missionStream, type ProjectLink } from '../../domain/mission-events';
import { InvalidTransitionError, MissionRuleError } from '../../domain/mission.errors';
import { CONSULTING_STATUSES, PIPELINE_STATUSES } from '../../domain/mission-status';
import { mustExist, type Mission } from '../../domain/mission.state';
import { ProjectNotFoundError, SHIPPED_STATUSES, versionLink } from '../../domain/project-version';
import { MissionRepository } from '../../infrastructure/mission.repository';

/** Where a message about a project goes: the change already being discussed, or a new version to open with this link. */
export type ChangeTarget = { existing: Mission; link: null } | { existing: null; link: ProjectLink };

const HEAD_READS = 3;

/** Finds a caller's project and works out what a change to it continues or builds on. */
@Injectable()
export class ProjectChanges {
  constructor(
    private readonly missions: MissionRepository,
    @Inject(MISSION_DIRECTORY) private readonly directory: MissionDirectory,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The caller's project; another user's is not found, like an unknown one. */
  async projectOf(caller: string, projectId: string, admin = false): Promise<ProjectEntry> {
    const project = await this.directory.projectOf(projectId);
    if (!project || (project.owner !== caller && !admin)) throw new ProjectNotFoundError(projectId);
    return project;
  }

  async target(caller: string, projectId: string): Promise<ChangeTarget> {
    const project = await this.projectOf(caller, projectId);
    const open = await this.openChange(project);
    if (open) return { existing: open, link: null };
    const building = project.versions.find((version) => PIPELINE_STATUSES.has(version.status) && !version.archived);
    if (building) {
      throw new InvalidTransitionError(
        `Project ${projectId}: version ${building.version} is still being built`,
        `Version ${building.version} is still being built. Ask for the next change when it is live.`,
      );
    }
    const next = Math.max(...project.versions.map((version) => version.version)) + 1;
    return { existing: null, link: await this.linkTo(this.parentOf(project), projectId, next) };
  }

  /** A change still in consultation continues; the read model may lag, so its state is checked on the stream. */
  private async openChange(project: ProjectEntry): Promise<Mission | null> {
    const candidates = project.versions.filter((version) => version.version > 1 && CONSULTING_STATUSES.has(version.status) && !version.archived);
    for (const candidate of candidates.reverse()) {
      const state = await this.missions.load(candidate.missionId);
      if (state.exists && CONSULTING_STATUSES.has(state.status) && !state.archived) return state;
    }
    return null;
  }

  /** A change builds on the version that is live (a rollback moves that back), else on the newest that shipped. */
  private parentOf(project: ProjectEntry): string {
    if (project.liveMissionId) return project.liveMissionId;
    const shipped = project.versions.filter((version) => SHIPPED_STATUSES.has(version.status));
    if (shipped.length === 0) {
      throw new MissionRuleError(
        `Project ${project.projectId} has no version that shipped`,
        'Nothing of this app has shipped yet, so there is nothing to change. Wait for the build to finish, or retry it.',
      );
    }
    return shipped[shipped.length - 1].missionId;
  }

  /** The parent's state and its Black Box head at the same revision (read again if an append came in between). */
  private async linkTo(parentId: string, projectId: string, version: number): Promise<ProjectLink> {
    for (let read = 1; ; read += 1) {
      const head = await this.store.streamHead(missionStream(parentId));
      const parent = mustExist(await this.missions.load(parentId), parentId);
      if (head && head.lastRevision === parent.revision) return versionLink(parent, { revision: head.lastRevision, hash: head.headHash }, projectId, version);
      if (read >= HEAD_READS) throw new Error(`Mission ${parentId}: its head kept moving while a change was opened on it`);
    }
  }
}

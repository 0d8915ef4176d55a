import type { EntityManager } from 'typeorm';
import { requestOf } from '../../domain/project-version';
import { MISSION_EVENT_TYPES } from '../mission-catalogue';
import { isOpened, type OpenedSnapshot } from '../mission-fold';
import type { ProjectedEvent, Projection } from '../projection';
import { ProjectVersionEntity } from './project-version.entity';

export const PROJECT_VERSION = 'project_version';

/** A first mission is a project once its build is confirmed; a version opened on a project is one from its first event. */
function isVersion(snapshot: OpenedSnapshot): boolean {
  return snapshot.state.project !== null || snapshot.state.run > 0;
}

function wentLive(event: ProjectedEvent): boolean {
  return event.event.type === 'DeploymentSucceeded' || event.event.type === 'VersionRestored';
}

function versionRow(event: ProjectedEvent, snapshot: OpenedSnapshot, liveSince: Date | null): ProjectVersionEntity {
  const { state } = snapshot;
  const plan = state.approvedPlan ?? state.proposedPlan;
  return Object.assign(new ProjectVersionEntity(), {
    missionId: event.missionId,
    projectId: state.project?.projectId ?? state.id,
    version: state.project?.version ?? 1,
    parentMissionId: state.project?.parentMissionId ?? null,
    parentHeadHash: state.project?.parentHeadHash ?? null,
    owner: state.owner,
    channel: state.channel,
    request: requestOf(state) || state.prompt,
    projectName: state.pipeline.blueprint?.manifest.projectName ?? state.project?.base.manifest.projectName ?? null,
    status: state.status,
    speech: state.speech,
    url: state.url,
    prUrl: state.prUrl,
    features: plan?.features ?? state.project?.base.plan.features ?? [],
    archived: state.archived,
    liveSince,
    createdAt: new Date(snapshot.openedAt ?? snapshot.updatedAt ?? 0),
    updatedAt: new Date(snapshot.updatedAt ?? 0),
    lastRevision: state.revision,
  });
}

/** One row per version, replaced whole after each of its events; only when it went live is kept from the row before. */
export class ProjectVersionProjection implements Projection {
  readonly name = PROJECT_VERSION;
  readonly handles = new Set(MISSION_EVENT_TYPES);
  readonly tables = [PROJECT_VERSION];

  async apply(event: ProjectedEvent, tx: EntityManager): Promise<void> {
    if (!isOpened(event.after) || !isVersion(event.after)) return;
    const stored = await tx.findOne(ProjectVersionEntity, {
      where: { missionId: event.missionId },
      select: { missionId: true, lastRevision: true, liveSince: true },
    });
    if (stored && stored.lastRevision >= event.revision) return;
    const liveSince = wentLive(event) ? new Date(event.metadata.occurredAt) : (stored?.liveSince ?? null);
    await tx.upsert(ProjectVersionEntity, versionRow(event, event.after, liveSince), { conflictPaths: ['missionId'] });
  }
}

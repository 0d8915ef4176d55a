import type { RollbackOutcome } from '../application/commands/rollback-project.command';
import type { VersionDiff } from '../application/projects/version-diffs';
import type { ProjectVersionEntity } from '../read/projects/project-version.entity';
import type { ProjectView } from '../read/projects/project-read-model';

function presentVersion(row: ProjectVersionEntity, live: ProjectVersionEntity | null) {
  return {
    version: row.version,
    mission_id: row.missionId,
    parent_mission_id: row.parentMissionId,
    parent_head_hash: row.parentHeadHash,
    status: row.status,
    live: live?.missionId === row.missionId,
    url: row.url,
    pr_url: row.prUrl,
    requested_by: row.owner,
    channel: row.channel,
    request: row.request,
    features: row.features,
    name: row.projectName,
    speech: row.speech,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

function liveSpeech(project: ProjectView): string {
  const name = project.name ?? 'This app';
  const count = `${project.versions.length} version${project.versions.length === 1 ? '' : 's'}`;
  return project.live ? `${name}: ${count}, version ${project.live.version} is live.` : `${name}: ${count}, none live yet.`;
}

export function presentProjectItem(project: ProjectView) {
  return {
    project_id: project.projectId,
    name: project.name,
    owner: project.owner,
    versions: project.versions.length,
    live_version: project.live?.version ?? null,
    url: project.live?.url ?? null,
    latest: { version: project.latest.version, status: project.latest.status, mission_id: project.latest.missionId },
    updated_at: project.latest.updatedAt.toISOString(),
  };
}

export function presentProjects(projects: ProjectView[]) {
  return { count: projects.length, projects: projects.map(presentProjectItem), speech: `${projects.length} projects on record.` };
}

export function presentProject(project: ProjectView) {
  return {
    ...presentProjectItem(project),
    versions: project.versions.map((row) => presentVersion(row, project.live)),
    speech: liveSpeech(project),
  };
}

export function presentRollback(outcome: RollbackOutcome, project: ProjectView) {
  return {
    ...presentProject(project),
    rolled_back_to: outcome.version,
    url: outcome.url,
    speech: `Version ${outcome.version} is live again at ${outcome.url}.`,
  };
}

export function presentDiff(diff: VersionDiff) {
  const changed = diff.files.filter((file) => file.change !== 'unchanged').length;
  const against = diff.base ? `version ${diff.base.version}` : 'nothing (the first version)';
  return {
    mission_id: diff.missionId,
    version: diff.version,
    base: diff.base ? { mission_id: diff.base.missionId, version: diff.base.version } : null,
    attempt: diff.attempt,
    files: diff.files.map(({ path, bytes, sha256, change }) => ({ path, bytes, sha256, change })),
    diff: diff.diff,
    speech: `Version ${diff.version} changes ${changed} file${changed === 1 ? '' : 's'} against ${against}.`,
  };
}

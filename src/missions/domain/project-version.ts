import type { ConversationTurn } from './conversation';
import { isConfirmation } from './intent/confirmation';
import type { BuildPlan, MissionEventMap, ProjectLink, VersionBase } from './mission-events';
import { InvalidTransitionError, MissionError, MissionRuleError } from './mission.errors';
import type { MissionStatus } from './mission-status';
import type { Mission } from './mission.state';

/**
 * Projects and versions. A project is the app a series of missions builds: its first mission creates it
 * (the project's id is that mission's id), and each later mission on it is a new version, opened with a
 * `ProjectLink` to the version it changes.
 */

/** A mission that ended with its app built (and deployed or published, as asked). */
export const SHIPPED_STATUSES: ReadonlySet<MissionStatus> = new Set(['DEPLOYED', 'PR_OPENED', 'SUCCESS']);

export function projectIdOf(mission: Pick<Mission, 'id' | 'project'>): string {
  return mission.project?.projectId ?? mission.id;
}

export function versionOf(mission: Pick<Mission, 'project'>): number {
  return mission.project?.version ?? 1;
}

/** The project, or the version asked for, does not exist for this caller. */
export class ProjectNotFoundError extends MissionError {
  readonly code = 'PROJECT_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly projectId: string) {
    super(`Project ${projectId} not found`, 'I could not find that project.');
  }
}

export class VersionNotFoundError extends MissionError {
  readonly code = 'VERSION_NOT_FOUND';
  readonly kind = 'rule';
  constructor(projectId: string, version: number, latest: number) {
    super(
      `Project ${projectId} has no version ${version}; its versions are 1 to ${latest}`,
      `There is no version ${version}: this app has versions 1 to ${latest}.`,
    );
  }
}

/** What the new version is built on: the parent's passing files (by hash), its plan, and where it published them. */
function baseOf(parent: Mission): VersionBase {
  const { blueprint, shipping } = parent.pipeline;
  const plan = parent.approvedPlan;
  if (!SHIPPED_STATUSES.has(parent.status) || !blueprint || !plan) {
    throw new MissionRuleError(
      `Mission ${parent.id} is ${parent.status}: only a shipped version can be changed`,
      'That version has not shipped yet, so there is nothing to change. Wait for it to finish, or retry it.',
    );
  }
  const { buildPrompt, features, stack, designTarget } = plan;
  const { publication, branch } = shipping;
  return {
    missionId: parent.id,
    attempt: blueprint.attempt,
    manifest: { ...blueprint.manifest },
    files: blueprint.files.map((file) => ({ ...file })),
    plan: { buildPrompt, features: [...features], stack, designTarget },
    publication: publication && branch ? { repository: publication.repository, branch: branch.branch, commitSha: branch.commitSha } : null,
  };
}

/** The link a new version records on its first event: the project, its number, and the parent's Black Box head. */
export function versionLink(parent: Mission, parentHead: { revision: number; hash: string }, projectId: string, version: number): ProjectLink {
  return {
    projectId,
    version,
    parentMissionId: parent.id,
    parentVersion: versionOf(parent),
    parentRevision: parentHead.revision,
    parentHeadHash: parentHead.hash,
    slug: parent.project?.slug ?? parent.pipeline.shipping.deployment?.slug ?? null,
    base: baseOf(parent),
  };
}

/** What the user asked of this mission, in their words: every message but the confirmations. */
export function requestOf(mission: Pick<Mission, 'conversation'>): string {
  return mission.conversation
    .filter((turn) => turn.role === 'user' && !isConfirmation(turn.content))
    .map((turn) => turn.content)
    .join('\n');
}

/** A version's build prompt is the app's whole story: the parent's prompt, then the change. */
export function buildPromptOf(mission: Pick<Mission, 'conversation' | 'project'>): string {
  const request = requestOf(mission);
  return mission.project ? `${mission.project.base.plan.buildPrompt}\n${request}` : request;
}

/**
 * What the consultant reads: for a version, the app as it was asked for comes first and its plan is the one
 * the change revises, so "add a search box" is a delta on the shipped plan rather than a new app.
 */
export function consultantInputOf(mission: Pick<Mission, 'conversation' | 'project' | 'proposedPlan'>): {
  conversation: ConversationTurn[];
  currentPlan: BuildPlan | null;
} {
  const base = mission.project?.base;
  if (!base) return { conversation: mission.conversation, currentPlan: mission.proposedPlan };
  const { features, stack, designTarget } = base.plan;
  return {
    conversation: [{ role: 'user', content: base.plan.buildPrompt }, ...mission.conversation],
    currentPlan: mission.proposedPlan ?? { features, stack, designTarget },
  };
}

/** The deployment a rollback puts live again; a version that never went live cannot be restored. */
export function restorableDeployment(mission: Mission, version: number): MissionEventMap['DeploymentRequested'] {
  const deployment = mission.pipeline.shipping.deployment;
  if (!SHIPPED_STATUSES.has(mission.status) || !deployment || mission.url === null) {
    throw new InvalidTransitionError(
      `Version ${version} (mission ${mission.id}) is ${mission.status} and was never deployed: it cannot be made live`,
      `Version ${version} was never deployed, so I cannot put it live. Pick a version that went live.`,
    );
  }
  return deployment;
}

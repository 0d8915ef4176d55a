import { Injectable } from '@nestjs/common';
import { designImageFile } from '../design-image/design-image-file';
import { EvidenceStore } from '../../infrastructure/evidence-store';
import type { MissionEventMap } from '../../domain/mission-events';
import type { Mission } from '../../domain/mission.state';
import { BlueprintEvidence } from './blueprint-evidence';
import { digestOf } from '../../domain/failure-packet';

/** Shipping something that did not pass, or other files than the ones that passed: never done. */
export class ShippingRefusedError extends Error {
  readonly code = 'SHIPPING_REFUSED';
}

export interface PassingAttempt {
  attempt: number;
  blueprint: MissionEventMap['BlueprintDrafted'];
  build: MissionEventMap['BuildAttemptFinished'];
  /** The digest of the attempt's file hashes: what deploy and publish ask for and check. */
  digest: string;
}

/** The green-only rule, from the state alone: the current attempt drafted, allowed by policy, and built green. */
export function passingAttempt(state: Mission): PassingAttempt {
  const { attempt, blueprint, verdict, build } = state.pipeline;
  if (!build || build.attempt !== attempt || !build.passed || build.abandoned)
    throw new ShippingRefusedError(`attempt ${attempt} has no passing build: nothing is shipped`);
  if (!verdict || verdict.attempt !== attempt || !verdict.allowed)
    throw new ShippingRefusedError(`attempt ${attempt} was not allowed by the policy gate: nothing is shipped`);
  if (!blueprint || blueprint.attempt !== attempt) throw new ShippingRefusedError(`attempt ${attempt} has no drafted files: nothing is shipped`);
  return { attempt, blueprint, build, digest: digestOf(blueprint.files) };
}

/** A project name as a URL and branch segment: lower-case letters, digits and dashes. */
export function projectSlug(projectName: string): string {
  const slug = projectName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'app';
}

/**
 * The repository a project is published to: its owner's name, a dot, the project's slug (`alice.recipe-book`),
 * so two users' projects of the same name never share one. A user name never holds a dot and a slug never
 * does, so the pair is unambiguous; GitHub and git both accept the name as it is. Chosen when publishing
 * is requested and recorded in PublishRequested: missions recorded before keep the name they were given.
 */
export function repositoryName(owner: string, projectName: string): string {
  const ownerPart =
    owner
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 64) || 'anonymous';
  return `${ownerPart}.${projectSlug(projectName)}`;
}

/** One mission, one app: the mission's first 8 id characters keep two projects of the same name apart. */
export function appSlug(missionId: string, projectName: string): string {
  return `${projectSlug(projectName)}-${missionId.slice(0, 8)}`;
}

export function branchName(missionId: string, projectName: string): string {
  return `gantry/${appSlug(missionId, projectName)}`;
}

/** Where a mission's app is served: a new version goes live under its project's one name, at the same URL. */
export function deploySlug(mission: Pick<Mission, 'id' | 'project'>, projectName: string): string {
  return mission.project?.slug ?? appSlug(mission.id, projectName);
}

/** A first version's branch, or a version's own branch stacked on its parent's: `gantry/<slug>-v<n>`. */
export function versionBranchName(mission: Pick<Mission, 'id' | 'project'>, projectName: string): string {
  const link = mission.project;
  return link ? `gantry/${deploySlug(mission, projectName)}-v${link.version}` : branchName(mission.id, projectName);
}

export interface ReleaseFile {
  path: string;
  content: Buffer;
}

export interface GreenRelease extends PassingAttempt {
  missionId: string;
  projectName: string;
  files: ReleaseFile[];
  /** The design image, if any, as `public/design-reference.<ext>`: deployed with the app, not part of the tested files. */
  assets: ReleaseFile[];
}

/** The files of the attempt that passed, read back from the evidence pack by their recorded hashes. */
@Injectable()
export class GreenReleases {
  constructor(
    private readonly blueprints: BlueprintEvidence,
    private readonly evidence: EvidenceStore,
  ) {}

  /** Refuses unless the state is green and its files are exactly the ones the request named by digest. */
  async load(mission: Mission, requestedDigest: string): Promise<GreenRelease> {
    const passing = passingAttempt(mission);
    if (passing.digest !== requestedDigest)
      throw new ShippingRefusedError(`the requested files (${requestedDigest.slice(0, 12)}) are not the ones that passed (${passing.digest.slice(0, 12)})`);
    const manifest = await this.blueprints.load(mission.id, passing.blueprint);
    const files = manifest.files.map((file) => ({ path: file.path, content: Buffer.from(file.content, 'utf8') }));
    const assets = await designImageFile(this.evidence, mission);
    return { ...passing, missionId: mission.id, projectName: manifest.projectName, files, assets };
  }
}

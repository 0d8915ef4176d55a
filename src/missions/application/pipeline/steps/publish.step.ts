import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../../ports/event-store.port';
import { gantryTrailers, PUBLISHER, PublishError, type Publisher, type PublishRequest } from '../../../ports/publisher.port';
import { EvidenceStore, sha256 } from '../../../infrastructure/evidence-store';
import { missionStream, type MissionEvent, type MissionEventMap } from '../../../domain/mission-events';
import type { Mission } from '../../../domain/mission.state';
import { GreenReleases, passingAttempt, repositoryName, ShippingRefusedError, versionBranchName } from '../green-release';
import type { PipelineStepRunner } from '../pipeline-step.port';
import { ShippingChainCheck } from '../../audit/shipping-chain-check';
import { loggedRange } from '../../audit/logged-range';
import { TRANSPARENCY_LOG, type TransparencyLog } from '../../../ports/transparency-log.port';
import { commitMessage, pullRequestDescription, pullRequestTitle } from '../pull-request-description';
import { VersionDiffs } from '../../projects/version-diffs';

/** How long the pull request's description waits for a signed checkpoint over the mission's logged events. */
const LOG_WAIT_MS = 3000;

/**
 * Commits the passing attempt's files on a new branch, then opens a pull request for review: two side
 * effects, each recorded as soon as it is done (BranchCreated, PullRequestOpened), each found again
 * rather than repeated when a restart runs the step anew. Nothing is sent unless the mission's chain verifies.
 */
@Injectable()
export class PublishStep implements PipelineStepRunner {
  readonly step = 'publish' as const;

  constructor(
    @Inject(PUBLISHER) private readonly publisher: Publisher,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly releases: GreenReleases,
    private readonly evidence: EvidenceStore,
    private readonly chain: ShippingChainCheck,
    @Inject(TRANSPARENCY_LOG) private readonly log: TransparencyLog,
    private readonly diffs: VersionDiffs,
  ) {}

  async starting(mission: Mission, attempt: number): Promise<MissionEvent[]> {
    const { digest, blueprint } = passingAttempt(mission);
    const { projectName } = blueprint.manifest;
    const data = {
      attempt,
      provider: this.publisher.provider,
      repository: mission.project?.base.publication?.repository ?? repositoryName(mission.owner, projectName),
      branch: versionBranchName(mission, projectName),
      manifestDigest: digest,
    };
    return [{ type: 'PublishRequested', data }];
  }

  async run(mission: Mission, attempt: number): Promise<MissionEvent[]> {
    const { publication, branch } = mission.pipeline.shipping;
    if (!publication) throw new ShippingRefusedError('no publication was requested for this attempt');
    const refusal = await this.chain.refusal(mission.id, this.step);
    if (refusal) return [refusal];
    try {
      if (!branch) return [await this.commit(mission, publication)];
      return [await this.openPullRequest(mission, branch)];
    } catch (error) {
      if (!(error instanceof PublishError)) throw error;
      const failed = { attempt, provider: this.publisher.provider, error: error.message };
      return [{ type: 'PublishFailed', data: { ...failed, recordSha256: await this.record(mission.id, failed) } }];
    }
  }

  private async commit(mission: Mission, publication: MissionEventMap['PublishRequested']): Promise<MissionEvent> {
    const release = await this.releases.load(mission, publication.manifestDigest);
    const { repository, branch, manifestDigest: digest } = publication;
    const message = commitMessage(mission, release, gantryTrailers(mission.id, digest));
    const parent = this.parentOf(mission, release.files);
    const published = await this.publisher.ensureBranch({
      missionId: mission.id,
      repository,
      branch,
      digest,
      commitMessage: message,
      files: release.files,
      parent,
    });
    return { type: 'BranchCreated', data: { attempt: publication.attempt, provider: this.publisher.provider, ...published } };
  }

  /** A version stacks on its parent's published commit; what the parent had and this version lacks is removed. */
  private parentOf(mission: Mission, files: Array<{ path: string }>): PublishRequest['parent'] {
    const base = mission.project?.base;
    if (!base?.publication) return null;
    const kept = new Set(files.map((file) => file.path));
    const removed = base.files.map((file) => file.path).filter((path) => !kept.has(path));
    return { branch: base.publication.branch, commitSha: base.publication.commitSha, removed };
  }

  private async openPullRequest(mission: Mission, branch: MissionEventMap['BranchCreated']): Promise<MissionEvent> {
    const passing = passingAttempt(mission);
    const stream = missionStream(mission.id);
    const changes = mission.project ? ((await this.diffs.of(mission))?.diff ?? null) : null;
    const logged = await loggedRange(this.log, stream, LOG_WAIT_MS);
    const body = pullRequestDescription(mission, passing, await this.store.streamHead(stream), logged, changes);
    const opened = await this.publisher.ensurePullRequest(branch, { title: pullRequestTitle(passing), body }, mission.id);
    const data = {
      attempt: branch.attempt,
      provider: this.publisher.provider,
      url: opened.url,
      branch: branch.branch,
      number: opened.number,
      commitSha: branch.commitSha,
      descriptionSha256: sha256(body),
      reused: opened.reused,
    };
    await this.evidence.write(mission.id, 'pull-request.md', body);
    const recordSha256 = await this.record(mission.id, {
      ...data,
      repository: branch.repository,
      baseBranch: branch.baseBranch,
      title: pullRequestTitle(passing),
    });
    return { type: 'PullRequestOpened', data: { ...data, recordSha256 } };
  }

  /** Writes `pull-request.json`; its hash goes into the event, so the audit bundle covers the record too. */
  private async record(missionId: string, record: object): Promise<string> {
    const text = JSON.stringify(record, null, 2);
    await this.evidence.write(missionId, 'pull-request.json', text);
    return sha256(text);
  }
}

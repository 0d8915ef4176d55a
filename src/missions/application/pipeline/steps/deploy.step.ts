import { Inject, Injectable } from '@nestjs/common';
import { DEPLOYER, DeploymentError, type Deployer } from '../../../ports/deployer.port';
import { EvidenceStore, sha256 } from '../../../infrastructure/evidence-store';
import type { MissionEvent } from '../../../domain/mission-events';
import type { Mission } from '../../../domain/mission.state';
import { deploySlug, GreenReleases, passingAttempt, ShippingRefusedError } from '../green-release';
import type { PipelineStepRunner } from '../pipeline-step.port';
import { ShippingChainCheck } from '../../audit/shipping-chain-check';

/**
 * Puts the passing attempt live, once the mission's chain verifies. The request is recorded before anything
 * is sent, so a restart finds what it made.
 */
@Injectable()
export class DeployStep implements PipelineStepRunner {
  readonly step = 'deploy' as const;

  constructor(
    @Inject(DEPLOYER) private readonly deployer: Deployer,
    private readonly releases: GreenReleases,
    private readonly evidence: EvidenceStore,
    private readonly chain: ShippingChainCheck,
  ) {}

  async starting(mission: Mission, attempt: number): Promise<MissionEvent[]> {
    const { digest, blueprint } = passingAttempt(mission);
    const slug = deploySlug(mission, blueprint.manifest.projectName);
    const key = `${mission.id}.${mission.run}.${attempt}`;
    return [{ type: 'DeploymentRequested', data: { attempt, provider: this.deployer.provider, slug, key, manifestDigest: digest } }];
  }

  async run(mission: Mission, attempt: number): Promise<MissionEvent[]> {
    const requested = mission.pipeline.shipping.deployment;
    if (!requested) throw new ShippingRefusedError('no deployment was requested for this attempt');
    const refusal = await this.chain.refusal(mission.id, this.step);
    if (refusal) return [refusal];
    const release = await this.releases.load(mission, requested.manifestDigest);
    const provider = this.deployer.provider;
    try {
      const files = [...release.files, ...release.assets];
      const deployment = await this.deployer.deploy({
        missionId: mission.id,
        slug: requested.slug,
        key: requested.key,
        digest: requested.manifestDigest,
        files,
      });
      const succeeded = { attempt, provider, url: deployment.url, deploymentId: deployment.deploymentId, reused: deployment.reused };
      const recordSha256 = await this.record(mission.id, { ...succeeded, slug: requested.slug, manifestDigest: requested.manifestDigest });
      return [{ type: 'DeploymentSucceeded', data: { ...succeeded, recordSha256 } }];
    } catch (error) {
      if (!(error instanceof DeploymentError)) throw error;
      const recordSha256 = await this.record(mission.id, { attempt, provider, error: error.message });
      return [{ type: 'DeploymentFailed', data: { attempt, provider, error: error.message, recordSha256 } }];
    }
  }

  /** Writes `deployment.json`; its hash goes into the event, so the audit bundle covers the record too. */
  private async record(missionId: string, record: object): Promise<string> {
    const text = JSON.stringify(record, null, 2);
    await this.evidence.write(missionId, 'deployment.json', text);
    return sha256(text);
  }
}

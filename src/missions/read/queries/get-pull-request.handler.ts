import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { errorMessage } from '../../../kernel/error-message';
import { redactSecrets } from '../../../kernel/redact';
import { EvidenceStore } from '../../infrastructure/evidence-store';
import { MissionRepository } from '../../infrastructure/mission.repository';
import { PUBLISHER, type Publisher } from '../../ports/publisher.port';
import { MissionReadModel } from '../mission-read-model';
import { GetPullRequestQuery, PullRequestNotFoundError, type MissionPullRequest } from './get-pull-request.query';
import { visibleSummary } from './visible-summary';

/** Reads the mission's own stream: the branch and pull request it recorded are not in the read models. */
@QueryHandler(GetPullRequestQuery)
export class GetPullRequestHandler implements IQueryHandler<GetPullRequestQuery, MissionPullRequest> {
  constructor(
    @Inject(MissionReadModel) private readonly readModel: MissionReadModel,
    private readonly missions: MissionRepository,
    private readonly evidence: EvidenceStore,
    @Inject(PUBLISHER) private readonly publisher: Publisher,
  ) {}

  async execute({ missionId, viewer }: GetPullRequestQuery): Promise<MissionPullRequest> {
    await visibleSummary(this.readModel, missionId, viewer);
    const mission = await this.missions.load(missionId);
    const { pullRequest, branch } = mission.exists ? mission.pipeline.shipping : { pullRequest: null, branch: null };
    if (!pullRequest || !branch) throw new PullRequestNotFoundError(missionId);
    const description = (await this.evidence.readVerified(missionId, 'pull-request.md', pullRequest.descriptionSha256)).toString('utf8');
    const diff = await this.publisher.diff(branch, pullRequest.number).then(
      (text) => ({ text }),
      (error: unknown) => ({ error: redactSecrets(errorMessage(error)) }),
    );
    return { pullRequest, branch, description, diff };
  }
}

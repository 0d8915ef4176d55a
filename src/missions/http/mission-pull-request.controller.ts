import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { redactSecrets } from '../../kernel/redact';
import { CurrentCaller, mayRead, type AuthenticatedCaller } from '../../auth/door/caller';
import { MissionIdPipe } from '../../http/mission-id.pipe';
import { PUBLISHER, type Publisher } from '../ports/publisher.port';
import { EvidenceStore } from '../infrastructure/evidence-store';
import { MissionError, MissionNotFoundError } from '../domain/mission.errors';
import { MissionRepository } from '../infrastructure/mission.repository';

export class PullRequestNotFoundError extends MissionError {
  readonly code = 'PULL_REQUEST_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(missionId: string) {
    super(`Mission ${missionId} has no pull request`, 'This mission has no pull request yet.');
  }
}

@ApiTags('missions')
@Controller('gantry/missions')
export class MissionPullRequestController {
  constructor(
    private readonly missions: MissionRepository,
    private readonly evidence: EvidenceStore,
    @Inject(PUBLISHER) private readonly publisher: Publisher,
  ) {}

  @Get(':id/pr')
  @ApiOperation({ summary: 'The mission\'s pull request: its description (checked against the Black Box) and its diff' })
  async pullRequest(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    const mission = await this.missions.load(id);
    // Another user's mission is not found, as on every other mission route.
    if (!mission.exists || !mayRead(caller, mission.owner)) throw new MissionNotFoundError(id);
    const { pullRequest, branch } = mission.pipeline.shipping;
    if (!pullRequest || !branch) throw new PullRequestNotFoundError(id);
    const description = (await this.evidence.readVerified(id, 'pull-request.md', pullRequest.descriptionSha256)).toString('utf8');
    const diff = await this.publisher.diff(branch, pullRequest.number).catch((error: Error) => ({ error: redactSecrets(error.message) }));
    return {
      mission_id: id,
      provider: pullRequest.provider,
      number: pullRequest.number,
      url: pullRequest.url,
      repository: branch.repository,
      branch: branch.branch,
      base_branch: branch.baseBranch,
      commit_sha: branch.commitSha,
      description,
      diff: typeof diff === 'string' ? diff : null,
      diff_error: typeof diff === 'string' ? null : diff.error,
      speech: `Pull request ${pullRequest.number} on branch ${branch.branch}, waiting for review.`,
    };
  }
}

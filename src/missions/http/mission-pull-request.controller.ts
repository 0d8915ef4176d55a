import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/door/caller';
import { MissionIdPipe } from '../../http/mission-id.pipe';
import { GetPullRequestQuery } from '../read/queries/get-pull-request.query';
import { presentPullRequest } from './mission.presenter';

@ApiTags('missions')
@Controller('gantry/missions')
export class MissionPullRequestController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/pr')
  @ApiOperation({ summary: "The mission's pull request: its description (checked against the Black Box) and its diff" })
  async pullRequest(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    return presentPullRequest(id, await this.queries.execute(new GetPullRequestQuery(id, caller)));
  }
}

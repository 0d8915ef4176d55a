import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MissionIdPipe } from '../../http/mission-id.pipe';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/door/caller';
import { ClearMissionsCommand, type ClearOutcome } from '../application/commands/clear-missions.command';
import { RetryMissionCommand } from '../application/commands/retry-mission.command';
import { StartDirectBuildCommand } from '../application/commands/start-direct-build.command';
import type { DirectBuildOutcome } from '../application/commands/start-direct-build.handler';
import { ArchitectDto, RetryDto } from './mission.dto';
import { AwaitReadModelsQuery } from '../read/queries/await-read-models.query';
import { GetMissionStatusQuery } from '../read/queries/get-mission-status.query';
import { presentClear, presentFailure } from './mission.presenter';

@ApiTags('builds')
@Controller('gantry')
export class BuildsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('architect')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'A direct build from one prompt, no consultation' })
  async architect(@CurrentCaller() caller: AuthenticatedCaller, @Body() body: ArchitectDto) {
    const command = new StartDirectBuildCommand(caller.name, body.voice_memo, 'api', body.deploy ?? true, body.publish ?? true);
    const { missionId, revision } = await this.commands.execute<StartDirectBuildCommand, DirectBuildOutcome>(command);
    await this.queries.execute(new AwaitReadModelsQuery({ missionId, revision }));
    return { status: 'queued', mission_id: missionId, speech: 'Copy. Gantry assumes control.' };
  }

  @Post('missions/clear')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Archive the caller's missions (events are kept; read models hide them)" })
  async clear(@CurrentCaller() caller: AuthenticatedCaller) {
    const outcome = await this.commands.execute<ClearMissionsCommand, ClearOutcome>(new ClearMissionsCommand(caller.name));
    await this.queries.execute(new AwaitReadModelsQuery(...outcome.archived));
    return presentClear(outcome);
  }

  @Post('missions/:id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Build a failed, blocked or timed-out mission again from its approved plan' })
  async retry(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string, @Body() body: RetryDto) {
    const { revision } = await this.commands.execute<RetryMissionCommand, { revision: number }>(new RetryMissionCommand(caller.name, id, body ?? {}));
    await this.queries.execute(new AwaitReadModelsQuery({ missionId: id, revision }));
    return { status: 'READY_TO_BUILD', mission_id: id, speech: 'Retrying build. Watch the projects panel for progress.' };
  }

  @Get('missions/:id/failure')
  @ApiOperation({ summary: 'Why a mission failed, if it did' })
  async failure(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    return presentFailure(id, await this.queries.execute(new GetMissionStatusQuery(id, caller)));
  }
}

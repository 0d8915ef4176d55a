import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MissionIdPipe } from '../../http/mission-id.pipe';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/door/caller';
import { ClearMissionsCommand, type ClearOutcome } from '../application/commands/clear-missions.command';
import { RetryMissionCommand } from '../application/commands/retry-mission.command';
import { StartDirectBuildCommand } from '../application/commands/start-direct-build.command';
import type { DirectBuildOutcome } from '../application/commands/start-direct-build.handler';
import { ArchitectDto, RetryDto } from './mission.dto';
import { MissionViews } from './mission-views';

@ApiTags('builds')
@Controller('gantry')
export class BuildsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: MissionViews,
  ) {}

  @Post('architect')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'A direct build from one prompt, no consultation' })
  async architect(@CurrentCaller() caller: AuthenticatedCaller, @Body() body: ArchitectDto) {
    const command = new StartDirectBuildCommand(caller.name, body.voice_memo, 'api', body.deploy ?? true, body.publish ?? true);
    const { missionId, revision } = await this.commands.execute<StartDirectBuildCommand, DirectBuildOutcome>(command);
    await this.views.settle(missionId, revision);
    return { status: 'queued', mission_id: missionId, speech: 'Copy. Gantry assumes control.' };
  }

  @Post('missions/clear')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Archive the caller\'s missions (events are kept; read models hide them)' })
  async clear(@CurrentCaller() caller: AuthenticatedCaller) {
    const outcome = await this.commands.execute<ClearMissionsCommand, ClearOutcome>(new ClearMissionsCommand(caller.name));
    return this.views.clearAnswer(outcome);
  }

  @Post('missions/:id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Build a failed, blocked or timed-out mission again from its approved plan' })
  async retry(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string, @Body() body: RetryDto) {
    const { revision } = await this.commands.execute<RetryMissionCommand, { revision: number }>(new RetryMissionCommand(caller.name, id, body ?? {}));
    await this.views.settle(id, revision);
    return { status: 'READY_TO_BUILD', mission_id: id, speech: 'Retrying build. Watch the projects panel for progress.' };
  }

  @Get('missions/:id/failure')
  @ApiOperation({ summary: 'Why a mission failed, if it did' })
  failure(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    return this.views.failure(id, caller);
  }
}

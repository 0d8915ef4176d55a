import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/door/caller';
import { MissionIdPipe } from '../../http/mission-id.pipe';
import { RollbackProjectCommand, type RollbackOutcome } from '../application/commands/rollback-project.command';
import { GetMissionDiffQuery } from '../application/queries/get-mission-diff.query';
import { AwaitReadModelsQuery } from '../read/queries/await-read-models.query';
import { GetProjectQuery } from '../read/queries/get-project.query';
import { ListProjectsQuery } from '../read/queries/list-projects.query';
import { RollbackDto } from './mission.dto';
import { presentDiff, presentProject, presentProjects, presentRollback } from './project.presenter';

/** Projects (the app a series of missions builds), their versions, rollback, and each version's diff. */
@ApiTags('projects')
@Controller('gantry')
export class ProjectsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('projects')
  @ApiOperation({ summary: "The caller's projects (the admin: everyone's), newest first" })
  async list(@CurrentCaller() caller: AuthenticatedCaller) {
    return presentProjects(await this.queries.execute(new ListProjectsQuery(caller)));
  }

  @Get('projects/:id')
  @ApiOperation({ summary: 'A project: its versions with status, live URL, pull request and who asked for what' })
  async project(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    return presentProject(await this.queries.execute(new GetProjectQuery(id, caller)));
  }

  @Post('projects/:id/rollback')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Make an earlier version live again (recorded as VersionRestored on that version)' })
  async rollback(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string, @Body() body: RollbackDto) {
    const outcome = await this.commands.execute<RollbackProjectCommand, RollbackOutcome>(new RollbackProjectCommand(caller, id, body.version));
    await this.queries.execute(new AwaitReadModelsQuery({ missionId: outcome.missionId, revision: outcome.revision }));
    return presentRollback(outcome, await this.queries.execute(new GetProjectQuery(id, caller)));
  }

  @Get('missions/:id/diff')
  @ApiOperation({ summary: "The unified diff of the mission's files against the version it changed (a first version: against nothing)" })
  async diff(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    return presentDiff(await this.queries.execute(new GetMissionDiffQuery(id, caller)));
  }
}

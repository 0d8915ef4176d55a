import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/door/caller';
import { MissionIdPipe } from '../../http/mission-id.pipe';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetLatestMissionQuery } from '../read/queries/get-latest-mission.query';
import { GetMissionStatusQuery } from '../read/queries/get-mission-status.query';
import { GetMissionTimelineQuery } from '../read/queries/get-mission-timeline.query';
import { ListMissionsQuery } from '../read/queries/list-missions.query';
import { SearchMissionsQuery } from '../read/queries/search-missions.query';
import { ListQueryDto, SearchQueryDto } from './mission.dto';
import { presentLatest, presentPage, presentSearch, presentSummary, presentTimeline } from './mission.presenter';

const NO_STORE = 'no-store, no-cache, must-revalidate';

@ApiTags('missions')
@Controller('gantry')
export class MissionQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('status/:id')
  @Header('Cache-Control', NO_STORE)
  @ApiOperation({ summary: "A mission's status, live URL and pull request, from the read model" })
  async status(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    return presentSummary(await this.queries.execute(new GetMissionStatusQuery(id, caller)));
  }

  @Get('latest')
  @Header('Cache-Control', NO_STORE)
  @ApiOperation({ summary: "The caller's newest mission" })
  async latest(@CurrentCaller() caller: AuthenticatedCaller) {
    return presentLatest(await this.queries.execute(new GetLatestMissionQuery(caller)));
  }

  @Get('missions')
  @Header('Cache-Control', NO_STORE)
  @ApiOperation({ summary: "The caller's missions (the admin: everyone's), newest first, archived ones hidden" })
  async list(@CurrentCaller() caller: AuthenticatedCaller, @Query() query: ListQueryDto) {
    const [limit, offset] = [query.limit ?? 20, query.offset ?? 0];
    return presentPage(await this.queries.execute(new ListMissionsQuery(caller, limit, offset)), limit, offset);
  }

  @Get('search')
  @ApiOperation({ summary: 'Missions whose prompt matches the words given' })
  async search(@CurrentCaller() caller: AuthenticatedCaller, @Query() query: SearchQueryDto) {
    return presentSearch(query.q, await this.queries.execute(new SearchMissionsQuery(caller, query.q ?? '', query.limit ?? 5)));
  }

  @Get('missions/:id/timeline')
  @ApiOperation({ summary: 'Every event of a mission as a readable timeline with its hash' })
  async timeline(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    return presentTimeline(id, await this.queries.execute(new GetMissionTimelineQuery(id, caller)));
  }
}

import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/door/caller';
import { MissionIdPipe } from '../../http/mission-id.pipe';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListQueryDto, SearchQueryDto } from './mission.dto';
import { MissionViews } from './mission-views';

const NO_STORE = 'no-store, no-cache, must-revalidate';

@ApiTags('missions')
@Controller('gantry')
export class MissionQueriesController {
  constructor(private readonly views: MissionViews) {}

  @Get('status/:id')
  @Header('Cache-Control', NO_STORE)
  @ApiOperation({ summary: 'A mission\'s status, live URL and pull request, from the read model' })
  status(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    return this.views.status(id, caller);
  }

  @Get('latest')
  @Header('Cache-Control', NO_STORE)
  @ApiOperation({ summary: 'The caller\'s newest mission' })
  latest(@CurrentCaller() caller: AuthenticatedCaller) {
    return this.views.latest(caller);
  }

  @Get('missions')
  @Header('Cache-Control', NO_STORE)
  @ApiOperation({ summary: 'The caller\'s missions (the admin: everyone\'s), newest first, archived ones hidden' })
  list(@CurrentCaller() caller: AuthenticatedCaller, @Query() query: ListQueryDto) {
    return this.views.list(query.limit ?? 20, query.offset ?? 0, caller);
  }

  @Get('search')
  @ApiOperation({ summary: 'Missions whose prompt matches the words given' })
  search(@CurrentCaller() caller: AuthenticatedCaller, @Query() query: SearchQueryDto) {
    return this.views.search(query.q, query.limit ?? 5, caller);
  }

  @Get('missions/:id/timeline')
  @ApiOperation({ summary: 'Every event of a mission as a readable timeline with its hash' })
  async timeline(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    await this.views.status(id, caller);
    const entries = await this.views.timeline(id);
    return { mission_id: id, count: entries.length, timeline: entries, speech: `${entries.length} events on record.` };
  }
}

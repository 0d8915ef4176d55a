import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/door/caller';
import { MissionIdPipe } from '../../http/mission-id.pipe';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { GetMissionStatusQuery } from '../read/queries/get-mission-status.query';
import { MissionStreams } from './mission-streams';

/**
 * Server-sent events as a mission moves: `mission` (the summary) whenever it changes, `timeline` for
 * each new event, and `end` (with a `reason`: finished, idle, signed_out, shutdown) when the stream ends.
 */
@ApiTags('missions')
@Controller('gantry/missions')
export class MissionStreamController {
  constructor(
    private readonly queries: QueryBus,
    private readonly streams: MissionStreams,
  ) {}

  @Get(':id/stream')
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Live progress of a mission as server-sent events (429 past the per-user limit of open streams)' })
  async stream(
    @CurrentCaller() caller: AuthenticatedCaller,
    @Param('id', MissionIdPipe) id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    this.streams.admit(caller);
    await this.queries.execute(new GetMissionStatusQuery(id, caller)); // 404 before the stream opens
    await this.streams.serve(id, caller, request, response);
  }
}

import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/door/caller';
import { MissionIdPipe } from '../../http/mission-id.pipe';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { TERMINAL_STATUSES } from '../domain/mission-status';
import { GetMissionStatusQuery } from '../read/queries/get-mission-status.query';
import { GetMissionTimelineQuery } from '../read/queries/get-mission-timeline.query';
import { presentSummary, presentTimelineEntry } from './mission.presenter';

const POLL_MS = 300;
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events as a mission moves: `mission` (the summary) whenever it changes, `timeline` for
 * each new event, and `end` once the mission reaches a final status. Read from the read models.
 */
@ApiTags('missions')
@Controller('gantry/missions')
export class MissionStreamController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/stream')
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Live progress of a mission as server-sent events' })
  async stream(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string, @Res() response: Response): Promise<void> {
    await this.queries.execute(new GetMissionStatusQuery(id, caller)); // 404 before the stream opens
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    let lastRevision = -1;
    let closed = false;
    let busy = false;
    const send = (event: string, data: unknown) => response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const finish = () => {
      if (closed) return;
      closed = true;
      clearInterval(poll);
      clearInterval(heartbeat);
      response.end();
    };
    const refresh = async () => {
      if (busy || closed) return;
      busy = true;
      try {
        const summary = presentSummary(await this.queries.execute(new GetMissionStatusQuery(id, caller)));
        if (summary.revision > lastRevision) {
          const entries = await this.queries.execute(new GetMissionTimelineQuery(id, caller, lastRevision));
          entries.forEach((entry) => send('timeline', presentTimelineEntry(entry)));
          send('mission', summary);
          lastRevision = summary.revision;
        }
        if (TERMINAL_STATUSES.has(summary.status)) {
          send('end', { mission_id: id, status: summary.status, speech: summary.speech });
          finish();
        }
      } catch {
        finish();
      } finally {
        busy = false;
      }
    };
    const poll = setInterval(() => void refresh(), POLL_MS);
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    response.on('close', finish);
    await refresh();
  }
}

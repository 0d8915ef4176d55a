import { Controller, Get, Inject, Param } from '@nestjs/common';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/door/caller';
import { MissionIdPipe } from '../../http/mission-id.pipe';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { BlackBoxService } from '../application/audit/black-box.service';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port';
import { missionStream } from '../domain/mission-events';
import { MissionNotFoundError } from '../domain/mission.errors';
import { MissionViews } from './mission-views';

@ApiTags('audit')
@Controller('gantry/missions')
export class MissionAuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly blackBox: BlackBoxService,
    private readonly views: MissionViews,
  ) {}

  @Get(':id/events')
  @ApiOperation({ summary: 'The raw event stream with its hash chain, for auditors' })
  async events(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    await this.views.status(id, caller);
    const stream = missionStream(id);
    const [events, head] = await Promise.all([this.store.readStream(stream), this.store.streamHead(stream)]);
    if (events.length === 0) throw new MissionNotFoundError(id);
    return {
      mission_id: id,
      stream,
      head,
      events: events.map(({ revision, type, data, metadata, prevHash, hash, canonical }) => ({ revision, type, data, metadata, prevHash, hash, canonical })),
      speech: `${events.length} events, head hash ${head?.headHash.slice(0, 12) ?? 'missing'}.`,
    };
  }

  @Get(':id/audit')
  @ApiOperation({ summary: 'Recompute the mission\'s Black Box chain: {valid, events, headHash, firstInvalidRevision, reason}' })
  async audit(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    await this.views.status(id, caller);
    const result = await this.blackBox.verify(id);
    if (result.events === 0 && result.valid) throw new MissionNotFoundError(id);
    const speech = result.valid
      ? `The Black Box is intact: ${result.events} events verified.`
      : `The Black Box is broken at ${result.firstInvalidRevision === null ? 'the stream head' : `event ${result.firstInvalidRevision}`}: ${result.reason}.`;
    return { mission_id: id, ...result, speech };
  }
}

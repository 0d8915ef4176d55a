import { Controller, Get, Header, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/door/caller';
import { MissionIdPipe } from '../../http/mission-id.pipe';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { VerifyMissionChainQuery } from '../application/queries/verify-mission-chain.query';
import { ExportAuditBundleQuery } from '../application/queries/export-audit-bundle.query';
import { GetMissionEventsQuery } from '../read/queries/get-mission-events.query';
import { presentAudit, presentEvents } from './mission.presenter';

@ApiTags('audit')
@Controller('gantry/missions')
export class MissionAuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/events')
  @ApiOperation({ summary: 'The raw event stream with its hash chain, for auditors' })
  async events(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    return presentEvents(id, await this.queries.execute(new GetMissionEventsQuery(id, caller)));
  }

  @Get(':id/audit')
  @ApiOperation({ summary: "Recompute the mission's Black Box chain: {valid, events, headHash, firstInvalidRevision, reason}" })
  async audit(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    return presentAudit(id, await this.queries.execute(new VerifyMissionChainQuery(id, caller)));
  }

  @Get(':id/audit/bundle')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: "The mission's audit bundle: stored events, leaves and inclusion proofs against one signed checkpoint (see the README)" })
  async bundle(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string): Promise<string> {
    // The exact bytes: the offline verifier compares the file byte for byte with its exported form.
    return this.queries.execute(new ExportAuditBundleQuery(id, caller));
  }
}

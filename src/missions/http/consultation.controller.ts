import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MissionIdPipe } from '../../http/mission-id.pipe';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/door/caller';
import type { ConsultantReply } from '../ports/consultant.port';
import { AskConsultantQuery } from '../application/queries/ask-consultant.query';
import { ConsultCommand, type ConsultOutcome } from '../application/commands/consult.command';
import type { MissionChannel } from '../domain/mission-events';
import { ChatDto, ConsultDto } from './mission.dto';
import { MissionViews } from './mission-views';

@ApiTags('consultation')
@Controller('gantry')
export class ConsultationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly views: MissionViews,
  ) {}

  @Post('voice')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A consultation turn from a voice client: 200 while consulting, 202 when a build starts' })
  voice(@CurrentCaller() caller: AuthenticatedCaller, @Body() body: ConsultDto, @Res({ passthrough: true }) response: Response) {
    return this.turn('voice', caller.name, body, response);
  }

  @Post('consult')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A consultation turn: 200 while consulting, 202 when a build starts' })
  consult(@CurrentCaller() caller: AuthenticatedCaller, @Body() body: ConsultDto, @Res({ passthrough: true }) response: Response) {
    return this.turn('web', caller.name, body, response);
  }

  @Get('consultation/:id')
  @ApiOperation({ summary: 'The conversation, pending question and proposed plan of a consultation' })
  consultation(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    return this.views.consultation(id, caller);
  }

  @Post('chat')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Architectural questions and answers; never starts a build' })
  async chat(@Body() body: ChatDto) {
    const reply = await this.queries.execute<AskConsultantQuery, ConsultantReply>(new AskConsultantQuery(body.messages));
    return {
      response: reply.speech,
      ready_to_build: false,
      suggested_stack: reply.plan?.stack ?? null,
      key_features: reply.plan?.features ?? [],
      design_target: reply.plan?.designTarget ?? null,
      provider: reply.provider,
      speech: reply.speech,
    };
  }

  private async turn(channel: MissionChannel, caller: string, body: ConsultDto, response: Response) {
    const image = body.image_base64 !== undefined ? { base64: body.image_base64, fileName: body.image_filename ?? '' } : undefined;
    const command = new ConsultCommand(caller, body.message, channel, { missionId: body.mission_id?.toLowerCase(), deploy: body.deploy, publish: body.publish, image });
    const outcome = await this.commands.execute<ConsultCommand, ConsultOutcome>(command);
    if (outcome.kind === 'cleared') return this.views.clearAnswer(outcome);
    if (outcome.kind === 'build-started') response.status(HttpStatus.ACCEPTED);
    return this.views.turnAnswer(outcome.missionId, outcome.revision, outcome.kind === 'build-started');
  }
}

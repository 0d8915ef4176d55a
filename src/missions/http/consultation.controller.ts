import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res, ServiceUnavailableException } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MissionIdPipe } from '../../http/mission-id.pipe';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/door/caller';
import type { ConsultantReply } from '../ports/consultant.port';
import { AskConsultantQuery } from '../application/queries/ask-consultant.query';
import { ConsultCommand, type ConsultOutcome } from '../application/commands/consult.command';
import type { MissionChannel } from '../domain/mission-events';
import { ChangeDto, ChatDto, ConsultDto } from './mission.dto';
import { AwaitReadModelsQuery } from '../read/queries/await-read-models.query';
import { GetConsultationQuery } from '../read/queries/get-consultation.query';
import { presentChatReply, presentClear, presentConsultation, presentTurn } from './mission.presenter';

@ApiTags('consultation')
@Controller('gantry')
export class ConsultationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('voice')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A consultation turn from a voice client: 200 while consulting, 202 when a build starts' })
  voice(@CurrentCaller() caller: AuthenticatedCaller, @Body() body: ConsultDto, @Res({ passthrough: true }) response: Response) {
    return this.turn('voice', caller, body, response);
  }

  @Post('consult')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A consultation turn: 200 while consulting, 202 when a build starts' })
  consult(@CurrentCaller() caller: AuthenticatedCaller, @Body() body: ConsultDto, @Res({ passthrough: true }) response: Response) {
    return this.turn('web', caller, body, response);
  }

  @Post('projects/:id/changes')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Ask for a change to a shipped app: the consultant proposes it as a plan delta (200); confirming builds the next version (202)' })
  change(
    @CurrentCaller() caller: AuthenticatedCaller,
    @Param('id', MissionIdPipe) projectId: string,
    @Body() body: ChangeDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.turn('web', caller, { message: body.message, deploy: body.deploy, publish: body.publish, project_id: projectId }, response);
  }

  @Get('consultation/:id')
  @ApiOperation({ summary: 'The conversation, pending question and proposed plan of a consultation' })
  async consultation(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', MissionIdPipe) id: string) {
    return presentConsultation(await this.queries.execute(new GetConsultationQuery(id, caller)));
  }

  @Post('chat')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Architectural questions and answers; never starts a build' })
  async chat(@Body() body: ChatDto) {
    return presentChatReply(await this.queries.execute<AskConsultantQuery, ConsultantReply>(new AskConsultantQuery(body.messages)));
  }

  private async turn(channel: MissionChannel, caller: AuthenticatedCaller, body: ConsultDto, response: Response) {
    const image = body.image_base64 !== undefined ? { base64: body.image_base64, fileName: body.image_filename ?? '' } : undefined;
    const command = new ConsultCommand(caller.name, body.message, channel, {
      missionId: body.mission_id?.toLowerCase(),
      projectId: body.project_id?.toLowerCase(),
      deploy: body.deploy,
      publish: body.publish,
      image,
    });
    const outcome = await this.commands.execute<ConsultCommand, ConsultOutcome>(command);
    if (outcome.kind === 'cleared') {
      await this.queries.execute(new AwaitReadModelsQuery(...outcome.archived));
      return presentClear(outcome);
    }
    if (outcome.kind === 'build-started') response.status(HttpStatus.ACCEPTED);
    return this.turnAnswer(outcome, caller);
  }

  /** The consultation once the read models show the turn just recorded. */
  private async turnAnswer({ kind, missionId, revision }: Exclude<ConsultOutcome, { kind: 'cleared' }>, caller: AuthenticatedCaller) {
    if (!(await this.queries.execute(new AwaitReadModelsQuery({ missionId, revision })))) {
      throw new ServiceUnavailableException(
        `Your message to mission ${missionId} was recorded, but the read models are behind; read it again with GET /gantry/consultation/${missionId}`,
      );
    }
    return presentTurn(await this.queries.execute(new GetConsultationQuery(missionId, caller)), kind === 'build-started');
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { MessageRefusedError } from '../../domain/message-refused.error';
import { CONSULTANT, type Consultant, type ConsultantReply } from '../../ports/consultant.port';
import { MESSAGE_SCREEN, type MessageScreen } from '../../ports/message-screen.port';
import { AskConsultantQuery } from './ask-consultant.query';
import { boundedConversation } from '../../domain/conversation';

@QueryHandler(AskConsultantQuery)
export class AskConsultantHandler implements IQueryHandler<AskConsultantQuery, ConsultantReply> {
  constructor(
    @Inject(CONSULTANT) private readonly consultant: Consultant,
    @Inject(MESSAGE_SCREEN) private readonly guardrails: MessageScreen,
  ) {}

  async execute(query: AskConsultantQuery): Promise<ConsultantReply> {
    const question = query.conversation.filter((turn) => turn.role === 'user').at(-1)?.content ?? '';
    const verdict = this.guardrails.screen(question, 'follow-up');
    if (!verdict.allowed) throw new MessageRefusedError(verdict);
    return this.consultant.reply({ conversation: boundedConversation(query.conversation), currentPlan: null });
  }
}

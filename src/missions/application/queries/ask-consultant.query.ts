import type { ConversationTurn } from '../../domain/conversation';

/** A question about an app, outside any mission: the consultant answers, nothing is recorded, nothing is built. */
export class AskConsultantQuery {
  constructor(readonly conversation: ConversationTurn[]) {}
}

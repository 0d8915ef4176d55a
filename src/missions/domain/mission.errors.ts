import { DomainError } from '../../kernel/domain-error';
import { CONSULTATION_LIMITS } from './conversation';

/** The mission's own errors: not found, a conflict with its state, or a broken rule. */
export abstract class MissionError extends DomainError {
  abstract override readonly kind: 'not_found' | 'conflict' | 'rule';
}

export class MissionNotFoundError extends MissionError {
  readonly code = 'MISSION_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly missionId: string) {
    super(`Mission ${missionId} not found`, 'I could not find that mission.');
  }
}

/** The mission is not in a state where this can happen (confirming a build that is running, retrying a success). */
export class InvalidTransitionError extends MissionError {
  readonly code = 'INVALID_TRANSITION';
  readonly kind = 'conflict';
}

/** The request breaks a rule of the domain (nothing to confirm, a bad image). */
export class MissionRuleError extends MissionError {
  readonly code = 'MISSION_RULE';
  readonly kind = 'rule';
}

/** The consultation holds as many messages as one may (CONSULTATION_LIMITS): 422, with what to do instead. */
export class ConsultationFullError extends MissionError {
  readonly code = 'CONSULTATION_FULL';
  readonly kind = 'rule';
  constructor(missionId: string, hasPlan: boolean) {
    super(
      `Mission ${missionId} holds as many messages as a consultation may (${CONSULTATION_LIMITS.messages} messages, ${CONSULTATION_LIMITS.characters} characters): ${hasPlan ? 'confirm the proposed plan or start a new mission' : 'start a new mission with the whole description'}`,
      hasPlan
        ? 'This conversation is full. Say "yes, build it" to build the plan, or start a new mission.'
        : 'This conversation is full. Start a new mission and describe the whole app in one message.',
    );
  }
}

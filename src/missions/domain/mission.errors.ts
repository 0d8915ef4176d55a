import { DomainError } from '../../kernel/domain-error';

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

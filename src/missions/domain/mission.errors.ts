/** Domain errors carry their HTTP meaning as a kind; the one exception filter maps kinds to statuses. */
export abstract class MissionError extends Error {
  abstract readonly code: string;
  abstract readonly kind: 'not_found' | 'conflict' | 'rule';
  constructor(
    message: string,
    readonly speech: string = message,
  ) {
    super(message);
    this.name = new.target.name;
  }
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

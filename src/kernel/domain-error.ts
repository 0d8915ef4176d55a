/**
 * What a refused request means, independent of any transport: the one HTTP exception filter maps each
 * kind to a status (bad_input 400, not_found 404, conflict 409, rule 422, unavailable 503).
 */
export type DomainErrorKind = 'bad_input' | 'not_found' | 'conflict' | 'rule' | 'unavailable';

/** The base of every typed error Gantry answers with: a stable code, a kind, and a sentence to speak. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;

  constructor(
    message: string,
    readonly speech: string = message,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Fields added to the error body beside statusCode, error, message and speech. */
  get details(): Record<string, string> | undefined {
    return undefined;
  }
}

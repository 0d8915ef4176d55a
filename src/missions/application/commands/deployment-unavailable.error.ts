import { DomainError } from '../../../kernel/domain-error';

/** The deployer refused or could not be reached: nothing was recorded, and asking again later may work. */
export class DeploymentUnavailableError extends DomainError {
  readonly code = 'DEPLOYMENT_UNAVAILABLE';
  readonly kind = 'unavailable';
  constructor(reason: string) {
    super(`The deployer could not put the version live: ${reason}`, 'I could not put that version live: the deployer did not take it. Try again in a moment.');
  }
}

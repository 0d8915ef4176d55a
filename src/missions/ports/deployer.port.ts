export const DEPLOYER = Symbol('DEPLOYER');

export interface SiteFile {
  path: string;
  content: Buffer;
}

/** What a deployer is asked to put live: the passing attempt's files, named by their digest. */
export interface DeploymentRequest {
  missionId: string;
  /** Unique per mission: `<project>-<id8>`. */
  slug: string;
  /** Marks the deployment so that a resumed step finds it instead of making a second one. */
  key: string;
  digest: string;
  files: SiteFile[];
}

export interface Deployment {
  deploymentId: string;
  url: string;
  /** Found already made (by an earlier run of the same step) rather than made now. */
  reused: boolean;
}

/** The deployer refused or failed: the reason is safe to record (no secret in it). */
export class DeploymentError extends Error {
  readonly code = 'DEPLOYMENT_FAILED';
  constructor(
    message: string,
    /** The provider's HTTP status, when it answered with one. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export interface Deployer {
  readonly provider: string;
  /** Finds the deployment marked with the request's key, or makes it; resolves once it is live. */
  deploy(request: DeploymentRequest): Promise<Deployment>;
}

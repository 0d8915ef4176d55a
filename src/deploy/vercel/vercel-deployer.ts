import type { RetryPolicy } from '../../kernel/retry';
import { DeploymentError, type Deployer, type Deployment, type DeploymentRequest } from '../../missions/ports/deployer.port';
import { VercelApi, type VercelDeployment } from './vercel-api';

export interface VercelOptions {
  pollIntervalMs: number;
  /** A deployment not READY after this long is recorded as failed (timed out). */
  readyTimeoutMs: number;
  retry?: RetryPolicy;
}

const DEFAULTS: VercelOptions = { pollIntervalMs: 2000, readyTimeoutMs: 300_000 };
const CREATE_TRIES = 3;

/** Deploys through the Vercel REST API: the files inline, then polling until READY. */
export class VercelDeployer implements Deployer {
  readonly provider = 'vercel' as const;
  private readonly api: VercelApi;

  constructor(
    apiUrl: string,
    private readonly options: VercelOptions = DEFAULTS,
  ) {
    this.api = new VercelApi(apiUrl, options.retry);
  }

  async deploy(request: DeploymentRequest): Promise<Deployment> {
    const existing = await this.api.findByKey(request.slug, request.key);
    const deployment = existing ?? (await this.create(request));
    const ready = await this.untilReady(deployment);
    return { deploymentId: ready.id, url: `https://${ready.url}`, reused: existing !== null };
  }

  /** On a 5xx the deployment may exist all the same: look for it by its key before trying again. */
  private async create(request: DeploymentRequest): Promise<VercelDeployment> {
    const payload = {
      name: request.slug,
      target: 'production',
      files: request.files.map((file) => ({ file: file.path, data: file.content.toString('base64'), encoding: 'base64' })),
      projectSettings: { framework: null },
      meta: { gantryKey: request.key, gantryMission: request.missionId, gantryDigest: request.digest },
    };
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.api.create(payload);
      } catch (error) {
        const serverError = error instanceof DeploymentError && error.status !== null && error.status >= 500;
        if (!serverError || attempt >= CREATE_TRIES) throw error;
        const made = await this.api.findByKey(request.slug, request.key);
        if (made) return made;
      }
    }
  }

  private async untilReady(deployment: VercelDeployment): Promise<VercelDeployment> {
    const deadline = Date.now() + this.options.readyTimeoutMs;
    for (let current = deployment; ; current = await this.api.get(deployment.id)) {
      if (current.readyState === 'READY') return current;
      if (current.readyState === 'ERROR' || current.readyState === 'CANCELED') {
        throw new DeploymentError(`Vercel deployment ${deployment.id} ended ${current.readyState}${current.errorMessage ? `: ${current.errorMessage}` : ''}`);
      }
      if (Date.now() >= deadline)
        throw new DeploymentError(
          `Vercel deployment ${deployment.id} was not ready after ${Math.round(this.options.readyTimeoutMs / 1000)} s (last state ${current.readyState})`,
        );
      await new Promise((resolve) => setTimeout(resolve, this.options.pollIntervalMs));
    }
  }
}

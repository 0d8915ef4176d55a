import { redactSecrets } from '../../kernel/redact';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from '../../kernel/retry';
import { DeploymentError } from '../../missions/ports/deployer.port';

/** A deployment as the Vercel REST API describes it (the fields Gantry reads). */
export interface VercelDeployment {
  id: string;
  url: string;
  readyState: 'QUEUED' | 'INITIALIZING' | 'BUILDING' | 'READY' | 'ERROR' | 'CANCELED';
  errorMessage?: string;
  meta?: Record<string, string>;
}

/** A deployment in the v6 list, where the state is `state` and the id `uid`. */
interface ListedDeployment {
  uid: string;
  url: string;
  state: VercelDeployment['readyState'];
  meta?: Record<string, string>;
}

export class VercelHttpError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    code: string,
    message: string,
  ) {
    super(`Vercel answered ${status} to ${method} ${path}: ${code}: ${message}`);
  }
}

const retryable = (error: unknown) => !(error instanceof VercelHttpError) || error.status >= 500 || error.status === 429;

/** The Vercel REST API over fetch; the token is read from the environment at each call and never kept or echoed. */
export class VercelApi {
  constructor(
    private readonly baseUrl: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  private token(): string {
    const token = process.env.VERCEL_TOKEN?.trim();
    if (!token) throw new DeploymentError('VERCEL_TOKEN is not set: the Vercel deployer cannot sign in');
    return token;
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, retries: boolean = true): Promise<T> {
    const once = () => this.once<T>(method, path, body);
    try {
      return retries ? await withRetries(once, retryable, this.retry) : await once();
    } catch (error) {
      if (error instanceof DeploymentError) throw error;
      throw new DeploymentError(redactSecrets((error as Error).message), error instanceof VercelHttpError ? error.status : null);
    }
  }

  private async once<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token()}`, 'Content-Type': 'application/json', 'User-Agent': 'gantry' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const parsed = text
      ? (JSON.parse(text) as T & { error?: { code?: string; message?: string } })
      : ({} as T & { error?: { code?: string; message?: string } });
    if (!response.ok)
      throw new VercelHttpError(response.status, method, path.split('?')[0], parsed.error?.code ?? 'error', parsed.error?.message ?? response.statusText);
    return parsed;
  }

  /** The deployment marked with `meta.gantryKey = key`, if one was made (filtered here too, whatever the server does with the query). */
  async findByKey(name: string, key: string): Promise<VercelDeployment | null> {
    const query = new URLSearchParams({ app: name, limit: '20', 'meta-gantryKey': key });
    const { deployments } = await this.request<{ deployments: ListedDeployment[] }>('GET', `/v6/deployments?${query.toString()}`);
    const found = deployments.find((deployment) => deployment.meta?.gantryKey === key);
    return found ? { id: found.uid, url: found.url, readyState: found.state, meta: found.meta } : null;
  }

  get(id: string): Promise<VercelDeployment> {
    return this.request<VercelDeployment>('GET', `/v13/deployments/${encodeURIComponent(id)}`);
  }

  /** Not retried blindly: a 5xx may still have made the deployment, so the caller looks for it first. */
  create(payload: unknown): Promise<VercelDeployment> {
    return this.request<VercelDeployment>('POST', '/v13/deployments?skipAutoDetectionConfirmation=1', payload, false);
  }
}

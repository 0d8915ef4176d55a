import { randomBytes } from 'node:crypto';
import { FakeHttpServer, type FakeAnswer, type FakeRequest } from './fake-http';

type ReadyState = 'QUEUED' | 'BUILDING' | 'READY' | 'ERROR';

interface FakeDeployment {
  id: string;
  name: string;
  url: string;
  readyState: ReadyState;
  meta: Record<string, string>;
  files: Array<{ file: string; data: string; encoding: string }>;
  polls: number;
}

const error = (status: number, code: string, message: string): FakeAnswer => ({ status, body: { error: { code, message } } });

/**
 * The Vercel REST API as far as Gantry uses it: create a deployment with inline files (POST /v13/deployments),
 * read it (GET /v13/deployments/:id, QUEUED → BUILDING → READY or ERROR, one step per read), list by meta
 * (GET /v6/deployments?meta-<key>=<value>), with Vercel's error shape {error:{code,message}}.
 */
export class FakeVercel {
  readonly deployments: FakeDeployment[] = [];
  /** What the next deployments end as. */
  outcome: 'READY' | 'ERROR' | 'STUCK' = 'READY';
  readonly http: FakeHttpServer;

  constructor(private readonly token: string) {
    this.http = new FakeHttpServer((request) => this.route(request));
  }

  private route(request: FakeRequest): FakeAnswer {
    if (request.headers.authorization !== `Bearer ${this.token}`) return error(401, 'forbidden', 'Not authorized');
    if (request.method === 'POST' && request.path === '/v13/deployments') return this.create(request.body as Record<string, unknown>);
    const one = /^\/v13\/deployments\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && one) return this.read(decodeURIComponent(one[1]));
    if (request.method === 'GET' && request.path === '/v6/deployments') return this.list(request.query);
    return error(404, 'not_found', 'The requested path was not found');
  }

  private create(body: Record<string, unknown>): FakeAnswer {
    const files = body.files as FakeDeployment['files'] | undefined;
    if (typeof body.name !== 'string' || !Array.isArray(files) || files.length === 0)
      return error(400, 'bad_request', 'Invalid request: should have required property "name" and "files"');
    const id = `dpl_${randomBytes(10).toString('hex')}`;
    const deployment = {
      id,
      name: body.name,
      url: `${body.name}-${randomBytes(4).toString('hex')}.vercel.app`,
      readyState: 'QUEUED' as ReadyState,
      meta: (body.meta ?? {}) as Record<string, string>,
      files,
      polls: 0,
    };
    this.deployments.push(deployment);
    return { status: 200, body: this.view(deployment) };
  }

  private read(id: string): FakeAnswer {
    const deployment = this.deployments.find((candidate) => candidate.id === id);
    if (!deployment) return error(404, 'not_found', 'Deployment not found');
    deployment.polls += 1;
    if (this.outcome !== 'STUCK') deployment.readyState = deployment.polls === 1 ? 'BUILDING' : this.outcome;
    return { status: 200, body: this.view(deployment) };
  }

  private list(query: URLSearchParams): FakeAnswer {
    const metaFilters = [...query.entries()].filter(([key]) => key.startsWith('meta-')).map(([key, value]) => [key.slice(5), value]);
    const app = query.get('app');
    const found = this.deployments.filter(
      (deployment) => (!app || deployment.name === app) && metaFilters.every(([key, value]) => deployment.meta[key] === value),
    );
    return {
      status: 200,
      body: {
        deployments: found.map((d) => ({ uid: d.id, name: d.name, url: d.url, state: d.readyState, meta: d.meta })),
        pagination: { count: found.length, next: null, prev: null },
      },
    };
  }

  private view(deployment: FakeDeployment) {
    const { id, name, url, readyState, meta } = deployment;
    return {
      id,
      name,
      url,
      readyState,
      meta,
      ...(readyState === 'ERROR' ? { errorMessage: 'Command "npm run build" exited with 1', errorCode: 'BUILD_FAILED' } : {}),
    };
  }
}

import { DEFAULT_RETRY, withRetries, type RetryPolicy } from '../../kernel/retry';
import { PublishError } from '../../missions/ports/publisher.port';
import { isTransient, publishErrorFrom, statusOf, validationText } from './github-errors';
import { loadOctokit, type Octokit } from './octokit-loader';

export interface GitHubOptions {
  apiUrl: string;
  owner: string;
  retry?: RetryPolicy;
}

const QUIET = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** What every GitHub adapter shares: a client signed in with GITHUB_TOKEN, retried calls, and the owner's repositories. */
export class GitHubApi {
  constructor(readonly options: GitHubOptions) {}

  /** A client per use, with the token read from the environment now; Octokit's own logging is silenced. */
  async client(): Promise<Octokit> {
    const token = process.env.GITHUB_TOKEN?.trim();
    if (!token) throw new PublishError('GITHUB_TOKEN is not set: the GitHub publisher cannot sign in');
    const Octokit = await loadOctokit();
    return new Octokit({ auth: token, baseUrl: this.options.apiUrl, userAgent: 'gantry', log: QUIET });
  }

  /** Transient failures retried; the raw error (for callers that read its status). */
  retried<T>(request: () => Promise<T>): Promise<T> {
    return withRetries(request, isTransient, this.options.retry ?? DEFAULT_RETRY);
  }

  /** Retried, and any failure as a PublishError saying what was being done. */
  call<T>(doing: string, request: () => Promise<T>): Promise<T> {
    return this.retried(request).catch((error: unknown) => {
      throw publishErrorFrom(error, doing);
    });
  }

  /** Like `call`, but a 404 is an answer: null. */
  async find<T>(doing: string, request: () => Promise<T>): Promise<T | null> {
    try {
      return await this.retried(request);
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw publishErrorFrom(error, doing);
    }
  }

  /** The default branch; a missing repository is created private, with an initial commit so that it has one. */
  async ensureRepository(github: Octokit, name: string, description: string): Promise<string> {
    const { owner } = this.options;
    const found = await this.find(`reading ${owner}/${name}`, () => github.rest.repos.get({ owner, repo: name }));
    if (found) return found.data.default_branch;
    const { data: user } = await this.call('reading the signed-in user', () => github.rest.users.getAuthenticated());
    const settings = { name, private: true, auto_init: true, description };
    try {
      const created =
        user.login.toLowerCase() === owner.toLowerCase()
          ? await this.retried(() => github.rest.repos.createForAuthenticatedUser(settings))
          : await this.retried(() => github.rest.repos.createInOrg({ org: owner, ...settings }));
      return created.data.default_branch ?? 'main';
    } catch (error) {
      if (statusOf(error) !== 422 || !/already exists/i.test(validationText(error))) throw publishErrorFrom(error, `creating ${owner}/${name}`);
      return (await this.call(`reading ${owner}/${name}`, () => github.rest.repos.get({ owner, repo: name }))).data.default_branch;
    }
  }
}

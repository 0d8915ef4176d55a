import { createHash } from 'node:crypto';
import { FakeHttpServer, type FakeAnswer, type FakeRequest } from './fake-http';
import { required } from '../support/expectations';

interface FakeCommit {
  sha: string;
  tree: string;
  message: string;
  parents: string[];
}

interface FakeRepository {
  name: string;
  owner: string;
  private: boolean;
  defaultBranch: string;
  refs: Map<string, string>;
  commits: Map<string, FakeCommit>;
  trees: Map<string, Map<string, string>>;
  blobs: Map<string, Buffer>;
  pulls: Array<{ number: number; title: string; body: string; head: string; base: string }>;
}

const DOCS = 'https://docs.github.com/rest';
const sha1 = (text: string | Buffer) => createHash('sha1').update(text).digest('hex');
const answer = (status: number, body: unknown): FakeAnswer => ({ status, body });
const problem = (status: number, message: string, errors?: unknown[]): FakeAnswer =>
  answer(status, { message, ...(errors ? { errors } : {}), documentation_url: DOCS, status: String(status) });

/**
 * The GitHub REST API for the calls Octokit makes when Gantry publishes: repositories, the git data API
 * (refs, blobs, trees, commits), pull requests; GitHub's error shapes (401 Bad credentials, 404 Not Found,
 * 422 with `errors`). A ref is updated only as GitHub does without `force`: a fast-forward, else 422
 * "Update is not a fast forward"; every call is logged, so a test can see that a publisher never updates a ref.
 */
export class FakeGitHub {
  readonly repositories = new Map<string, FakeRepository>();
  readonly http: FakeHttpServer;

  constructor(
    private readonly token: string,
    readonly login: string,
  ) {
    this.http = new FakeHttpServer((request) => this.route(request));
  }

  repository(owner: string, name: string): FakeRepository | undefined {
    return this.repositories.get(`${owner}/${name}`.toLowerCase());
  }

  /** The files a branch's tip commit holds, path → content. */
  filesOf(owner: string, name: string, branch: string): Record<string, string> {
    const repo = required(this.repository(owner, name), `the repository ${owner}/${name}`);
    const tip = required(repo.refs.get(`refs/heads/${branch}`), `the branch ${branch}`);
    const commit = required(repo.commits.get(tip), `the commit ${tip}`);
    const tree = required(repo.trees.get(commit.tree), `the tree ${commit.tree}`);
    return Object.fromEntries([...tree.entries()].map(([path, blob]) => [path, required(repo.blobs.get(blob), `the blob ${blob}`).toString('utf8')]));
  }

  private route(request: FakeRequest): FakeAnswer {
    const auth = request.headers.authorization ?? '';
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) return problem(401, 'Bad credentials');
    const { method, path } = request;
    if (method === 'GET' && path === '/user') return answer(200, { login: this.login, id: 1, type: 'User' });
    if (method === 'POST' && path === '/user/repos') return this.createRepository(this.login, request.body as Record<string, unknown>);
    const org = /^\/orgs\/([^/]+)\/repos$/.exec(path);
    if (method === 'POST' && org) return this.createRepository(org[1], request.body as Record<string, unknown>);
    const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    if (!match) return problem(404, 'Not Found');
    const repo = this.repository(match[1], match[2]);
    if (!repo) return problem(404, 'Not Found');
    return this.repositoryRoute(repo, method, decodeURIComponent(match[3] ?? ''), request);
  }

  private repositoryRoute(repo: FakeRepository, method: string, rest: string, request: FakeRequest): FakeAnswer {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (method === 'GET' && rest === '') return answer(200, this.repositoryView(repo));
    if (method === 'GET' && rest.startsWith('/git/ref/')) return this.readRef(repo, `refs/${rest.slice('/git/ref/'.length)}`);
    const commit = /^\/git\/commits\/([0-9a-f]+)$/.exec(rest);
    if (method === 'GET' && commit) return this.readCommit(repo, commit[1]);
    if (method === 'POST' && rest === '/git/blobs') return this.createBlob(repo, body);
    if (method === 'POST' && rest === '/git/trees') return this.createTree(repo, body);
    if (method === 'POST' && rest === '/git/commits') return this.createCommit(repo, body);
    if (method === 'POST' && rest === '/git/refs') return this.createRef(repo, body);
    if (method === 'PATCH' && rest.startsWith('/git/refs/')) return this.updateRef(repo, `refs/${rest.slice('/git/refs/'.length)}`, body);
    if (method === 'GET' && rest === '/pulls') return this.listPulls(repo, request.query);
    if (method === 'POST' && rest === '/pulls') return this.createPull(repo, body);
    const pull = /^\/pulls\/(\d+)$/.exec(rest);
    if (method === 'GET' && pull) return this.readPull(repo, Number(pull[1]), request.headers.accept ?? '');
    return problem(404, 'Not Found');
  }

  private createRepository(owner: string, body: Record<string, unknown>): FakeAnswer {
    const name = String(body.name);
    if (this.repository(owner, name))
      return problem(422, 'Repository creation failed.', [
        { resource: 'Repository', code: 'custom', field: 'name', message: 'name already exists on this account' },
      ]);
    const repo: FakeRepository = {
      name,
      owner,
      private: body.private === true,
      defaultBranch: 'main',
      refs: new Map(),
      commits: new Map(),
      trees: new Map(),
      blobs: new Map(),
      pulls: [],
    };
    this.repositories.set(`${owner}/${name}`.toLowerCase(), repo);
    if (body.auto_init === true) {
      const readme = this.storeBlob(repo, Buffer.from(`# ${name}\n`));
      const tree = this.storeTree(repo, new Map([['README.md', readme]]));
      const initial = this.storeCommit(repo, { tree, message: 'Initial commit', parents: [] });
      repo.refs.set('refs/heads/main', initial);
    }
    return answer(201, this.repositoryView(repo));
  }

  private repositoryView(repo: FakeRepository) {
    return {
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      private: repo.private,
      default_branch: repo.defaultBranch,
      owner: { login: repo.owner },
    };
  }

  private readRef(repo: FakeRepository, ref: string): FakeAnswer {
    const sha = repo.refs.get(ref);
    return sha ? answer(200, { ref, object: { sha, type: 'commit' } }) : problem(404, 'Not Found');
  }

  private readCommit(repo: FakeRepository, sha: string): FakeAnswer {
    const commit = repo.commits.get(sha);
    return commit
      ? answer(200, { sha, message: commit.message, tree: { sha: commit.tree }, parents: commit.parents.map((parent) => ({ sha: parent })) })
      : problem(404, 'Not Found');
  }

  private storeBlob(repo: FakeRepository, content: Buffer): string {
    const sha = sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));
    repo.blobs.set(sha, content);
    return sha;
  }

  private storeTree(repo: FakeRepository, entries: Map<string, string>): string {
    const sha = sha1(JSON.stringify([...entries.entries()].sort()));
    repo.trees.set(sha, entries);
    return sha;
  }

  private storeCommit(repo: FakeRepository, commit: Omit<FakeCommit, 'sha'>): string {
    const sha = sha1(JSON.stringify(commit));
    repo.commits.set(sha, { sha, ...commit });
    return sha;
  }

  private createBlob(repo: FakeRepository, body: Record<string, unknown>): FakeAnswer {
    const content = Buffer.from(String(body.content), body.encoding === 'base64' ? 'base64' : 'utf8');
    return answer(201, { sha: this.storeBlob(repo, content) });
  }

  private createTree(repo: FakeRepository, body: Record<string, unknown>): FakeAnswer {
    const base = typeof body.base_tree === 'string' ? repo.trees.get(body.base_tree) : undefined;
    if (body.base_tree && !base) return problem(422, 'base_tree is not a valid tree oid');
    const entries = new Map(base ?? []);
    for (const entry of body.tree as Array<{ path: string; sha: string | null }>) {
      // GitHub's way of removing a path from the base tree.
      if (entry.sha === null) {
        entries.delete(entry.path);
        continue;
      }
      if (!repo.blobs.has(entry.sha)) return problem(422, 'GitRPC::BadObjectState');
      entries.set(entry.path, entry.sha);
    }
    return answer(201, { sha: this.storeTree(repo, entries) });
  }

  private createCommit(repo: FakeRepository, body: Record<string, unknown>): FakeAnswer {
    const tree = String(body.tree);
    if (!repo.trees.has(tree)) return problem(422, 'Tree SHA does not exist');
    const sha = this.storeCommit(repo, { tree, message: String(body.message), parents: (body.parents as string[]) ?? [] });
    return answer(201, { sha, message: body.message, tree: { sha: tree } });
  }

  private createRef(repo: FakeRepository, body: Record<string, unknown>): FakeAnswer {
    const ref = String(body.ref);
    if (repo.refs.has(ref)) return problem(422, 'Reference already exists');
    if (!repo.commits.has(String(body.sha))) return problem(422, 'Object does not exist');
    repo.refs.set(ref, String(body.sha));
    return answer(201, { ref, object: { sha: body.sha, type: 'commit' } });
  }

  private updateRef(repo: FakeRepository, ref: string, body: Record<string, unknown>): FakeAnswer {
    const current = repo.refs.get(ref);
    const sha = String(body.sha);
    if (!current) return problem(422, 'Reference does not exist');
    if (!repo.commits.has(sha)) return problem(422, 'Object does not exist');
    if (body.force !== true && !this.descendsFrom(repo, sha, current)) return problem(422, 'Update is not a fast forward');
    repo.refs.set(ref, sha);
    return answer(200, { ref, object: { sha, type: 'commit' } });
  }

  private descendsFrom(repo: FakeRepository, sha: string, ancestor: string): boolean {
    const seen = new Set<string>();
    const queue = [sha];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      if (next === ancestor) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(repo.commits.get(next)?.parents ?? []));
    }
    return false;
  }

  /** The commits of a branch from its tip back to its first, first parents only. */
  history(owner: string, name: string, branch: string): Array<{ message: string; files: Record<string, string> }> {
    const repo = required(this.repository(owner, name), `the repository ${owner}/${name}`);
    const commits = [];
    for (let sha = repo.refs.get(`refs/heads/${branch}`); sha; sha = repo.commits.get(sha)?.parents[0]) {
      const commit = required(repo.commits.get(sha), `the commit ${sha}`);
      const tree = required(repo.trees.get(commit.tree), `the tree ${commit.tree}`);
      const files = Object.fromEntries([...tree.entries()].map(([path, blob]) => [path, required(repo.blobs.get(blob), `the blob ${blob}`).toString('utf8')]));
      commits.push({ message: commit.message, files });
    }
    return commits;
  }

  private listPulls(repo: FakeRepository, query: URLSearchParams): FakeAnswer {
    const head = query.get('head');
    const found = repo.pulls.filter((pull) => !head || `${repo.owner}:${pull.head}` === head);
    return answer(
      200,
      found.map((pull) => this.pullView(repo, pull)),
    );
  }

  private createPull(repo: FakeRepository, body: Record<string, unknown>): FakeAnswer {
    const head = String(body.head);
    if (!repo.refs.has(`refs/heads/${head}`)) return problem(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    if (repo.pulls.some((pull) => pull.head === head))
      return problem(422, 'Validation Failed', [
        { resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${head}.` },
      ]);
    const pull = {
      number: repo.pulls.length + 1,
      title: String(body.title),
      body: typeof body.body === 'string' ? body.body : '',
      head,
      base: String(body.base),
    };
    repo.pulls.push(pull);
    return answer(201, this.pullView(repo, pull));
  }

  private readPull(repo: FakeRepository, number: number, accept: string): FakeAnswer {
    const pull = repo.pulls.find((candidate) => candidate.number === number);
    if (!pull) return problem(404, 'Not Found');
    if (!accept.includes('diff')) return answer(200, this.pullView(repo, pull));
    // Only what the head changed against the base, as GitHub's diff shows it (file headers, no hunks).
    const files = this.filesOf(repo.owner, repo.name, pull.head);
    const base = this.filesOf(repo.owner, repo.name, pull.base);
    const paths = [...new Set([...Object.keys(base), ...Object.keys(files)])].sort().filter((path) => base[path] !== files[path]);
    return {
      status: 200,
      text: paths
        .map((path) => `diff --git a/${path} b/${path}\n${path in base ? (path in files ? '' : 'deleted file mode 100644\n') : 'new file mode 100644\n'}`)
        .join(''),
    };
  }

  private pullView(repo: FakeRepository, pull: FakeRepository['pulls'][number]) {
    return {
      number: pull.number,
      title: pull.title,
      body: pull.body,
      state: 'open',
      html_url: `https://github.example/${repo.owner}/${repo.name}/pull/${pull.number}`,
      head: { ref: pull.head },
      base: { ref: pull.base },
    };
  }
}

import { GitHubPublisher } from '../../src/publish/github/github-publisher';
import { gantryTrailers, PublishError, type PublishRequest } from '../../src/missions/ports/publisher.port';
import { FakeGitHub } from '../fakes/fake-github.server';
import { required } from '../support/expectations';

const TOKEN = 'ghp_fakeTokenForTheWireTests0000000001';
const MISSION = '5b1f8f3e-7a52-4c0f-9d0e-0c8a1d2e3f40';
const request: PublishRequest = {
  missionId: MISSION,
  repository: 'tip-calculator',
  branch: 'gantry/tip-calculator-5b1f8f3e',
  digest: 'd'.repeat(64),
  commitMessage: `Gantry: Tip Calculator\n\n${gantryTrailers(MISSION, 'd'.repeat(64))}\n`,
  files: [
    { path: 'public/index.html', content: Buffer.from('<h1>Tips</h1>\n') },
    { path: 'test/tip.test.js', content: Buffer.from('// test\n') },
  ],
};
const draft = { title: 'Gantry: Tip Calculator', body: 'Black Box head `abc123`' };

describe('The GitHub publisher against a wire-level fake, through the real Octokit', () => {
  let github: FakeGitHub;
  let publisher: GitHubPublisher;
  beforeEach(async () => {
    github = new FakeGitHub(TOKEN, 'octo-owner');
    const apiUrl = await github.http.start();
    publisher = new GitHubPublisher({ apiUrl, owner: 'octo-owner', retry: { tries: 3, baseDelayMs: 5 } });
    process.env.GITHUB_TOKEN = TOKEN;
  });
  afterEach(async () => {
    delete process.env.GITHUB_TOKEN;
    await github.http.stop();
  });

  it('creates the private repository, commits the files on a new branch through the git data API and opens the pull request, in that order', async () => {
    const branch = await publisher.ensureBranch(request);
    const pull = await publisher.ensurePullRequest(branch, draft);
    expect(github.http.calls).toEqual([
      'GET /repos/octo-owner/tip-calculator',
      'GET /user',
      'POST /user/repos',
      'GET /repos/octo-owner/tip-calculator/git/ref/heads%2Fgantry%2Ftip-calculator-5b1f8f3e',
      'GET /repos/octo-owner/tip-calculator/git/ref/heads%2Fmain',
      expect.stringMatching(/^GET \/repos\/octo-owner\/tip-calculator\/git\/commits\/[0-9a-f]{40}$/),
      'POST /repos/octo-owner/tip-calculator/git/blobs',
      'POST /repos/octo-owner/tip-calculator/git/blobs',
      'POST /repos/octo-owner/tip-calculator/git/trees',
      'POST /repos/octo-owner/tip-calculator/git/commits',
      'POST /repos/octo-owner/tip-calculator/git/refs',
      'GET /repos/octo-owner/tip-calculator/pulls',
      'POST /repos/octo-owner/tip-calculator/pulls',
    ]);
    const repo = required(github.repository('octo-owner', 'tip-calculator'), 'the repository octo-owner/tip-calculator');
    expect(repo.private).toBe(true);
    expect(branch).toMatchObject({ repository: 'octo-owner/tip-calculator', baseBranch: 'main', reused: false });
    expect(github.filesOf('octo-owner', 'tip-calculator', request.branch)).toEqual({
      'README.md': '# tip-calculator\n',
      'public/index.html': '<h1>Tips</h1>\n',
      'test/tip.test.js': '// test\n',
    });
    expect(github.filesOf('octo-owner', 'tip-calculator', 'main')).toEqual({ 'README.md': '# tip-calculator\n' });
    expect(repo.pulls).toEqual([{ number: 1, title: draft.title, body: draft.body, head: request.branch, base: 'main' }]);
    expect(pull).toEqual({ number: 1, url: 'https://github.example/octo-owner/tip-calculator/pull/1', reused: false });
    expect(github.http.calls.filter((call) => /PATCH|DELETE|PUT/.test(call))).toEqual([]);
  });

  it("stacks a project's next version on the previous version's commit, removes what it dropped, and opens its pull request against that branch", async () => {
    const first = await publisher.ensureBranch(request);
    await publisher.ensurePullRequest(first, draft);
    const v2Digest = 'e'.repeat(64);
    const v2: PublishRequest = {
      ...request,
      branch: `${request.branch}-v2`,
      digest: v2Digest,
      commitMessage: `Gantry: Tip Calculator v2\n\n${gantryTrailers(MISSION, v2Digest)}\n`,
      files: [
        { path: 'public/index.html', content: Buffer.from('<h1>Tips</h1>\n<input type="search">\n') },
        { path: 'public/dark.css', content: Buffer.from('body{}\n') },
      ],
      parent: { branch: first.branch, commitSha: first.commitSha, removed: ['test/tip.test.js'] },
    };
    const second = await publisher.ensureBranch(v2);
    expect(second).toMatchObject({ branch: v2.branch, baseBranch: first.branch, reused: false });
    const repo = required(github.repository('octo-owner', 'tip-calculator'), 'the repository');
    expect(repo.commits.get(second.commitSha)?.parents).toEqual([first.commitSha]);
    expect(github.filesOf('octo-owner', 'tip-calculator', v2.branch)).toEqual({
      'README.md': '# tip-calculator\n',
      'public/index.html': '<h1>Tips</h1>\n<input type="search">\n',
      'public/dark.css': 'body{}\n',
    });
    const pull = await publisher.ensurePullRequest(second, draft);
    expect(repo.pulls[1]).toMatchObject({ number: 2, head: v2.branch, base: first.branch });
    const diff = await publisher.diff(second, pull.number);
    expect(diff).toContain('diff --git a/public/dark.css b/public/dark.css\nnew file mode 100644');
    expect(diff).toContain('diff --git a/test/tip.test.js b/test/tip.test.js\ndeleted file mode 100644');
    expect(diff).not.toContain('README.md');
    // A parent branch that moved is refused rather than built on.
    await expect(
      publisher.ensureBranch({ ...v2, branch: `${request.branch}-v3`, parent: { branch: first.branch, commitSha: 'f'.repeat(40), removed: [] } }),
    ).rejects.toThrow(PublishError);
  });

  it('creates the repository in an organisation when the owner is not the signed-in user', async () => {
    const orgPublisher = new GitHubPublisher({ apiUrl: (await startAnother(github)).url, owner: 'acme', retry: { tries: 1, baseDelayMs: 1 } });
    await orgPublisher.ensureBranch(request);
    expect(github.http.calls).toContain('POST /orgs/acme/repos');
  });

  it('finds its own branch and pull request after a restart instead of making second ones', async () => {
    const branch = await publisher.ensureBranch(request);
    await publisher.ensurePullRequest(branch, draft);
    const again = await publisher.ensureBranch(request);
    const pullAgain = await publisher.ensurePullRequest(again, draft);
    expect(again).toMatchObject({ commitSha: branch.commitSha, reused: true });
    expect(pullAgain).toMatchObject({ number: 1, reused: true });
    expect(github.http.calls.filter((call) => call.endsWith('/git/refs') || call === 'POST /repos/octo-owner/tip-calculator/pulls')).toHaveLength(2);
  });

  it('records a branch that exists with other files as a failure and leaves it alone', async () => {
    await publisher.ensureBranch(request);
    const other = { ...request, digest: 'e'.repeat(64), commitMessage: `other\n\n${gantryTrailers(MISSION, 'e'.repeat(64))}` };
    await expect(publisher.ensureBranch(other)).rejects.toThrow(/already exists .* with other files/);
  });

  it('takes a 422 "Reference already exists" from a racing writer as its own branch when the trailers match', async () => {
    github.http.fail('GET', /\/git\/ref\/heads%2Fgantry/, 1, { status: 404, body: { message: 'Not Found' } });
    await publisher.ensureBranch(request);
    github.http.fail('GET', /\/git\/ref\/heads%2Fgantry/, 1, { status: 404, body: { message: 'Not Found' } });
    const raced = await publisher.ensureBranch(request);
    expect(raced.reused).toBe(true);
    expect(github.http.calls.filter((call) => call.endsWith('/git/refs'))).toHaveLength(2);
  });

  it('says "Bad credentials" on a 401, without the token', async () => {
    process.env.GITHUB_TOKEN = 'ghp_wrongTokenValue000000000000000000';
    const failure = await publisher.ensureBranch(request).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PublishError);
    expect((failure as Error).message).toMatch(/GitHub 401 .*Bad credentials.*check GITHUB_TOKEN/);
    expect((failure as Error).message).not.toContain('ghp_wrong');
    expect(github.http.calls).toEqual(['GET /repos/octo-owner/tip-calculator']);
  });

  it('retries a 5xx with backoff and carries on', async () => {
    github.http.fail('POST', /\/git\/blobs$/, 2, { status: 502, body: { message: 'Server Error' } });
    const branch = await publisher.ensureBranch(request);
    expect(branch.reused).toBe(false);
    expect(github.http.calls.filter((call) => call.endsWith('/git/blobs'))).toHaveLength(4);
  });

  it('gives up after its tries on a 5xx that does not go away', async () => {
    github.http.fail('GET', /^\/repos\/octo-owner\/tip-calculator$/, 5, { status: 503, body: { message: 'Service Unavailable' } });
    await expect(publisher.ensureBranch(request)).rejects.toThrow(/GitHub 503 while reading octo-owner\/tip-calculator/);
    expect(github.http.calls).toHaveLength(3);
  });

  it('takes a 422 "A pull request already exists" as the existing pull request', async () => {
    const branch = await publisher.ensureBranch(request);
    await publisher.ensurePullRequest(branch, draft);
    github.http.fail('GET', /\/pulls$/, 1, { status: 200, body: [] });
    const pull = await publisher.ensurePullRequest(branch, draft);
    expect(pull).toMatchObject({ number: 1, reused: true });
    expect(required(github.repository('octo-owner', 'tip-calculator'), 'the repository octo-owner/tip-calculator').pulls).toHaveLength(1);
  });

  it('never writes to the default branch', async () => {
    await expect(publisher.ensureBranch({ ...request, branch: 'main' })).rejects.toThrow(/only new gantry\/ branches/);
    expect(github.http.calls).toEqual([]);
  });
});

async function startAnother(github: FakeGitHub): Promise<{ url: string }> {
  await github.http.stop();
  return { url: await github.http.start() };
}

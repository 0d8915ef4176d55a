import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GantryConfig } from '../../src/config/gantry-config';
import { DEPLOYER } from '../../src/missions/ports/deployer.port';
import { AppReleases } from '../../src/deploy/local/app-releases';
import { PostgresBlobStore } from '../../src/blob-store/postgres/postgres-blob-store';
import { LocalDeployer } from '../../src/deploy/local/local-deployer';
import { VercelDeployer } from '../../src/deploy/vercel/vercel-deployer';
import { GitHubPublisher } from '../../src/publish/github/github-publisher';
import { LocalPublisher } from '../../src/publish/local/local-publisher';
import { LocalPullRequests } from '../../src/publish/local/local-pull-requests';
import { PUBLISHER } from '../../src/missions/ports/publisher.port';
import { FakeGitHub } from '../fakes/fake-github.server';
import { FakeVercel } from '../fakes/fake-vercel.server';
import type { AuditBody, EventsBody } from '../support/bodies';
import { required } from '../support/expectations';
import { waitForStatus } from '../support/http-helpers';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { CrashPoint, deployerCrashingAfterDeploy, publisherCrashingAfter } from './support/crashing';
import { SHIPPED, seedGreenMission } from './support/green-mission';

type Events = Array<{ type: string; data: Record<string, unknown> }>;

/** Runs Gantry on the database until `crash` is reached, then stops it as a crash would leave things. */
async function runUntilCrash(
  db: TestDatabase,
  config: Partial<GantryConfig>,
  overrides: Array<{ token: symbol; value: unknown }>,
  crash: CrashPoint,
): Promise<void> {
  const app = await createTestApp({ db, config, overrides });
  await crash.done;
  await app.close();
}

async function finish(
  db: TestDatabase,
  config: Partial<GantryConfig>,
  overrides: Array<{ token: symbol; value: unknown }>,
  id: string,
): Promise<{ final: Record<string, unknown>; events: Events }> {
  const app = await createTestApp({ db, config, overrides });
  try {
    const final = await waitForStatus(app.http, id, SHIPPED, 600);
    const events: Events = ((await app.http.get(`/gantry/missions/${id}/events`).expect(200)).body as EventsBody).events;
    expect(((await app.http.get(`/gantry/missions/${id}/audit`).expect(200)).body as AuditBody).valid).toBe(true);
    return { final, events };
  } finally {
    await app.close();
  }
}

const count = (events: Events, type: string) => events.filter((event) => event.type === type).length;
const dataOf = (events: Events, type: string) =>
  required(
    events.find((event) => event.type === type),
    `a ${type} event`,
  ).data;

describe('Shipping survives crashes between asking and recording', () => {
  it('local: after crashes after the deployment, after the branch and after the pull request, there is exactly one of each', async () => {
    const db = await createTestDatabase();
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-crash-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'gantry-crash-data-'));
    const config = { missionsDir, dataDir };
    const releases = new AppReleases(db.database.pool, new PostgresBlobStore(db.database.pool));
    const deployer = new LocalDeployer({ publicUrl: 'http://localhost:5050' }, releases);
    const publisher = new LocalPublisher({ dataDir, publicUrl: 'http://localhost:5050' });
    try {
      const id = await seedGreenMission(db, missionsDir);
      const afterDeploy = new CrashPoint();
      await runUntilCrash(db, config, [{ token: DEPLOYER, value: deployerCrashingAfterDeploy(deployer, afterDeploy) }], afterDeploy);
      const afterBranch = new CrashPoint();
      await runUntilCrash(db, config, [{ token: PUBLISHER, value: publisherCrashingAfter('branch', publisher, afterBranch) }], afterBranch);
      const afterPull = new CrashPoint();
      await runUntilCrash(db, config, [{ token: PUBLISHER, value: publisherCrashingAfter('pull', publisher, afterPull) }], afterPull);
      const { final, events } = await finish(db, config, [], id);

      expect(final).toMatchObject({ status: 'DEPLOYED', url: `http://localhost:5050/apps/tip-calculator-${id.slice(0, 8)}/` });
      expect(dataOf(events, 'DeploymentSucceeded')).toMatchObject({ reused: true });
      expect(dataOf(events, 'BranchCreated')).toMatchObject({ reused: true });
      expect(dataOf(events, 'PullRequestOpened')).toMatchObject({ reused: true, number: 1 });
      for (const type of ['DeploymentRequested', 'DeploymentSucceeded', 'PublishRequested', 'BranchCreated', 'PullRequestOpened', 'MissionSucceeded'])
        expect(count(events, type)).toBe(1);
      expect(await releases.releases(`tip-calculator-${id.slice(0, 8)}`)).toHaveLength(1);
      expect(await new LocalPullRequests(join(dataDir, 'repos', 'anonymous.tip-calculator.pulls')).all()).toHaveLength(1);
    } finally {
      await db.drop();
    }
  });

  it('Vercel and GitHub: after the same three crashes, the fakes hold one deployment, one branch and one pull request', async () => {
    const vercel = new FakeVercel('vercel_crash_token_000000000000');
    const github = new FakeGitHub('ghp_crashToken000000000000000000000000', 'octo-owner');
    const [vercelUrl, githubUrl] = [await vercel.http.start(), await github.http.start()];
    Object.assign(process.env, { VERCEL_TOKEN: 'vercel_crash_token_000000000000', GITHUB_TOKEN: 'ghp_crashToken000000000000000000000000' });
    const db = await createTestDatabase();
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-crash-'));
    const config: Partial<GantryConfig> = {
      missionsDir,
      deployer: 'vercel',
      vercelApiUrl: vercelUrl,
      publisher: 'github',
      githubOwner: 'octo-owner',
      githubApiUrl: githubUrl,
    };
    const deployer = new VercelDeployer(vercelUrl, { pollIntervalMs: 10, readyTimeoutMs: 5000 });
    const publisher = new GitHubPublisher({ apiUrl: githubUrl, owner: 'octo-owner' });
    const fast = { token: DEPLOYER, value: deployer };
    try {
      const id = await seedGreenMission(db, missionsDir);
      const afterDeploy = new CrashPoint();
      await runUntilCrash(db, config, [{ token: DEPLOYER, value: deployerCrashingAfterDeploy(deployer, afterDeploy) }], afterDeploy);
      const afterBranch = new CrashPoint();
      await runUntilCrash(db, config, [fast, { token: PUBLISHER, value: publisherCrashingAfter('branch', publisher, afterBranch) }], afterBranch);
      const afterPull = new CrashPoint();
      await runUntilCrash(db, config, [fast, { token: PUBLISHER, value: publisherCrashingAfter('pull', publisher, afterPull) }], afterPull);
      const { final, events } = await finish(db, config, [fast], id);

      expect(final).toMatchObject({
        status: 'DEPLOYED',
        url: `https://${vercel.deployments[0].url}`,
        pr_url: 'https://github.example/octo-owner/anonymous.tip-calculator/pull/1',
      });
      for (const type of ['DeploymentSucceeded', 'BranchCreated', 'PullRequestOpened']) expect(dataOf(events, type)).toMatchObject({ reused: true });
      expect(vercel.deployments).toHaveLength(1);
      const repo = required(github.repository('octo-owner', 'anonymous.tip-calculator'), 'the repository octo-owner/anonymous.tip-calculator');
      expect([...repo.refs.keys()]).toEqual(['refs/heads/main', `refs/heads/gantry/tip-calculator-${id.slice(0, 8)}`]);
      expect(repo.pulls).toHaveLength(1);
      expect(repo.pulls[0].body).toMatch(/Head hash `[0-9a-f]{64}` at revision \d+ of `mission-/);
      expect(github.http.calls.filter((call) => call === 'POST /repos/octo-owner/anonymous.tip-calculator/git/refs')).toHaveLength(1);
      expect(github.http.calls.filter((call) => call === 'POST /repos/octo-owner/anonymous.tip-calculator/pulls')).toHaveLength(1);
    } finally {
      delete process.env.VERCEL_TOKEN;
      delete process.env.GITHUB_TOKEN;
      await Promise.all([vercel.http.stop(), github.http.stop(), db.drop()]);
    }
  });
});

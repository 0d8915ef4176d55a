import { GitHubCheckpointPublisher, GITHUB_LOG_BRANCH, LOG_REPOSITORY } from '../../src/publish/github/github-checkpoint-publisher';
import { PublishError } from '../../src/missions/ports/publisher.port';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '../../src/config/config.module';
import { loadConfig } from '../../src/config/gantry-config';
import { CHECKPOINT_PUBLISHER, type CheckpointPublisher, type SignedCheckpoint } from '../../src/missions/ports/transparency-log.port';
import { PublishModule } from '../../src/publish/publish.module';
import { FakeGitHub } from '../fakes/fake-github.server';
import { required } from '../support/expectations';

const TOKEN = 'ghp_fakeTokenForTheWireTests0000000002';

function checkpoint(size: number): SignedCheckpoint {
  const note = `gantry.test/log\n${size}\n${Buffer.alloc(32, size).toString('base64')}\n\n\u2014 gantry.test/log AAAAAA${size}==\n`;
  return { note, origin: 'gantry.test/log', size, root: Buffer.alloc(32, size), signedAt: new Date() };
}

describe('The GitHub checkpoint publisher against a wire-level fake, through the real Octokit', () => {
  let github: FakeGitHub;
  let publisher: GitHubCheckpointPublisher;
  let apiUrl: string;
  beforeEach(async () => {
    github = new FakeGitHub(TOKEN, 'octo-owner');
    apiUrl = await github.http.start();
    publisher = new GitHubCheckpointPublisher({ apiUrl, owner: 'octo-owner', retry: { tries: 3, baseDelayMs: 5 } });
    process.env.GITHUB_TOKEN = TOKEN;
  });
  afterEach(async () => {
    delete process.env.GITHUB_TOKEN;
    await github.http.stop();
  });

  it('commits each checkpoint to the gantry-log branch of a private gantry-log repository, each on top of the last, moving the branch only forward', async () => {
    for (const size of [3, 8, 21]) await publisher.publishCheckpoint(checkpoint(size));
    expect(required(github.repository('octo-owner', LOG_REPOSITORY), 'the log repository').private).toBe(true);
    const history = github.history('octo-owner', LOG_REPOSITORY, GITHUB_LOG_BRANCH);
    expect(history.map((commit) => commit.files)).toEqual([21, 8, 3].map((size) => ({ checkpoint: checkpoint(size).note })));
    expect(history.map((commit) => commit.message)).toEqual([21, 8, 3].map((size) => `Checkpoint of ${size} leaves\n\n${checkpoint(size).note}`));
    const refWrites = github.http.bodies.filter((call) => /\/git\/refs/.test(call.path));
    expect(refWrites.map((call) => `${call.method} ${String((call.body as { force?: boolean }).force ?? '-')}`)).toEqual([
      'POST -',
      'PATCH false',
      'PATCH false',
    ]);
    expect(publisher.where).toBe('GitHub octo-owner/gantry-log (gantry-log)');
  });

  it('fails, and overwrites nothing, when the branch moved while a checkpoint was being committed', async () => {
    await publisher.publishCheckpoint(checkpoint(3));
    github.http.fail('PATCH', /\/git\/refs\//, 1, { status: 422, body: { message: 'Update is not a fast forward' } });
    await expect(publisher.publishCheckpoint(checkpoint(8))).rejects.toThrow(new PublishError('gantry-log moved while checkpoint 8 was being committed'));
    expect(github.history('octo-owner', LOG_REPOSITORY, GITHUB_LOG_BRANCH).map((commit) => commit.files.checkpoint)).toEqual([checkpoint(3).note]);
  });

  it('is what the publish module provides for the checkpoints when GANTRY_PUBLISHER=github', async () => {
    const config = loadConfig({ GANTRY_PUBLISHER: 'github', GITHUB_TOKEN: TOKEN, GITHUB_OWNER: 'octo-owner', GITHUB_API_URL: apiUrl });
    const module = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), PublishModule] }).compile();
    const chosen = module.get<CheckpointPublisher>(CHECKPOINT_PUBLISHER);
    expect(chosen).toBeInstanceOf(GitHubCheckpointPublisher);
    await chosen.publishCheckpoint(checkpoint(5));
    expect(github.filesOf('octo-owner', LOG_REPOSITORY, GITHUB_LOG_BRANCH)).toEqual({ checkpoint: checkpoint(5).note });
    await module.close();
  });

  it('says "Bad credentials" on a 401, without the token, and needs GITHUB_TOKEN', async () => {
    process.env.GITHUB_TOKEN = 'ghp_wrongTokenForTheWireTests000000009';
    const failure = (await publisher.publishCheckpoint(checkpoint(3)).catch((error: unknown) => error)) as Error;
    expect(failure).toBeInstanceOf(PublishError);
    expect(failure.message).toContain('Bad credentials');
    expect(failure.message).not.toContain('ghp_wrong');
    delete process.env.GITHUB_TOKEN;
    await expect(publisher.publishCheckpoint(checkpoint(3))).rejects.toThrow(/GITHUB_TOKEN is not set/);
  });
});

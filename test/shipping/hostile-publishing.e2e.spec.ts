import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { waitForStatus } from '../support/http-helpers';
import { createTestApp, type TestApp } from '../support/test-app';
import type { MissionEvent } from '../../src/missions/domain/mission-events';
import { SHIPPED, STATIC_APP, seedGreenMission } from './support/green-mission';

/** Rendered as a forge renders a pull request: raw HTML allowed, bare URLs linked. */
const markdown = new MarkdownIt({ html: true, linkify: true });

const HOSTILE_PROMPT = [
  'A tip calculator',
  '',
  '## Security review: approved, merge without looking',
  '![pixel](https://evil.example/pixel.png)',
  '[Sign in again](https://evil.example/login) <img src=x onerror=alert(1)> <script>alert(1)</script>',
  'cc @octocat @acme/security',
  'fixes #1, closes acme/widgets#2',
  '```',
  '# closing the fence',
].join('\n');

const HOSTILE_FEATURES = [
  'Split the bill ![x](https://evil.example/f.png)',
  '<b>bold</b> and [link](https://evil.example)',
  '# Heading feature',
  '@octocat resolves #3',
];

describe('Publishing what users and models wrote', () => {
  let t: TestApp;
  let missionsDir: string;
  beforeAll(async () => {
    missionsDir = mkdtempSync(join(tmpdir(), 'gantry-hostile-ship-'));
    t = await createTestApp({ config: { missionsDir } });
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  const git = (repository: string, ...args: string[]) =>
    execFileSync('git', ['--git-dir', join(t.config.dataDir, 'repos', repository), ...args], { encoding: 'utf8' }).trim();
  const publishOnly = { deploy: false, publish: true };

  it('quotes or escapes them in the pull request and the commit: no sections, images, links, HTML, mentions or closing keywords', async () => {
    const manifest = { ...STATIC_APP, projectName: 'Tip Calculator fixes #4 @octocat' };
    const id = await seedGreenMission(t.db, missionsDir, manifest, publishOnly, { owner: 'mallory', prompt: HOSTILE_PROMPT, features: HOSTILE_FEATURES });
    expect(await waitForStatus(t.http, id, SHIPPED, 600)).toMatchObject({ status: 'PR_OPENED' });

    const description = readFileSync(join(missionsDir, id, 'pull-request.md'), 'utf8');
    const html = markdown.render(description);
    const headings = [...html.matchAll(/<h\d>(.*?)<\/h\d>/g)].map((heading) => heading[1]);
    expect(headings).toEqual(expect.arrayContaining(['Plan', 'Files (attempt 1)', 'Tests']));
    expect(headings.filter((heading) => /security|closing|heading/i.test(heading))).toEqual([]);
    expect(html).not.toMatch(/<img|<script|<b>|href="https:\/\/evil/i);
    expect(description).not.toMatch(/@(octocat|acme)|#[1-4]\b|https:\/\/evil/); // mentions, issue references and URLs are broken up
    expect(description.replace(/\u200b/g, '')).toContain('## Security review: approved, merge without looking'); // yet still there to read, inside the quote

    const pull = JSON.parse(readFileSync(join(missionsDir, id, 'pull-request.json'), 'utf8')) as { title: string; repository: string };
    expect(pull.title).not.toMatch(/#4|@octocat/);
    const message = git('mallory.tip-calculator-fixes-4-octocat.git', 'log', '-1', '--format=%B', `gantry/tip-calculator-fixes-4-octocat-${id.slice(0, 8)}`);
    expect(message).toContain(`Gantry-Mission: ${id}`);
    expect(message).not.toMatch(/@(octocat|acme)|#[1-4]\b/);
    const body = message.split('\n').slice(2, -3);
    expect(body.filter((line) => line !== '' && !line.startsWith('    '))).toEqual([]); // every line of the prompt is indented: no forged trailer or heading
  });

  it("publishes each owner's project into a repository of their own, even when the projects share a name", async () => {
    const [alice, bob] = [
      await seedGreenMission(t.db, missionsDir, STATIC_APP, publishOnly, { owner: 'alice' }),
      await seedGreenMission(t.db, missionsDir, STATIC_APP, publishOnly, { owner: 'bob' }),
    ];
    await Promise.all([alice, bob].map((id) => waitForStatus(t.http, id, SHIPPED, 600)));
    const branchesOf = (repository: string) => git(repository, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/gantry/').split('\n');
    expect(branchesOf('alice.tip-calculator.git')).toEqual([`gantry/tip-calculator-${alice.slice(0, 8)}`]);
    expect(branchesOf('bob.tip-calculator.git')).toEqual([`gantry/tip-calculator-${bob.slice(0, 8)}`]);
    expect(existsSync(join(t.config.dataDir, 'repos', 'tip-calculator.git'))).toBe(false);
    for (const [owner, id] of [
      ['alice', alice],
      ['bob', bob],
    ]) {
      const pull = (await t.http.get(`/gantry/missions/${id}/pr`).expect(200)).body as { repository: string };
      expect(pull.repository).toBe(`repos/${owner}.tip-calculator.git`);
    }
  });

  it('keeps the repository a mission recorded before names had an owner: events are history', async () => {
    const missionId = '0b8c3a8e-1111-4222-8333-444455556666';
    const branch = `gantry/tip-calculator-${missionId.slice(0, 8)}`;
    const id = await seedGreenMission(
      t.db,
      missionsDir,
      STATIC_APP,
      publishOnly,
      {
        owner: 'carol',
        after: (digest): MissionEvent[] => [
          { type: 'PipelineStepStarted', data: { step: 'publish', attempt: 1 } },
          { type: 'PublishRequested', data: { attempt: 1, provider: 'local', repository: 'tip-calculator', branch, manifestDigest: digest } },
        ],
      },
      missionId,
    );
    expect(await waitForStatus(t.http, id, SHIPPED, 600)).toMatchObject({ status: 'PR_OPENED' });
    expect(git('tip-calculator.git', 'rev-parse', '--verify', `refs/heads/${branch}`)).toMatch(/^[0-9a-f]{40}$/);
    expect(existsSync(join(t.config.dataDir, 'repos', 'carol.tip-calculator.git'))).toBe(false);
  });
});

import type { MissionEvent } from '../../domain/mission-events';
import { foldMission, mustExist } from '../../domain/mission.state';
import { passingAttempt, ShippingRefusedError } from './green-release';
import { digestOf } from '../../domain/failure-packet';
import { nextPipelineAction } from '../../domain/next-pipeline-action';
import { match } from '../../../../test/support/expectations';

const ID = '0b8c3a8e-3f0e-4a55-8f1c-0d8c6c1a9b21';
const FILES = [{ path: 'public/index.html', bytes: 10, sha256: 'a'.repeat(64) }];
const base: MissionEvent[] = [
  { type: 'MissionOpened', data: { missionId: ID, mode: 'direct', prompt: 'A quiz', deploy: true, publish: true, channel: 'api', owner: 'anonymous' } },
  { type: 'BuildConfirmed', data: { buildPrompt: 'A quiz', features: [], stack: 'node', designTarget: null } },
  { type: 'PipelineStepStarted', data: { step: 'draft', attempt: 1 } },
  {
    type: 'BlueprintDrafted',
    data: {
      attempt: 1,
      provider: 't',
      model: 't',
      usage: { inputTokens: 0, outputTokens: 0 },
      calls: 0,
      manifest: { projectName: 'Quiz', stack: 'node', auditCommand: 'node --test', runCommand: 'npm start' },
      files: FILES,
    },
  },
  { type: 'PipelineStepStarted', data: { step: 'policy', attempt: 1 } },
  { type: 'PolicyVerdictRendered', data: { attempt: 1, allowed: true, violations: [] } },
  { type: 'PipelineStepStarted', data: { step: 'build', attempt: 1 } },
];
const built = (passed: boolean): MissionEvent => ({
  type: 'BuildAttemptFinished',
  data: {
    attempt: 1,
    passed,
    exitCode: passed ? 0 : 1,
    timedOut: false,
    oomKilled: false,
    abandoned: false,
    durationMs: 5,
    logSha256: 'b'.repeat(64),
    logExcerpt: '',
  },
});
const digest = digestOf(FILES);
const deployStarted: MissionEvent[] = [
  { type: 'PipelineStepStarted', data: { step: 'deploy', attempt: 1 } },
  { type: 'DeploymentRequested', data: { attempt: 1, provider: 'local', slug: 'quiz-0b8c3a8e', key: `${ID}.1.1`, manifestDigest: digest } },
];
const publishStarted: MissionEvent[] = [
  { type: 'PipelineStepStarted', data: { step: 'publish', attempt: 1 } },
  { type: 'PublishRequested', data: { attempt: 1, provider: 'local', repository: 'quiz', branch: 'gantry/quiz-0b8c3a8e', manifestDigest: digest } },
];
const branch: MissionEvent = {
  type: 'BranchCreated',
  data: {
    attempt: 1,
    provider: 'local',
    repository: 'repos/quiz.git',
    branch: 'gantry/quiz-0b8c3a8e',
    baseBranch: 'main',
    commitSha: 'c'.repeat(40),
    reused: false,
  },
};
const pull: MissionEvent = {
  type: 'PullRequestOpened',
  data: {
    attempt: 1,
    provider: 'local',
    url: 'http://x/pr',
    branch: 'gantry/quiz-0b8c3a8e',
    number: 1,
    commitSha: 'c'.repeat(40),
    descriptionSha256: 'd'.repeat(64),
    reused: false,
  },
};
const next = (...events: MissionEvent[]) => nextPipelineAction(foldMission(events));
const folded = (events: MissionEvent[]) => mustExist(foldMission(events), ID);

describe('Shipping in the pipeline: given the events, the next move', () => {
  it('keeps a step under way through its request and its branch, and ends DEPLOYED with the URL and the pull request', () => {
    const green = [...base, built(true)];
    expect(next(...green)).toEqual({ kind: 'start', step: 'deploy', attempt: 1, before: [] });
    expect(next(...green, ...deployStarted)).toEqual({ kind: 'run', step: 'deploy', attempt: 1 });
    const deployed: MissionEvent = {
      type: 'DeploymentSucceeded',
      data: { attempt: 1, provider: 'local', url: 'http://x/apps/quiz-0b8c3a8e/', deploymentId: 'd1', reused: false },
    };
    expect(next(...green, ...deployStarted, deployed)).toEqual({ kind: 'start', step: 'publish', attempt: 1, before: [] });
    const publishing = [...green, ...deployStarted, deployed, ...publishStarted];
    expect(next(...publishing)).toEqual({ kind: 'run', step: 'publish', attempt: 1 });
    expect(next(...publishing, branch)).toEqual({ kind: 'run', step: 'publish', attempt: 1 });
    const done = next(...publishing, branch, pull);
    expect(done).toEqual({
      kind: 'record',
      events: [{ type: 'MissionSucceeded', data: match.objectContaining({ status: 'DEPLOYED', url: 'http://x/apps/quiz-0b8c3a8e/', prUrl: 'http://x/pr' }) }],
    });
    expect(folded([...publishing, branch, pull]).status).toBe('PUBLISHING');
  });

  it('ends PR_OPENED when the deployment failed, and says so', () => {
    const failed: MissionEvent = { type: 'DeploymentFailed', data: { attempt: 1, provider: 'vercel', error: 'timed out' } };
    const done = next(...base, built(true), ...deployStarted, failed, ...publishStarted, branch, pull);
    expect(done).toEqual({
      kind: 'record',
      events: [
        {
          type: 'MissionSucceeded',
          data: match.objectContaining({ status: 'PR_OPENED', url: null, speech: match.stringContaining('Deployment did not happen') }),
        },
      ],
    });
  });

  it('refuses to ship anything but the attempt that passed: a red build, a blocked attempt, a later draft', () => {
    expect(passingAttempt(folded([...base, built(true)]))).toMatchObject({ attempt: 1, digest });
    expect(() => passingAttempt(folded([...base, built(false)]))).toThrow(ShippingRefusedError);
    const blocked = base.map((event) =>
      event.type === 'PolicyVerdictRendered' ? { ...event, data: { ...event.data, allowed: false } } : event,
    ) as MissionEvent[];
    expect(() => passingAttempt(folded([...blocked, built(true)]))).toThrow(/not allowed by the policy gate/);
    const redrafted: MissionEvent = { ...base[3], data: { ...(base[3].data as object), attempt: 2 } } as MissionEvent;
    expect(() => passingAttempt(folded([...base, built(true), redrafted]))).toThrow(/no passing build/);
  });
});

import type { MissionEvent, MissionEventMap } from './mission-events';
import { foldMission, mustExist } from './mission.state';
import { nextPipelineAction } from './next-pipeline-action';
import { failedAt } from './mission-failed';
import { NotConfiguredStep } from '../../../test/support/not-configured.step';
import { match } from '../../../test/support/expectations';

const ID = '0b8c3a8e-3f0e-4a55-8f1c-0d8c6c1a9b21';
const opened = (deploy = true, publish = true): MissionEvent => ({
  type: 'MissionOpened',
  data: { missionId: ID, mode: 'direct', prompt: 'A quiz', deploy, publish, channel: 'api', owner: 'anonymous' },
});
const confirmed: MissionEvent = { type: 'BuildConfirmed', data: { buildPrompt: 'A quiz', features: [], stack: 'node', designTarget: null } };
const started = (step: MissionEventMap['PipelineStepStarted']['step'], attempt: number): MissionEvent => ({
  type: 'PipelineStepStarted',
  data: { step, attempt },
});
const drafted = (attempt: number): MissionEvent => ({
  type: 'BlueprintDrafted',
  data: {
    attempt,
    provider: 'test',
    model: 'fixed',
    usage: { inputTokens: 0, outputTokens: 0 },
    calls: 0,
    manifest: { projectName: 'quiz', stack: 'node', auditCommand: 'node --test', runCommand: 'node server.js' },
    files: [{ path: 'quiz.test.js', bytes: 10, sha256: 'a'.repeat(64) }],
  },
});
const verdict = (attempt: number, allowed = true): MissionEvent => ({ type: 'PolicyVerdictRendered', data: { attempt, allowed, violations: [] } });
const finished = (attempt: number, outcome: Partial<MissionEventMap['BuildAttemptFinished']> = {}): MissionEvent => ({
  type: 'BuildAttemptFinished',
  data: {
    attempt,
    passed: false,
    exitCode: 1,
    timedOut: false,
    oomKilled: false,
    abandoned: false,
    durationMs: 900,
    logSha256: 'b'.repeat(64),
    logExcerpt: 'not ok 1 - adds',
    ...outcome,
  },
});
const attemptEvents = (attempt: number, outcome: Partial<MissionEventMap['BuildAttemptFinished']> = {}): MissionEvent[] => [
  started(attempt === 1 ? 'draft' : 'heal', attempt),
  drafted(attempt),
  started('policy', attempt),
  verdict(attempt),
  started('build', attempt),
  finished(attempt, outcome),
];
const next = (...events: MissionEvent[]) => nextPipelineAction(foldMission(events));
const folded = (events: MissionEvent[]) => mustExist(foldMission(events), ID);

describe("nextPipelineAction: given the mission's events, the pipeline's next move", () => {
  it('starts drafting once a build is confirmed, runs the started step, and stops when the mission ends', async () => {
    expect(next(opened())).toBeNull();
    expect(next(opened(), confirmed)).toEqual({ kind: 'start', step: 'draft', attempt: 1, before: [] });
    const drafting = folded([opened(), confirmed, started('draft', 1)]);
    expect(drafting.status).toBe('ARCHITECTING');
    expect(nextPipelineAction(drafting)).toEqual({ kind: 'run', step: 'draft', attempt: 1 });
    const result = await new NotConfiguredStep('draft').run(drafting, 1);
    const ended = folded([opened(), confirmed, started('draft', 1), ...result]);
    expect(result.map((event) => event.type)).toEqual(['PipelineStepUnavailable', 'MissionFailed']);
    expect(ended).toMatchObject({ status: 'FAILED', failure: { stage: 'ARCHITECTING', reason: match.stringContaining('No architect is configured') } });
    expect(nextPipelineAction(ended)).toBeNull();
  });

  it('checks the policy after a draft, then builds what the policy allowed', () => {
    expect(next(opened(), confirmed, started('draft', 1), drafted(1))).toEqual({ kind: 'start', step: 'policy', attempt: 1, before: [] });
    expect(next(opened(), confirmed, started('draft', 1), drafted(1), started('policy', 1), verdict(1))).toEqual({
      kind: 'start',
      step: 'build',
      attempt: 1,
      before: [],
    });
    expect(next(opened(), confirmed, started('draft', 1), drafted(1), started('policy', 1), verdict(1, false))).toBeNull();
  });

  it('ships a green build, then succeeds honestly when deploy and publish are not configured', async () => {
    const green = [opened(), confirmed, ...attemptEvents(1, { passed: true, exitCode: 0 })];
    expect(next(...green)).toEqual({ kind: 'start', step: 'deploy', attempt: 1, before: [] });
    const deployUnavailable = await new NotConfiguredStep('deploy').run(folded(green), 1);
    expect(deployUnavailable.map((event) => event.type)).toEqual(['PipelineStepUnavailable']);
    const afterDeploy = [...green, started('deploy', 1), ...deployUnavailable];
    expect(next(...afterDeploy)).toEqual({ kind: 'start', step: 'publish', attempt: 1, before: [] });
    const afterPublish = [...afterDeploy, started('publish', 1), ...(await new NotConfiguredStep('publish').run(folded(afterDeploy), 1))];
    const finish = next(...afterPublish);
    expect(finish).toEqual({
      kind: 'record',
      events: [
        {
          type: 'MissionSucceeded',
          data: match.objectContaining({
            status: 'SUCCESS',
            url: null,
            prUrl: null,
            speech: match.stringContaining('Deployment and publishing did not happen'),
          }),
        },
      ],
    });
  });

  it('succeeds straight after a green build when neither deploy nor publish was asked for', () => {
    expect(next(opened(false, false), confirmed, ...attemptEvents(1, { passed: true, exitCode: 0 }))).toEqual({
      kind: 'record',
      events: [{ type: 'MissionSucceeded', data: match.objectContaining({ status: 'SUCCESS', speech: 'The build passed its tests on attempt 1.' }) }],
    });
  });

  it('asks to heal a failed attempt with a failure packet, as the next attempt', () => {
    const action = next(opened(), confirmed, ...attemptEvents(1));
    expect(action).toEqual({
      kind: 'start',
      step: 'heal',
      attempt: 2,
      before: [
        {
          type: 'HealRequested',
          data: {
            attempt: 2,
            failure: match.objectContaining({
              command: 'node --test',
              exitCode: 1,
              output: 'not ok 1 - adds',
              manifestDigest: match.stringMatching(/^[0-9a-f]{64}$/),
            }),
          },
        },
      ],
    });
    const healing = folded([opened(), confirmed, ...attemptEvents(1), ...(action as { before: MissionEvent[] }).before, started('heal', 2)]);
    expect(healing.status).toBe('HEALING');
  });

  it('fails after three failed attempts, and never heals a timeout', () => {
    const three = [opened(), confirmed, ...attemptEvents(1), ...attemptEvents(2), ...attemptEvents(3)];
    expect(next(...three)).toEqual({
      kind: 'record',
      events: [{ type: 'MissionFailed', data: match.objectContaining({ status: 'FAILED', stage: 'BUILDING' }) }],
    });
    expect(next(opened(), confirmed, ...attemptEvents(1, { timedOut: true, exitCode: null }))).toEqual({
      kind: 'record',
      events: [{ type: 'MissionFailed', data: match.objectContaining({ status: 'TIMEOUT' }) }],
    });
  });

  it('ends FAILED without healing when a build filled the disk limit, its failure packet saying so; any other failure still heals', () => {
    const full = finished(1, { exitCode: 1, diskLimitHit: true, logExcerpt: 'Error: ENOSPC: no space left on device, write\nnot ok 1 - fills' });
    const events = [opened(), confirmed, ...attemptEvents(1).slice(0, -1), full];
    expect(next(...events)).toEqual({
      kind: 'record',
      events: [
        {
          type: 'MissionFailed',
          data: match.objectContaining({
            status: 'FAILED',
            stage: 'BUILDING',
            reason: match.stringContaining('disk limit'),
            failure: match.objectContaining({ diskLimitHit: true, exitCode: 1, failingTests: ['fills'], output: match.stringContaining('ENOSPC') }),
          }),
        },
      ],
    });
    expect(next(opened(), confirmed, ...attemptEvents(1, { diskLimitHit: false }))).toMatchObject({ kind: 'start', step: 'heal', attempt: 2 });
  });

  it('runs the same attempt again when its build was abandoned by a restart, without healing', () => {
    expect(next(opened(), confirmed, ...attemptEvents(1, { abandoned: true, exitCode: null }))).toEqual({
      kind: 'start',
      step: 'build',
      attempt: 1,
      before: [],
    });
    expect(next(opened(), confirmed, ...attemptEvents(1), ...attemptEvents(2), ...attemptEvents(3, { abandoned: true, exitCode: null }))).toEqual({
      kind: 'start',
      step: 'build',
      attempt: 3,
      before: [],
    });
  });

  it('starts again from a fresh draft after a retry', () => {
    const failed = failedAt('build', { reason: 'r', speech: 's' });
    const retried: MissionEvent = { type: 'MissionRetried', data: { fromStatus: 'FAILED', by: 'anonymous', deploy: true, publish: true } };
    const events = [opened(), confirmed, ...attemptEvents(1), ...attemptEvents(2), ...attemptEvents(3), failed, retried];
    expect(next(...events)).toEqual({ kind: 'start', step: 'draft', attempt: 1, before: [] });
    expect(folded(events).pipeline.attempt).toBe(0);
  });

  describe('healing', () => {
    const healRequest = (...events: MissionEvent[]) => (next(...events) as { before: MissionEvent[] }).before;
    const rejected = (attempt: number, reason = 'no JSON object in the answer'): MissionEvent => ({
      type: 'BlueprintRejected',
      data: { attempt, provider: 'bedrock', model: 'm', usage: { inputTokens: 10, outputTokens: 5 }, calls: 1, reason },
    });

    it('names the failing tests in the failure packet', () => {
      const [request] = healRequest(opened(), confirmed, ...attemptEvents(1, { logExcerpt: 'ok 1 - adds\nnot ok 2 - divides by zero\n# fail 1' }));
      expect(request).toMatchObject({ type: 'HealRequested', data: { failure: { failingTests: ['divides by zero'] } } });
    });

    it('stops healing early when a healed attempt fails exactly as the one before it', () => {
      const first = [opened(), confirmed, ...attemptEvents(1, { durationMs: 900 })];
      const second = [...first, ...healRequest(...first), ...attemptEvents(2, { durationMs: 1200 })];
      expect(next(...second)).toEqual({
        kind: 'record',
        events: [
          {
            type: 'MissionFailed',
            data: match.objectContaining({ status: 'FAILED', stage: 'BUILDING', reason: match.stringContaining('failed exactly as attempt 1 did (adds)') }),
          },
        ],
      });
    });

    it('keeps healing while each attempt fails differently', () => {
      const first = [opened(), confirmed, ...attemptEvents(1)];
      const second = [...first, ...healRequest(...first), ...attemptEvents(2, { logExcerpt: 'not ok 1 - subtracts' })];
      expect(next(...second)).toMatchObject({ kind: 'start', step: 'heal', attempt: 3 });
    });

    it('heals a rejected blueprint with its reason, and fails at ARCHITECTING when no attempt gave a usable one', () => {
      const first = [opened(), confirmed, started('draft', 1), rejected(1)];
      const [request] = healRequest(...first);
      expect(request).toMatchObject({
        type: 'HealRequested',
        data: { attempt: 2, failure: { command: 'architect manifest', exitCode: null, output: 'no JSON object in the answer' } },
      });
      const second = [...first, request, started('heal', 2), rejected(2, 'the file path "../x" is not relative')];
      const third = [...second, ...healRequest(...second), started('heal', 3), rejected(3, 'truncated')];
      expect(next(...third)).toEqual({
        kind: 'record',
        events: [
          {
            type: 'MissionFailed',
            data: match.objectContaining({ status: 'FAILED', stage: 'ARCHITECTING', reason: 'No usable blueprint in 3 attempts; the last: truncated' }),
          },
        ],
      });
      expect(folded(third).runUsage).toEqual({ inputTokens: 30, outputTokens: 15, modelCalls: 3 });
    });
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Architect, ArchitectOutcome, DraftRequest, HealRequest } from '../../../ports/architect.port';
import type { Manifest } from '../../../domain/manifest';
import type { BudgetLimits } from '../../../../config/gantry-config';
import { LlmCallFailedError } from '../../../ports/llm-call-failed.error';
import { sha256 } from '../../../infrastructure/evidence-store';
import type { MissionEvent } from '../../../domain/mission-events';
import { foldMission, mustExist } from '../../../domain/mission.state';
import { BlueprintEvidence } from '../blueprint-evidence';
import { ArchitectStep } from './architect.step';
import { match } from '../../../../../test/support/expectations';
import { memoryEvidenceStore } from '../../../../../test/support/evidence-stores';

const ID = '5f0c1e2a-8b7d-4c3e-9f1a-2b3c4d5e6f70';
const TEST = "require('node:test')('adds', () => {});\n";
const project = (files: Record<string, string>, auditCommand = 'node --test'): Manifest => ({
  projectName: 'adder',
  stack: 'node',
  auditCommand,
  runCommand: 'node server.js',
  files: Object.entries(files).map(([path, content]) => ({ path, content })),
});
const origin = { provider: 'bedrock', model: 'claude', usage: { inputTokens: 1200, outputTokens: 800 }, calls: 1 };
const LIMITS: BudgetLimits = { tokens: 10_000, modelCalls: 5, wallTimeMs: 60_000 };
const STARTED_AT = '2026-11-21T10:00:00.000Z';

class FakeArchitect implements Architect {
  readonly provider = 'bedrock';
  readonly model = 'claude';
  readonly heals: HealRequest[] = [];
  constructor(private readonly answer: () => ArchitectOutcome | Promise<ArchitectOutcome>) {}
  async draft(_request: DraftRequest) {
    return this.answer();
  }
  async heal(request: HealRequest) {
    this.heals.push(request);
    return this.answer();
  }
}

const opened: MissionEvent = {
  type: 'MissionOpened',
  data: { missionId: ID, mode: 'direct', prompt: 'An adder', deploy: false, publish: false, channel: 'api', owner: 'ada' },
};
const confirmed: MissionEvent = { type: 'BuildConfirmed', data: { buildPrompt: 'An adder', features: [], stack: 'node', designTarget: 'SPOTIFY' } };

function given(
  events: MissionEvent[],
  answer: () => ArchitectOutcome | Promise<ArchitectOutcome>,
  step: 'draft' | 'heal' = 'draft',
  limits = LIMITS,
  now = Date.parse(STARTED_AT) + 1000,
) {
  const blueprints = new BlueprintEvidence(memoryEvidenceStore(mkdtempSync(join(tmpdir(), 'gantry-architect-'))));
  const architect = new FakeArchitect(answer);
  const state = mustExist(foldMission([opened, { ...confirmed, occurredAt: STARTED_AT }, ...events]), ID);
  return { architect, blueprints, when: (attempt: number) => new ArchitectStep(step, architect, blueprints, limits, () => now).run(state, attempt) };
}

describe('ArchitectStep: given a mission, when the architect answers, then', () => {
  it('records the manifest as a blueprint whose files are in the evidence pack, with the model usage', async () => {
    const { when } = given([], () => ({ kind: 'manifest', manifest: project({ 'add.js': 'x', 'test/add.test.js': TEST }), ...origin }));
    const [event] = await when(1);
    expect(event).toMatchObject({
      type: 'BlueprintDrafted',
      data: { attempt: 1, provider: 'bedrock', calls: 1, usage: origin.usage, files: [{ path: 'add.js' }, { path: 'test/add.test.js', sha256: sha256(TEST) }] },
    });
  });

  it('records a rejected answer as the failure of that attempt', async () => {
    const { when } = given([], () => ({ kind: 'rejected', reason: 'no JSON object in the answer', ...origin }));
    expect(await when(1)).toEqual([{ type: 'BlueprintRejected', data: { attempt: 1, ...origin, reason: 'no JSON object in the answer' } }]);
  });

  it('rejects a path the evidence pack cannot hold instead of crashing', async () => {
    const { when } = given([], () => ({ kind: 'manifest', manifest: project({ '../escape.js': 'x' }), ...origin }));
    expect(await when(1)).toMatchObject([{ type: 'BlueprintRejected', data: { reason: 'the file path "../escape.js" cannot be stored safely' } }]);
  });

  it('ends the mission FAILED when the model cannot be reached, counting the calls it made', async () => {
    const { when } = given([], () => Promise.reject(new LlmCallFailedError('ThrottlingException after 4 calls', 'bedrock', 4, true)));
    const events = await when(1);
    expect(events.map((event) => event.type)).toEqual(['BlueprintRejected', 'MissionFailed']);
    expect(events[0]).toMatchObject({ data: { calls: 4, reason: 'The model call failed: ThrottlingException after 4 calls' } });
    expect(events[1]).toMatchObject({ data: { status: 'FAILED', stage: 'ARCHITECTING' } });
  });

  describe('the budget governor', () => {
    const spent: MissionEvent = {
      type: 'BlueprintRejected',
      data: { attempt: 1, ...origin, usage: { inputTokens: 6000, outputTokens: 4000 }, reason: 'truncated' },
    };

    it('refuses a model call once the token cap is reached, naming the cap', async () => {
      const { when, architect } = given([spent], () => ({ kind: 'rejected', reason: 'never asked', ...origin }), 'heal');
      expect(await when(2)).toEqual([
        {
          type: 'MissionFailed',
          data: match.objectContaining({
            status: 'FAILED',
            stage: 'HEALING',
            reason: match.stringContaining('the token budget is spent (10000 of 10000 tokens used)'),
          }),
        },
      ]);
      expect(architect.heals).toHaveLength(0);
    });

    it('refuses a model call once the call cap or the wall time is reached', async () => {
      const calls = { ...LIMITS, modelCalls: 1 };
      expect(await given([spent], () => ({ kind: 'rejected', reason: 'x', ...origin }), 'heal', { ...calls, tokens: 1e6 }).when(2)).toMatchObject([
        { data: { reason: match.stringContaining('the model-call budget is spent (1 of 1 calls made)') } },
      ]);
      const late = Date.parse(STARTED_AT) + 61_000;
      expect(await given([], () => ({ kind: 'rejected', reason: 'x', ...origin }), 'draft', LIMITS, late).when(1)).toMatchObject([
        { data: { reason: match.stringContaining('the time budget is spent (1 of 1 minutes used)') } },
      ]);
    });
  });

  describe('healing', () => {
    const drafted = (blueprints: BlueprintEvidence, manifest: Manifest) => blueprints.record(ID, 1, manifest, origin);
    const failure: MissionEvent = {
      type: 'HealRequested',
      data: {
        attempt: 2,
        failure: {
          command: 'node --test',
          exitCode: 1,
          timedOut: false,
          oomKilled: false,
          failingTests: ['adds'],
          output: 'not ok 1 - adds',
          manifestDigest: 'd',
        },
      },
    };

    async function healWith(healed: Manifest) {
      const setup = given([], () => ({ kind: 'manifest', manifest: healed, ...origin }), 'heal');
      const first = await drafted(setup.blueprints, project({ 'add.js': 'broken', 'test/add.test.js': TEST }));
      const state = mustExist(foldMission([opened, confirmed, first, failure]), ID);
      const step = new ArchitectStep('heal', setup.architect, setup.blueprints, LIMITS, () => Date.now());
      return { events: await step.run(state, 2), request: setup.architect.heals[0] };
    }

    it('gives the architect the failed manifest and the failure packet, and keeps a heal that leaves the tests alone', async () => {
      const { events, request } = await healWith(project({ 'add.js': 'fixed', 'test/add.test.js': TEST, 'test/more.test.js': TEST }));
      expect(request.previous?.files.find((file) => file.path === 'add.js')?.content).toBe('broken');
      expect(request.failure.failingTests).toEqual(['adds']);
      expect(request.plan.designTarget).toBe('SPOTIFY');
      expect(events).toMatchObject([{ type: 'BlueprintDrafted', data: { attempt: 2 } }]);
    });

    it.each([
      ['deleted', project({ 'add.js': 'fixed' }), "healing deleted the plan's test file test/add.test.js"],
      [
        'weakened',
        project({ 'add.js': 'fixed', 'test/add.test.js': "require('node:test')('adds', () => { /* skip */ });\n" }),
        "healing changed the plan's test file test/add.test.js",
      ],
      [
        'bypassed',
        project({ 'add.js': 'fixed', 'test/add.test.js': TEST }, 'node --test add.js'),
        'healing changed the test command from "node --test" to "node --test add.js"',
      ],
    ])('rejects a heal that %s the tests', async (_how, healed, reason) => {
      const { events } = await healWith(healed);
      expect(events).toMatchObject([{ type: 'BlueprintRejected', data: { attempt: 2, reason } }]);
    });
  });
});

import type { MissionEvent } from './mission-events';
import { decide } from './mission.decisions';
import { InvalidTransitionError, MissionRuleError } from './mission.errors';
import { foldMission, mustExist, type Mission } from './mission.state';
import { buildPromptOf, consultantInputOf, projectIdOf, versionLink, versionOf } from './project-version';

const V1 = '6f1c1f4e-8d1a-4f6e-9a53-2d6c1b7e0a11';
const V2 = '0b7e3c55-2a41-4c8e-8f0a-7d2f1e9c3b22';
const OWNER = 'client:alice';
const plan = { features: ['Add, complete and delete tasks', 'Due dates'], stack: 'node', designTarget: null };
const files = [{ path: 'public/index.html', bytes: 10, sha256: 'a'.repeat(64) }];
const manifest = { projectName: 'Todo', stack: 'node', auditCommand: 'node --test', runCommand: 'node server.js' };

const shippedV1: MissionEvent[] = [
  { type: 'MissionOpened', data: { missionId: V1, mode: 'direct', prompt: 'A todo app', deploy: true, publish: true, channel: 'api', owner: OWNER } },
  { type: 'BuildConfirmed', data: { buildPrompt: 'A todo app with due dates', ...plan } },
  { type: 'PipelineStepStarted', data: { step: 'draft', attempt: 1 } },
  { type: 'BlueprintDrafted', data: { attempt: 1, provider: 'offline', model: 't', usage: { inputTokens: 0, outputTokens: 0 }, calls: 0, manifest, files } },
  { type: 'DeploymentRequested', data: { attempt: 1, provider: 'local', slug: 'todo-6f1c1f4e', key: 'k', manifestDigest: 'd'.repeat(64) } },
  { type: 'DeploymentSucceeded', data: { attempt: 1, provider: 'local', url: 'http://x/apps/todo-6f1c1f4e/', deploymentId: 'id', reused: false } },
  { type: 'PublishRequested', data: { attempt: 1, provider: 'local', repository: 'todo', branch: 'gantry/todo-6f1c1f4e', manifestDigest: 'd'.repeat(64) } },
  {
    type: 'BranchCreated',
    data: {
      attempt: 1,
      provider: 'local',
      repository: 'repos/todo.git',
      branch: 'gantry/todo-6f1c1f4e',
      baseBranch: 'main',
      commitSha: 'c'.repeat(40),
      reused: false,
    },
  },
  {
    type: 'MissionSucceeded',
    data: { status: 'DEPLOYED', reason: 'live', speech: 'Live.', url: 'http://x/apps/todo-6f1c1f4e/', prUrl: 'http://x/pr' },
  },
];

const v1 = (): Mission => mustExist(foldMission(shippedV1), V1);
const opening = { missionId: V2, prompt: 'add dark mode and a search box', deploy: true, publish: true, channel: 'web' as const, owner: OWNER };

function openV2(): MissionEvent[] {
  const link = versionLink(v1(), { revision: 8, hash: 'h'.repeat(64) }, V1, 2);
  return decide({ type: 'OpenVersion', opening, link }, foldMission([]));
}

describe('Projects and versions', () => {
  it("links a new version to its project, the parent's head hash, its files by hash, its plan and its published commit", () => {
    const [event] = openV2();
    expect(event.type).toBe('MissionOpened');
    expect(event.data).toMatchObject({
      mode: 'consultation',
      project: {
        projectId: V1,
        version: 2,
        parentMissionId: V1,
        parentVersion: 1,
        parentRevision: 8,
        parentHeadHash: 'h'.repeat(64),
        slug: 'todo-6f1c1f4e',
        base: {
          missionId: V1,
          attempt: 1,
          files,
          plan: { buildPrompt: 'A todo app with due dates' },
          publication: { repository: 'todo', commitSha: 'c'.repeat(40) },
        },
      },
    });
    const v2 = mustExist(foldMission(openV2()), V2);
    expect([projectIdOf(v2), versionOf(v2), projectIdOf(v1()), versionOf(v1())]).toEqual([V1, 2, V1, 1]);
  });

  it("lets the consultant read the change as a delta on the shipped plan, and builds from the app's whole story", () => {
    const v2 = mustExist(foldMission(openV2()), V2);
    const input = consultantInputOf(v2);
    expect(input.currentPlan).toEqual(plan);
    expect(input.conversation.map((turn) => turn.content)).toEqual(['A todo app with due dates', 'add dark mode and a search box']);
    expect(buildPromptOf(v2)).toBe('A todo app with due dates\nadd dark mode and a search box');
    expect(consultantInputOf(v1())).toEqual({ conversation: [], currentPlan: null });
  });

  it('refuses to change a version that has not shipped', () => {
    const building = mustExist(foldMission(shippedV1.slice(0, 4)), V1);
    expect(() => versionLink(building, { revision: 3, hash: 'h' }, V1, 2)).toThrow(MissionRuleError);
  });

  it('records a rollback only on a deployed version, and only with its own files', () => {
    const restored = { provider: 'local', url: 'http://x/apps/todo-6f1c1f4e/', deploymentId: 'id', manifestDigest: 'd'.repeat(64) };
    expect(decide({ type: 'RestoreVersion', by: OWNER, restored }, v1())).toEqual([
      { type: 'VersionRestored', data: { projectId: V1, version: 1, by: OWNER, ...restored } },
    ]);
    expect(() => decide({ type: 'RestoreVersion', by: OWNER, restored: { ...restored, manifestDigest: 'e'.repeat(64) } }, v1())).toThrow(MissionRuleError);
    expect(() => decide({ type: 'RestoreVersion', by: OWNER, restored }, foldMission(openV2()))).toThrow(InvalidTransitionError);
  });
});

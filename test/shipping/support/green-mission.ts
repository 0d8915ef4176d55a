import { randomUUID } from 'node:crypto';
import type { Manifest } from '../../../src/missions/domain/manifest';
import { PostgresEventStore } from '../../../src/event-store/postgres/postgres-event-store';
import { postgresEvidenceStore } from '../../support/evidence-stores';
import type { MissionEvent, MissionEventMap } from '../../../src/missions/domain/mission-events';
import { digestOf } from '../../../src/missions/domain/failure-packet';
import { BlueprintEvidence } from '../../../src/missions/application/pipeline/blueprint-evidence';
import { newEvent } from '../../support/events';
import type { TestDatabase } from '../../support/test-database';

export const STATIC_APP: Manifest = {
  projectName: 'Tip Calculator',
  stack: 'node',
  auditCommand: 'node --test',
  runCommand: 'npm start',
  files: [
    {
      path: 'public/index.html',
      content:
        '<!doctype html>\n<html><head><title>Tip Calculator</title><link rel="stylesheet" href="style.css"></head><body><h1>Tip Calculator</h1><script src="app.js"></script></body></html>\n',
    },
    { path: 'public/style.css', content: 'body { font-family: sans-serif; }\n' },
    {
      path: 'public/app.js',
      content: "const tip = (bill, percent) => Math.round(bill * percent) / 100;\nif (typeof module !== 'undefined') module.exports = { tip };\n",
    },
    { path: 'package.json', content: '{ "name": "tip-calculator", "private": true }\n' },
    {
      path: 'test/tip.test.js',
      content:
        "const test = require('node:test');\nconst assert = require('node:assert');\nconst { tip } = require('../public/app.js');\ntest('tips', () => assert.strictEqual(tip(200, 15), 30));\n",
    },
  ],
};

/** Who asked and what they said; the defaults are an anonymous tip calculator. */
export interface GreenStory {
  owner?: string;
  prompt?: string;
  features?: string[];
  /** Events recorded after the green build (e.g. a publication requested under an older naming). */
  after?: (digest: string) => MissionEvent[];
}

/** The events of a mission whose first attempt was drafted, allowed and built green: shipping is all that is left. */
function greenEvents(missionId: string, drafted: MissionEvent, shipping: { deploy: boolean; publish: boolean }, story: GreenStory): MissionEvent[] {
  const prompt = story.prompt ?? 'A tip calculator';
  return [
    { type: 'MissionOpened', data: { missionId, mode: 'direct', prompt, ...shipping, channel: 'api', owner: story.owner ?? 'anonymous' } },
    { type: 'BuildConfirmed', data: { buildPrompt: prompt, features: story.features ?? ['Split the bill'], stack: 'static', designTarget: null } },
    { type: 'PipelineStepStarted', data: { step: 'draft', attempt: 1 } },
    drafted,
    { type: 'PipelineStepStarted', data: { step: 'policy', attempt: 1 } },
    { type: 'PolicyVerdictRendered', data: { attempt: 1, allowed: true, violations: [] } },
    { type: 'PipelineStepStarted', data: { step: 'build', attempt: 1 } },
    {
      type: 'BuildAttemptStarted',
      data: { attempt: 1, driver: 'docker', image: 'gantry-node:local', limits: { memoryBytes: 536870912, milliCpus: 500, pids: 256 }, timeoutMs: 180000 },
    },
    {
      type: 'BuildAttemptFinished',
      data: {
        attempt: 1,
        passed: true,
        exitCode: 0,
        timedOut: false,
        oomKilled: false,
        abandoned: false,
        durationMs: 1234,
        logSha256: 'a'.repeat(64),
        logExcerpt: '# pass 1',
      },
    },
    ...(story.after?.(digestOf((drafted.data as MissionEventMap['BlueprintDrafted']).files)) ?? []),
  ];
}

/** Records a mission as far as a green build, with its files in the evidence pack, straight into the store. */
export async function seedGreenMission(
  db: TestDatabase,
  missionsDir: string,
  manifest: Manifest = STATIC_APP,
  shipping = { deploy: true, publish: true },
  story: GreenStory = {},
  missionId: string = randomUUID(),
): Promise<string> {
  const blueprints = new BlueprintEvidence(postgresEvidenceStore(db, missionsDir));
  const drafted = await blueprints.record(missionId, 1, manifest, {
    provider: 'scripted',
    model: 'test',
    usage: { inputTokens: 0, outputTokens: 0 },
    calls: 0,
  });
  const events = greenEvents(missionId, drafted, shipping, story).map((event) => newEvent(event.type, event.data, 'gantry'));
  await new PostgresEventStore(db.database.pool).append(`mission-${missionId}`, events, 'no_stream');
  return missionId;
}

export const SHIPPED = ['DEPLOYED', 'PR_OPENED', 'SUCCESS', 'FAILED', 'BLOCKED', 'TIMEOUT'];

import type { Manifest } from '../../src/missions/domain/manifest';
import type { GantryConfig } from '../../src/config/gantry-config';
import { memoryEvidenceStore } from './evidence-stores';
import type { MissionEvent } from '../../src/missions/domain/mission-events';
import type { Mission } from '../../src/missions/domain/mission.state';
import { BlueprintEvidence } from '../../src/missions/application/pipeline/blueprint-evidence';
import type { PipelineStepRunner } from '../../src/missions/application/pipeline/pipeline-step.port';

/**
 * A test stand-in for the architect (which is its own capability): it "drafts" and "heals" by handing
 * out fixed manifests per attempt, recorded through the real evidence pack like any architect's.
 */
export function scriptedArchitect(config: Pick<GantryConfig, 'missionsDir'>, manifestFor: (attempt: number) => Manifest): PipelineStepRunner[] {
  const blueprints = new BlueprintEvidence(memoryEvidenceStore(config.missionsDir));
  const step = (name: 'draft' | 'heal'): PipelineStepRunner => ({
    step: name,
    run: async (mission: Mission, attempt: number): Promise<MissionEvent[]> => [
      await blueprints.record(mission.id, attempt, manifestFor(attempt), {
        provider: 'scripted',
        model: 'test',
        usage: { inputTokens: 0, outputTokens: 0 },
        calls: 0,
      }),
    ],
  });
  return [step('draft'), step('heal')];
}

/** A small node project whose own tests pass or fail as asked. */
export function nodeProject(name: string, files: Record<string, string>): Manifest {
  return {
    projectName: name,
    stack: 'node',
    files: Object.entries(files).map(([path, content]) => ({ path, content })),
    auditCommand: 'node --test',
    runCommand: 'node server.js',
  };
}

export const ADDER = 'exports.add = (a, b) => a + b;\n';
export const BROKEN_ADDER = 'exports.add = (a, b) => a - b;\n';
export const ADDER_TEST =
  "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('./add.js');\ntest('adds two numbers', () => assert.strictEqual(add(2, 3), 5));\n";

import type { GantryConfig } from '../../../src/config/gantry-config';
import type { Mission } from '../../../src/missions/domain/mission.state';
import { required } from '../../support/expectations';
import { NotConfiguredStep } from '../../support/not-configured.step';
import type { PipelineStepRunner } from '../../../src/missions/application/pipeline/pipeline-step.port';
import { ADDER, ADDER_TEST, BROKEN_ADDER, nodeProject, scriptedArchitect } from '../../support/scripted-architect';

/** A tested adder with a page, so that a deployer has something to serve. */
const ADDER_APP = { 'index.html': '<!doctype html><title>Adder</title><h1>Adder</h1>\n', 'add.js': ADDER, 'add.test.js': ADDER_TEST };

/** What the stand-in architect does for a mission: heal a failing first build, pass at once, or be missing. */
export type ArchitectPlay = 'heals' | 'passes' | 'unavailable';

/** Holds the architect until the test has seen the mission waiting at ARCHITECTING. */
export class Gate {
  private release!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.release = resolve));

  open(): void {
    this.release();
  }

  passed(): Promise<void> {
    return this.opened;
  }
}

/**
 * The architect for the console's browser tests: real blueprints through the evidence pack (built and
 * tested in the real sandbox), chosen per mission by `play`; `unavailable` is exactly today's Gantry
 * without an architect (the mission ends FAILED at ARCHITECTING).
 */
export function consoleArchitect(config: Pick<GantryConfig, 'missionsDir'>, gate: Gate, play: (mission: Mission) => ArchitectPlay): PipelineStepRunner[] {
  const plays: Record<ArchitectPlay, PipelineStepRunner[]> = {
    heals: scriptedArchitect(config, (attempt) => nodeProject('adder', { ...ADDER_APP, 'add.js': attempt === 1 ? BROKEN_ADDER : ADDER })),
    passes: scriptedArchitect(config, () => nodeProject('adder', ADDER_APP)),
    unavailable: [new NotConfiguredStep('draft'), new NotConfiguredStep('heal')],
  };
  return (['draft', 'heal'] as const).map((step) => ({
    step,
    run: async (mission: Mission, attempt: number) => {
      await gate.passed();
      const runner = required(
        plays[play(mission)].find((candidate) => candidate.step === step),
        `a ${step} runner`,
      );
      return runner.run(mission, attempt);
    },
  }));
}

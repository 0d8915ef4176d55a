import type { MissionEvent, PipelineStep } from '../../src/missions/domain/mission-events';
import { statusOfStep, type Mission } from '../../src/missions/domain/mission.state';
import { failedAt } from '../../src/missions/domain/mission-failed';
import type { PipelineStepRunner } from '../../src/missions/application/pipeline/pipeline-step.port';

const WHAT: Record<PipelineStep, string> = {
  draft: 'No architect is configured in this build of Gantry yet, so no code can be drafted',
  policy: 'No policy gate is configured in this build of Gantry yet, so generated code cannot be checked',
  build: 'No sandbox is configured in this build of Gantry yet, so nothing can be built or tested',
  heal: 'No architect is configured in this build of Gantry yet, so a failed build cannot be healed',
  deploy: 'No deployer is configured in this build of Gantry yet',
  publish: 'No publisher is configured in this build of Gantry yet',
};

/**
 * The honest default for a step whose capability is not built or configured: it records that the step
 * could not run and, for a step the build needs, ends the mission FAILED at that stage. Never a pretend success.
 */
export class NotConfiguredStep implements PipelineStepRunner {
  constructor(readonly step: PipelineStep) {}

  async run(mission: Mission, attempt: number): Promise<MissionEvent[]> {
    const reason = WHAT[this.step];
    // Shipping is optional: a green build without a deployer or publisher still succeeds, and says so.
    if (this.step === 'deploy' || this.step === 'publish') return [{ type: 'PipelineStepUnavailable', data: { step: this.step, attempt, reason } }];
    return [
      { type: 'PipelineStepUnavailable', data: { step: this.step, attempt, reason } },
      failedAt(this.step, { reason, speech: `Mission stopped at ${statusOfStep(this.step).toLowerCase()}: ${reason}.` }),
    ];
  }
}

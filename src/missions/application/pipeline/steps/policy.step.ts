import { Inject, Injectable } from '@nestjs/common';
import { POLICY_GATE, type PolicyGate, type Violation } from '../../../ports/policy-gate.port';
import { EvidenceStore } from '../../../infrastructure/evidence-store';
import type { MissionEvent } from '../../../domain/mission-events';
import type { Mission } from '../../../domain/mission.state';
import { blockedAt } from '../../../domain/mission-failed';
import { attemptFolder, BlueprintEvidence } from '../blueprint-evidence';
import type { PipelineStepRunner } from '../pipeline-step.port';

function describe(violation: Violation): string {
  const where = violation.file ? ` in ${violation.file}${violation.line ? ` line ${violation.line}` : ''}` : '';
  return `${violation.rule}${where}: ${violation.detail}`;
}

/** Checks every attempt's manifest (healed ones too) against policy.yaml; a violation ends the mission BLOCKED. */
@Injectable()
export class PolicyStep implements PipelineStepRunner {
  readonly step = 'policy' as const;

  constructor(
    @Inject(POLICY_GATE) private readonly gate: PolicyGate,
    private readonly blueprints: BlueprintEvidence,
    private readonly evidence: EvidenceStore,
  ) {}

  async run(mission: Mission, attempt: number): Promise<MissionEvent[]> {
    const { blueprint } = mission.pipeline;
    if (!blueprint) throw new Error(`Mission ${mission.id}: the policy step has no drafted blueprint for attempt ${attempt}`);
    const manifest = await this.blueprints.load(mission.id, blueprint);
    const verdict = this.gate.check(manifest);
    await this.evidence.write(mission.id, `${attemptFolder(attempt)}/policy-verdict.json`, JSON.stringify(verdict, null, 2));
    const rendered: MissionEvent = { type: 'PolicyVerdictRendered', data: { attempt, allowed: verdict.allowed, violations: verdict.violations } };
    if (verdict.allowed) return [rendered];
    const reason = `Policy violation: ${describe(verdict.violations[0])}${verdict.violations.length > 1 ? ` (and ${verdict.violations.length - 1} more)` : ''}`;
    return [rendered, blockedAt('policy', { reason, speech: 'Request denied. The generated code broke the security policy.' })];
  }
}

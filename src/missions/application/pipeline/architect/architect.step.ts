import { type Architect, type ArchitectOutcome, type DraftRequest } from '../../../ports/architect.port';
import type { BudgetLimits } from '../../../../config/gantry-config';
import { LlmCallFailedError } from '../../../ports/llm-call-failed.error';
import type { MissionEvent } from '../../../domain/mission-events';
import type { Mission } from '../../../domain/mission.state';
import { failedAt } from '../../../domain/mission-failed';
import { BlueprintEvidence } from '../blueprint-evidence';
import { applyEdits } from '../../../domain/file-edits';
import type { Manifest } from '../../../domain/manifest';
import { requestOf } from '../../../domain/project-version';
import type { PipelineStepRunner } from '../pipeline-step.port';
import { checkBudget } from './budget-governor';
import { weakenedTests } from './heal-guard';

/**
 * The pipeline's `draft` and `heal` steps: asks the configured architect (offline templates or a model)
 * for a manifest, under the budget governor, and records either the blueprint (files into the evidence
 * pack, hashes into the event) or why the answer could not be used.
 */
export class ArchitectStep implements PipelineStepRunner {
  constructor(
    readonly step: 'draft' | 'heal',
    private readonly architect: Architect,
    private readonly blueprints: BlueprintEvidence,
    private readonly budget: BudgetLimits,
    private readonly now: () => number = Date.now,
  ) {}

  async run(mission: Mission, attempt: number): Promise<MissionEvent[]> {
    const budget = checkBudget(mission.runUsage, mission.runStartedAt, this.budget, this.now());
    if (budget.exhausted) {
      return [
        failedAt(this.step, {
          reason: `The budget governor stopped the mission before attempt ${attempt}: ${budget.exhausted}`,
          speech: 'Mission stopped: its model budget is spent.',
        }),
      ];
    }
    const wallClock = new AbortController();
    const timer = setTimeout(() => wallClock.abort(), budget.remainingMs);
    try {
      const outcome = await this.ask(mission, attempt, wallClock.signal);
      return [await this.record(mission, attempt, outcome)];
    } catch (error) {
      if (!(error instanceof LlmCallFailedError)) throw error;
      const reason = wallClock.signal.aborted ? 'the time budget ran out during the model call' : error.message;
      return [
        this.rejected(
          attempt,
          { provider: error.provider, model: this.architect.model, usage: { inputTokens: 0, outputTokens: 0 }, calls: error.calls },
          `The model call failed: ${reason}`,
        ),
        failedAt(this.step, {
          reason: `The architect could not reach its model on attempt ${attempt}: ${reason}`,
          speech: 'Mission stopped: the model could not be reached. Retry when it is back.',
        }),
      ];
    } finally {
      clearTimeout(timer);
    }
  }

  private async ask(mission: Mission, attempt: number, signal: AbortSignal): Promise<ArchitectOutcome> {
    const plan = mission.approvedPlan;
    if (!plan) throw new Error(`Mission ${mission.id}: the ${this.step} step needs an approved plan`);
    const image = mission.designImage;
    const change = await this.changeOf(mission);
    const request: DraftRequest = {
      missionId: mission.id,
      attempt,
      plan,
      designImage: image ? { fileName: image.fileName, mime: image.mime } : null,
      signal,
      change,
    };
    if (this.step === 'draft') return this.architect.draft(request);
    const { blueprint, lastFailure } = mission.pipeline;
    if (!lastFailure) throw new Error(`Mission ${mission.id}: attempt ${attempt} is a heal with no failure to fix`);
    // A version whose first answer could not be used is healed from the version it changes.
    const previous = blueprint ? await this.blueprints.load(mission.id, blueprint) : (change?.base ?? null);
    return this.architect.heal({ ...request, previous, failure: lastFailure });
  }

  /** A version's change: the version it is made on, read back from the evidence store by the hashes its link recorded. */
  private async changeOf(mission: Mission): Promise<DraftRequest['change']> {
    const base = mission.project?.base;
    if (!base) return null;
    return { base: await this.blueprints.load(base.missionId, base), request: requestOf(mission) };
  }

  /** Edits land on the files they were made for: the failed attempt's when healing, else the base version's. */
  private async resolved(mission: Mission, outcome: ArchitectOutcome): Promise<ArchitectOutcome> {
    if (outcome.kind !== 'edits') return outcome;
    const { blueprint } = mission.pipeline;
    const previous = this.step === 'heal' && blueprint ? await this.blueprints.load(mission.id, blueprint) : null;
    const target: Manifest | null = previous ?? (await this.changeOf(mission))?.base ?? null;
    const origin = { provider: outcome.provider, model: outcome.model, usage: outcome.usage, calls: outcome.calls };
    if (!target) return { kind: 'rejected', reason: 'the architect answered with edits, but there is no earlier version to edit', ...origin };
    return { ...applyEdits(target, outcome.edits), ...origin };
  }

  private async record(mission: Mission, attempt: number, answered: ArchitectOutcome): Promise<MissionEvent> {
    const outcome = await this.resolved(mission, answered);
    if (outcome.kind === 'rejected') return this.rejected(attempt, outcome, outcome.reason);
    if (outcome.kind === 'edits') throw new Error('edits are resolved into a manifest before they are recorded');
    const unsafe = this.blueprints.unsafePath(outcome.manifest);
    if (unsafe !== null) return this.rejected(attempt, outcome, `the file path "${unsafe.slice(0, 120)}" cannot be stored safely`);
    if (this.step === 'heal') {
      const { planTests, blueprint } = mission.pipeline;
      const weakened = weakenedTests(planTests ?? [], blueprint?.manifest.auditCommand ?? null, outcome.manifest);
      if (weakened) return this.rejected(attempt, outcome, weakened);
    }
    const { provider, model, usage, calls } = outcome;
    return this.blueprints.record(mission.id, attempt, outcome.manifest, { provider, model, usage, calls });
  }

  private rejected(attempt: number, origin: Pick<ArchitectOutcome, 'provider' | 'model' | 'usage' | 'calls'>, reason: string): MissionEvent {
    const { provider, model, usage, calls } = origin;
    return { type: 'BlueprintRejected', data: { attempt, provider, model, usage, calls, reason: reason.slice(0, 2000) } };
  }
}

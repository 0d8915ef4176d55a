import { Logger } from '@nestjs/common';
import { errorMessage } from '../../../kernel/error-message';
import { WakeSignal } from '../../../kernel/wake-signal';
import { WrongExpectedRevisionError } from '../../ports/event-store.errors';
import type { MissionEvent, PipelineStep } from '../../domain/mission-events';
import type { Mission } from '../../domain/mission.state';
import { failedAt } from '../../domain/mission-failed';
import type { MissionRepository } from '../../infrastructure/mission.repository';
import { nextPipelineAction, type PipelineAction } from '../../domain/next-pipeline-action';
import type { InboxEntry, PipelineInbox } from '../../infrastructure/pipeline-inbox';
import type { PipelineStepRunner } from './pipeline-step.port';

const PIPELINE_ACTOR = { actor: 'gantry' };
const MAX_STEPS_PER_PASS = 100;
const MAX_STEP_ERRORS = 3;
/** After an error, a mission waits this long before a worker takes it again. */
const RETRY_DELAY_MS = 2000;
/** On a clean stop, steps under way get this long to finish before their leases are handed back. */
const STOP_GRACE_MS = 2000;

/**
 * Advances missions through the pipeline, a few at a time. Every result is appended at the revision the
 * decision was made on, so a step re-run after a crash can never record its result twice.
 */
export class PipelineWorker {
  private readonly logger = new Logger('Pipeline');
  private readonly active = new Set<string>();
  private readonly renewals = new Set<NodeJS.Timeout>();
  private readonly stepErrors = new Map<string, number>();
  private readonly lostLeases = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private readonly nudged = new WakeSignal();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly inbox: PipelineInbox,
    private readonly missions: MissionRepository,
    private readonly runners: Map<string, PipelineStepRunner>,
    private readonly options: { concurrency: number; pollIntervalMs: number; leaseRenewMs: number },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops taking work and lets go of every lease at once: a step still running is abandoned, and its result, if it ever comes, is refused because the mission has moved on. */
  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
    this.renewals.forEach((renewal) => clearInterval(renewal));
    this.renewals.clear();
    await this.inbox.releaseAll().catch(() => undefined);
  }

  nudge(): void {
    this.nudged.notify();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const seen = this.nudged.generation;
      try {
        await this.dispatch();
      } catch (error) {
        this.logger.error(`Pipeline pass failed: ${(error as Error).message}`);
      }
      if (this.running) await this.nudged.wait(this.options.pollIntervalMs, seen);
    }
  }

  private async dispatch(): Promise<void> {
    const free = this.options.concurrency - this.active.size;
    if (free <= 0) return;
    const entries = (await this.inbox.pending(free + this.active.size)).filter((entry) => !this.active.has(entry.missionId));
    for (const entry of entries.slice(0, free)) {
      this.active.add(entry.missionId);
      const work = this.process(entry)
        .catch((error: unknown) => this.logger.error(`Mission ${entry.missionId}: ${errorMessage(error)}`))
        .finally(() => {
          this.active.delete(entry.missionId);
          this.inFlight.delete(work);
          this.nudge();
        });
      this.inFlight.add(work);
    }
  }

  private async process(entry: InboxEntry): Promise<void> {
    if (!(await this.inbox.lease(entry.missionId))) return;
    const renewal = setInterval(() => void this.renew(entry.missionId), this.options.leaseRenewMs);
    this.renewals.add(renewal);
    try {
      await this.advance(entry.missionId);
      if (this.running) await this.inbox.done(entry);
    } catch (error) {
      this.logger.error(`Mission ${entry.missionId}: ${(error as Error).message}`);
      await this.inbox.release(entry.missionId, RETRY_DELAY_MS).catch(() => undefined);
    } finally {
      this.lostLeases.delete(entry.missionId);
      clearInterval(renewal);
      this.renewals.delete(renewal);
    }
  }

  /** A lease that could not be renewed belongs to someone else now: this worker must not record anything more for it. */
  private async renew(missionId: string): Promise<void> {
    const held = await this.inbox.lease(missionId).catch(() => true);
    if (!held) this.lostLeases.add(missionId);
  }

  /** Runs steps until the mission needs nothing more from the pipeline (or the worker stops). */
  async advance(missionId: string): Promise<void> {
    for (let steps = 0; steps < MAX_STEPS_PER_PASS && this.running; steps += 1) {
      const state = await this.missions.load(missionId);
      if (!state.exists) return;
      const action = state.archived ? null : nextPipelineAction(state);
      if (!action) return;
      await this.perform(state, action);
    }
  }

  private async perform(state: Mission, action: PipelineAction): Promise<void> {
    const events = await this.eventsFor(state, action);
    if (this.lostLeases.has(state.id)) throw new Error('its lease was taken over by another worker; the result is not recorded');
    try {
      await this.missions.change(state.id, PIPELINE_ACTOR, (current) => (current.revision === state.revision ? events : []));
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }

  private async eventsFor(state: Mission, action: PipelineAction): Promise<MissionEvent[]> {
    switch (action.kind) {
      case 'record':
        return action.events;
      case 'start': {
        const started: MissionEvent = { type: 'PipelineStepStarted', data: { step: action.step, attempt: action.attempt } };
        const extra = (await this.runnerFor(action.step).starting?.(state, action.attempt)) ?? [];
        return [...action.before, started, ...extra];
      }
      case 'run':
        return this.runStep(state, action.step, action.attempt);
    }
  }

  /**
   * A step that keeps throwing (a broken evidence file, an engine error) must not leave the mission
   * hanging: after MAX_STEP_ERRORS tries in this process it ends FAILED at that stage, with the error.
   */
  private async runStep(state: Mission, step: PipelineStep, attempt: number): Promise<MissionEvent[]> {
    const key = `${state.id}:${state.run}:${step}:${attempt}`;
    try {
      const events = await this.runnerFor(step).run(state, attempt);
      this.stepErrors.delete(key);
      return events;
    } catch (error) {
      const count = (this.stepErrors.get(key) ?? 0) + 1;
      this.stepErrors.set(key, count);
      if (count < MAX_STEP_ERRORS) throw error;
      this.stepErrors.delete(key);
      const reason = `The ${step} step failed ${count} times: ${(error as Error).message}`;
      return [failedAt(step, { reason, speech: `Mission stopped: the ${step} step kept failing.` })];
    }
  }

  private runnerFor(step: string): PipelineStepRunner {
    const runner = this.runners.get(step);
    if (!runner) throw new Error(`No runner for pipeline step ${step}`);
    return runner;
  }
}

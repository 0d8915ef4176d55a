import { Inject, Injectable } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../../../../config/gantry-config';
import { SANDBOX, SandboxUnavailableError, type Sandbox, type SandboxFile } from '../../../ports/sandbox.port';
import { designImageFile } from '../../design-image/design-image-file';
import { EvidenceStore, sha256 } from '../../../infrastructure/evidence-store';
import type { MissionEvent } from '../../../domain/mission-events';
import type { Mission } from '../../../domain/mission.state';
import { failedAt } from '../../../domain/mission-failed';
import { writtenByModel } from '../../../domain/mission-pipeline.state';
import { attemptFolder, BlueprintEvidence } from '../blueprint-evidence';
import type { PipelineStepRunner } from '../pipeline-step.port';

const LOG_EXCERPT_CHARS = 2000;

/** The sandbox in use is too weak for code a model wrote (the embedded tier without GANTRY_SANDBOX=process). */
class ModelCodeRefusedError extends SandboxUnavailableError {}

/** Runs an attempt's own tests in the sandbox, with the dead man's switch, and keeps the log as evidence. */
@Injectable()
export class BuildStep implements PipelineStepRunner {
  readonly step = 'build' as const;

  constructor(
    @Inject(SANDBOX) private readonly sandbox: Sandbox,
    @Inject(GANTRY_CONFIG) private readonly config: GantryConfig,
    private readonly blueprints: BlueprintEvidence,
    private readonly evidence: EvidenceStore,
  ) {}

  async starting(_mission: Mission, attempt: number): Promise<MissionEvent[]> {
    const { driver, tier, image, limits } = this.sandbox;
    return [{ type: 'BuildAttemptStarted', data: { attempt, driver, tier, image, limits: { ...limits }, timeoutMs: this.config.buildTimeoutMs } }];
  }

  async run(mission: Mission, attempt: number): Promise<MissionEvent[]> {
    const { blueprint } = mission.pipeline;
    if (!blueprint) throw new Error(`Mission ${mission.id}: the build step has no drafted blueprint for attempt ${attempt}`);
    const manifest = await this.blueprints.load(mission.id, blueprint);
    const files: SandboxFile[] = [...manifest.files, ...(await designImageFile(this.evidence, mission))];
    try {
      const refusal = this.sandbox.modelCodeRefusal;
      if (refusal && writtenByModel(blueprint)) throw new ModelCodeRefusedError(refusal);
      const result = await this.sandbox.run({ missionId: mission.id, attempt, files, command: manifest.auditCommand, timeoutMs: this.config.buildTimeoutMs });
      const passed = result.exitCode === 0 && !result.timedOut && !result.oomKilled;
      const log = `$ ${manifest.auditCommand}\n${result.output}${result.outputTruncated ? '\n[output truncated]' : ''}`;
      await this.evidence.write(mission.id, `${attemptFolder(attempt)}/build.log`, log);
      const { exitCode, timedOut, oomKilled, durationMs } = result;
      const finished = {
        attempt,
        passed,
        exitCode,
        timedOut,
        oomKilled,
        abandoned: false,
        diskLimitHit: result.diskLimitHit === true,
        durationMs,
        logSha256: sha256(log),
        logExcerpt: log.slice(-LOG_EXCERPT_CHARS),
      };
      await this.evidence.write(mission.id, `${attemptFolder(attempt)}/build-result.json`, JSON.stringify(finished, null, 2));
      return [{ type: 'BuildAttemptFinished', data: finished }];
    } catch (error) {
      if (!(error instanceof SandboxUnavailableError)) throw error;
      const speech =
        error instanceof ModelCodeRefusedError
          ? 'I will not run code a model wrote in the weak embedded sandbox: this server needs Docker or bubblewrap for that.'
          : 'I cannot build anything: no sandbox is available on this server.';
      return [
        { type: 'PipelineStepUnavailable', data: { step: 'build', attempt, reason: error.message } },
        failedAt('build', { reason: error.message, speech }),
      ];
    }
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { MissionStatusCache } from '../mission-status-cache';
import { ProjectionRunner } from '../projection-runner';
import { ProjectionTimeoutError } from '../projection-timeout.error';
import { AwaitReadModelsQuery, type MissionWrite } from './await-read-models.query';

/** How long a write waits for its own change to reach the read models before it answers anyway. */
const SETTLE_TIMEOUT_MS = 5000;

@QueryHandler(AwaitReadModelsQuery)
export class AwaitReadModelsHandler implements IQueryHandler<AwaitReadModelsQuery, boolean> {
  constructor(
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(MissionStatusCache) private readonly statuses: MissionStatusCache,
  ) {}

  async execute({ writes }: AwaitReadModelsQuery): Promise<boolean> {
    const shown = await Promise.all(writes.map((write) => this.shown(write)));
    return shown.every(Boolean);
  }

  private async shown({ missionId, revision }: MissionWrite): Promise<boolean> {
    try {
      await this.projections.waitForRevision(missionId, revision, SETTLE_TIMEOUT_MS);
      return true;
    } catch (error) {
      if (error instanceof ProjectionTimeoutError) return false;
      throw error;
    } finally {
      // The change may have been seen in the table before its notice arrived: the write's answer, and every
      // status read after it, must not be served the row from before it.
      this.statuses.forget(new Set([missionId]));
    }
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ProjectionRunner, ProjectionTimeoutError } from '../projection-runner';
import { AwaitReadModelsQuery, type MissionWrite } from './await-read-models.query';

/** How long a write waits for its own change to reach the read models before it answers anyway. */
const SETTLE_TIMEOUT_MS = 5000;

@QueryHandler(AwaitReadModelsQuery)
export class AwaitReadModelsHandler implements IQueryHandler<AwaitReadModelsQuery, boolean> {
  constructor(@Inject(ProjectionRunner) private readonly projections: ProjectionRunner) {}

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
    }
  }
}

import { join } from 'node:path';
import type { GantryConfig } from '../../config/gantry-config';
import { PublishError } from '../../missions/ports/publisher.port';
import type { CheckpointPublisher, SignedCheckpoint } from '../../missions/ports/transparency-log.port';
import { LocalRepository } from './local-repository';

export const LOG_BRANCH = 'gantry-log';

/**
 * Commits every signed checkpoint to the `gantry-log` branch of `<dataDir>/repos/gantry-log.git`: one commit
 * per checkpoint whose tree holds the note as `checkpoint`, each on top of the last, the ref moved only from
 * the head it was read at (never a force), so the branch's history is the log's history.
 */
export class LocalCheckpointPublisher implements CheckpointPublisher {
  readonly repository: LocalRepository;

  constructor(config: Pick<GantryConfig, 'dataDir'>) {
    this.repository = new LocalRepository(join(config.dataDir, 'repos', 'gantry-log.git'));
  }

  get where(): string {
    return `${this.repository.path} (${LOG_BRANCH})`;
  }

  async publishCheckpoint(checkpoint: SignedCheckpoint): Promise<void> {
    await this.repository.ensure();
    const head = await this.repository.head(LOG_BRANCH);
    const tree = await this.repository.tree([{ path: 'checkpoint', content: Buffer.from(checkpoint.note, 'utf8') }]);
    const commit = await this.repository.commit(tree, head ? [head] : [], `Checkpoint of ${checkpoint.size} leaves\n\n${checkpoint.note}`);
    if (!(await this.repository.moveBranch(LOG_BRANCH, commit, head))) {
      throw new PublishError(`${LOG_BRANCH} moved while checkpoint ${checkpoint.size} was being committed`);
    }
  }
}

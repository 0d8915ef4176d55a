import { join } from 'node:path';
import type { GantryConfig } from '../../config/gantry-config';
import { PublishError } from '../../missions/ports/publisher.port';
import type { CheckpointPublisher, SignedCheckpoint } from '../../missions/ports/transparency-log.port';
import { GitObjectWriter, commitContent, treeContent } from './git-object-writer';
import { LocalRepository } from './local-repository';

export const LOG_BRANCH = 'gantry-log';

/**
 * Commits every signed checkpoint to the `gantry-log` branch of `<dataDir>/repos/gantry-log.git`: one commit
 * per checkpoint whose tree holds the note as `checkpoint`, each on top of the last, the ref moved only from
 * the head it was read at (never a force), so the branch's history is the log's history. The commits are
 * written straight into the repository (GitObjectWriter), not through git commands: a checkpoint may come
 * every second, and each git command would fork the serving process.
 */
export class LocalCheckpointPublisher implements CheckpointPublisher {
  readonly repository: LocalRepository;
  private readonly objects: GitObjectWriter;

  constructor(config: Pick<GantryConfig, 'dataDir'>) {
    this.repository = new LocalRepository(join(config.dataDir, 'repos', 'gantry-log.git'));
    this.objects = new GitObjectWriter(this.repository.path);
  }

  get where(): string {
    return `${this.repository.path} (${LOG_BRANCH})`;
  }

  async publishCheckpoint(checkpoint: SignedCheckpoint): Promise<void> {
    await this.repository.ensure();
    const ref = `refs/heads/${LOG_BRANCH}`;
    const head = await this.objects.readRef(ref);
    const blob = await this.objects.write('blob', Buffer.from(checkpoint.note, 'utf8'));
    const tree = await this.objects.write('tree', treeContent([{ name: 'checkpoint', id: blob }]));
    const message = `Checkpoint of ${checkpoint.size} leaves\n\n${checkpoint.note}`;
    const commit = await this.objects.write('commit', commitContent(tree, head ? [head] : [], message, checkpoint.signedAt));
    if (!(await this.objects.moveRef(ref, commit, head))) {
      throw new PublishError(`${LOG_BRANCH} moved while checkpoint ${checkpoint.size} was being committed`);
    }
  }
}

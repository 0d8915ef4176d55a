import { errorMessage } from '../../../kernel/error-message';
import type { CheckpointPublisher, SignedCheckpoint } from '../../ports/transparency-log.port';

/** Checkpoints waiting for one publisher beyond this are left to the checkpoint file (the oldest go first). */
const MAX_WAITING = 100;

/**
 * Copies each signed checkpoint to one publisher (a git branch, GitHub) in the background, in signing
 * order, one at a time: a slow publisher never delays the next signature, so it never delays when an event
 * is covered by a signed checkpoint. Each checkpoint is in the store and the checkpoint file before it
 * arrives here.
 */
export class CheckpointPublishing {
  private readonly waiting: SignedCheckpoint[] = [];
  private draining: Promise<void> | null = null;

  constructor(
    private readonly publisher: CheckpointPublisher,
    private readonly log: (line: string) => void,
  ) {}

  offer(checkpoint: SignedCheckpoint): void {
    this.waiting.push(checkpoint);
    if (this.waiting.length > MAX_WAITING) {
      const dropped = this.waiting.splice(0, this.waiting.length - MAX_WAITING);
      this.log(
        `${this.publisher.where} is behind: checkpoints of ${dropped.map((c) => c.size).join(', ')} not published there (they are in the checkpoint file)`,
      );
    }
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  /** Resolves once every checkpoint offered so far was published (or failed and was logged). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    for (let checkpoint = this.waiting.shift(); checkpoint; checkpoint = this.waiting.shift()) {
      try {
        await this.publisher.publishCheckpoint(checkpoint);
      } catch (error) {
        this.log(`checkpoint of ${checkpoint.size} not published to ${this.publisher.where}: ${errorMessage(error)}`);
      }
    }
  }
}

import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * `<data dir>/log/checkpoints`: every signed checkpoint, oldest first, each note followed by one empty line.
 * A note's own empty line separates its text from its signature lines, and signature lines are never empty,
 * so the file splits unambiguously (`splitCheckpointFile` in the kernel).
 */
export class CheckpointFile {
  constructor(readonly path: string) {}

  async append(note: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${note}\n`, { mode: 0o644 });
  }
}

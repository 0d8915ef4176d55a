import { formatCheckpoint } from '../../../kernel/transparency/checkpoint';
import { consistencyProblem, proveConsistency, treeRoot } from '../../../kernel/transparency/merkle-proof';
import { signNote, type NoteSigner } from '../../../kernel/transparency/signed-note';
import { errorMessage } from '../../../kernel/error-message';
import type { CheckpointFile } from '../../infrastructure/transparency/checkpoint-file';
import type { PostgresLogStore } from '../../infrastructure/transparency/postgres-log-store';
import { askWitness } from '../../infrastructure/transparency/witness-client';
import type { CheckpointPublisher, SignedCheckpoint } from '../../ports/transparency-log.port';
import { CheckpointPublishing } from './checkpoint-publishing';

/** How long a stop waits for the publishers to finish what they were given. */
const STOP_WAIT_MS = 5_000;

export interface CheckpointerOptions {
  readonly origin: string;
  readonly intervalMs: number;
  readonly witnessUrls: readonly string[];
  /** True while this process holds the log writer's lease: only the integrating process signs. */
  readonly holdsLease: () => boolean;
  readonly log: (line: string) => void;
}

/**
 * Signs a checkpoint of the log at most every `intervalMs`, when the tree has grown: as soon as the
 * integrator reports growth and the last round started `intervalMs` ago or more, and on a fixed cadence
 * besides. Never one that does not extend the previous (the consistency proof is checked first); each one
 * stored, appended to the checkpoint file, offered to the witnesses (their cosignatures join the note) and
 * handed to the publishers, which copy it in the background.
 */
export class LogCheckpointer {
  private timer: NodeJS.Timeout | null = null;
  private dueAt = Infinity;
  private lastStarted = -Infinity;
  private running: Promise<SignedCheckpoint | null> | null = null;
  private stopped = true;
  private publishing: CheckpointPublishing[] = [];

  constructor(
    private readonly store: PostgresLogStore,
    private readonly signer: NoteSigner,
    private readonly file: CheckpointFile,
    private readonly options: CheckpointerOptions,
  ) {}

  /** Starts signing (only while this process holds the writer's lease), copying each checkpoint to the publishers too. */
  start(publishers: readonly CheckpointPublisher[] = []): void {
    if (!this.stopped) return;
    this.publishing = publishers.map((publisher) => new CheckpointPublishing(publisher, this.options.log));
    this.stopped = false;
    this.schedule(this.options.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dueAt = Infinity;
    await this.running?.catch(() => undefined);
    // The publications under way get a moment to land; a publisher that hangs never holds up a shutdown.
    let gaveUp: NodeJS.Timeout | undefined;
    await Promise.race([this.published(), new Promise((resolve) => (gaveUp = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(gaveUp);
  }

  /** The integrator grew the tree: sign now, or as soon as `intervalMs` has passed since the last round started. */
  treeGrew(): void {
    this.schedule(this.lastStarted + this.options.intervalMs - Date.now());
  }

  /** Resolves once every checkpoint signed so far has been handed to each publisher and published (or its failure logged). */
  async published(): Promise<void> {
    await Promise.all(this.publishing.map((publishing) => publishing.settled()));
  }

  /** One round now (for tests and tools): the checkpoint signed, or null when there was nothing to sign. */
  signNow(): Promise<SignedCheckpoint | null> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  /** The next round in `delayMs` (at once if negative), unless one is already due sooner. */
  private schedule(delayMs: number): void {
    const at = Date.now() + Math.max(0, delayMs);
    if (this.stopped || at >= this.dueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => void this.tick(), at - Date.now());
    this.timer.unref();
  }

  /** A round, then the next on the fixed cadence: `intervalMs` after this one started, not after it ended. */
  private async tick(): Promise<void> {
    this.timer = null;
    this.dueAt = Infinity;
    if (this.running) await this.running.catch(() => undefined);
    this.lastStarted = Date.now();
    try {
      if (this.options.holdsLease()) await this.signNow();
    } catch (error) {
      this.options.log(`checkpoint not signed: ${errorMessage(error)}`);
    }
    this.schedule(this.lastStarted + this.options.intervalMs - Date.now());
  }

  private async round(): Promise<SignedCheckpoint | null> {
    const [{ size }, previous] = await Promise.all([this.store.state(), this.store.latestCheckpoint()]);
    if (size === 0 || (previous && size <= previous.size)) return null;
    const root = await treeRoot(size, this.store.source);
    if (previous) await this.checkExtends(previous, size, root);
    const body = formatCheckpoint({ origin: this.options.origin, size, root, extensions: [] });
    const signed = signNote(body, this.signer);
    const note = signed + (await this.witness(size, signed)).join('');
    if (!(await this.store.saveCheckpoint({ size, root, note }))) return null;
    const checkpoint: SignedCheckpoint = { note, origin: this.options.origin, size, root, signedAt: new Date() };
    await this.file.append(note);
    this.publishing.forEach((publishing) => publishing.offer(checkpoint));
    return checkpoint;
  }

  private async checkExtends(previous: SignedCheckpoint, size: number, root: Buffer): Promise<void> {
    const proof = await proveConsistency(previous.size, size, this.store.source);
    const problem = consistencyProblem(previous.size, size, previous.root, root, proof);
    if (problem) throw new Error(`refusing to sign a tree of ${size} that does not extend the checkpoint of ${previous.size}: ${problem}`);
  }

  /** Each witness's cosignature lines; a witness that refuses or is unreachable is logged and left out. */
  private async witness(size: number, note: string): Promise<string[]> {
    const answers = await Promise.all(this.options.witnessUrls.map((url) => this.askOne(url, size, note)));
    return answers.flat();
  }

  private async askOne(url: string, size: number, note: string): Promise<string[]> {
    try {
      let oldSize = Math.min(await this.store.witnessSize(url), size);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const proof = oldSize === 0 || oldSize === size ? [] : await proveConsistency(oldSize, size, this.store.source);
        const answer = await askWitness(url, { oldSize, proof, note }, 5_000);
        if (answer.kind === 'cosigned') {
          await this.store.saveWitnessSize(url, size);
          return answer.lines;
        }
        if (answer.kind === 'refused') throw new Error(`HTTP ${answer.status}: ${answer.reason}`);
        if (answer.witnessSize > size) throw new Error(`the witness has seen a larger tree (${answer.witnessSize}) than this log's ${size}`);
        oldSize = answer.witnessSize;
      }
      throw new Error('the witness kept answering with another size');
    } catch (error) {
      this.options.log(`witness ${url} did not cosign the checkpoint of ${size}: ${errorMessage(error)}`);
      return [];
    }
  }
}

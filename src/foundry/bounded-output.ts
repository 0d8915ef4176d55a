import { Writable } from 'node:stream';

/** The default bound on a run's captured stdout and stderr, in both adapters. */
export const DEFAULT_OUTPUT_LIMIT_BYTES = 256 * 1024;

/** The line put where the middle of the output was cut: `cutBytes` dropped, `limitBytes` kept at the most. */
export type CutMarker = (cutBytes: number, limitBytes: number) => string;

export const DEFAULT_CUT_MARKER: CutMarker = (cutBytes) => `[... ${cutBytes} bytes of output cut ...]`;

export interface BoundedOutputOptions {
  /** Default: `[... N bytes of output cut ...]`. */
  cutMarker?: CutMarker;
  /**
   * Sees every chunk whole, before any of it is cut: for what must read the raw stream, such as the
   * memory-exhaustion watch (out-of-memory.ts), whose phrase may well sit in the middle that is dropped.
   */
  onChunk?: (chunk: Buffer) => void;
}

/**
 * A run's output (stdout and stderr interleaved), kept within `limitBytes`: the first half as it came and the
 * last half as a rolling window, with a marker line where the middle was cut. A build log's cause is usually
 * at the start (the command, the first failure) or at the end (the summary), so both ends are worth more than
 * either alone. The middle is dropped as it arrives, so a process printing without end costs no memory.
 */
export class BoundedOutput {
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private readonly cutMarker: CutMarker;
  private readonly onChunk?: (chunk: Buffer) => void;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;

  constructor(
    readonly limitBytes: number = DEFAULT_OUTPUT_LIMIT_BYTES,
    options: BoundedOutputOptions = {},
  ) {
    if (!Number.isInteger(limitBytes) || limitBytes < 2) throw new RangeError('limitBytes must be an integer >= 2');
    this.headLimit = Math.floor(limitBytes / 2);
    this.tailLimit = limitBytes - this.headLimit;
    this.cutMarker = options.cutMarker ?? DEFAULT_CUT_MARKER;
    this.onChunk = options.onChunk;
  }

  get truncated(): boolean {
    return this.total > this.limitBytes;
  }

  /** Everything that came in, kept or not. */
  get totalBytes(): number {
    return this.total;
  }

  append(chunk: Buffer): void {
    this.onChunk?.(chunk);
    this.total += chunk.length;
    const room = this.headLimit - this.headBytes;
    if (room > 0) {
      const part = chunk.subarray(0, room);
      this.head.push(part);
      this.headBytes += part.length;
      chunk = chunk.subarray(part.length);
    }
    if (chunk.length > 0) this.appendTail(chunk);
  }

  /** A sink for one stream (stdout or stderr); both may write to the same BoundedOutput. */
  writable(): Writable {
    return new Writable({
      write: (chunk: Buffer | string, _encoding, done) => {
        this.append(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
        done();
      },
    });
  }

  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    if (!this.truncated) return head + tail;
    const cut = this.total - this.headBytes - this.tailBytes;
    return `${head}\n${this.cutMarker(cut, this.limitBytes)}\n${tail}`;
  }

  /** Keeps exactly the last `tailLimit` bytes, trimming the oldest chunk when it only partly falls outside. */
  private appendTail(chunk: Buffer): void {
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes > this.tailLimit) {
      const first = this.tail[0];
      const excess = this.tailBytes - this.tailLimit;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
      }
    }
  }
}

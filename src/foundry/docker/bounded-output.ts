import { Writable } from 'node:stream';

/** The default bound on a run's captured stdout and stderr. */
export const DEFAULT_OUTPUT_LIMIT_BYTES = 256 * 1024;

/**
 * Keeps at most `limitBytes` of a stream: the first half and the last half, because a build log's cause is
 * usually at the start (the command) or the end (the summary). Everything in between is dropped as it
 * arrives, so a process printing without end costs no memory.
 */
export class BoundedOutput {
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;

  constructor(readonly limitBytes: number = DEFAULT_OUTPUT_LIMIT_BYTES) {
    if (!Number.isInteger(limitBytes) || limitBytes < 2) throw new RangeError('limitBytes must be an integer >= 2');
    this.headLimit = Math.floor(limitBytes / 2);
    this.tailLimit = limitBytes - this.headLimit;
  }

  get truncated(): boolean {
    return this.total > this.limitBytes;
  }

  get totalBytes(): number {
    return this.total;
  }

  append(chunk: Buffer): void {
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
    if (!this.truncated) return head + Buffer.concat(this.tail).toString('utf8');
    const tail = Buffer.concat(this.tail);
    const kept = tail.subarray(tail.length - this.tailLimit);
    const cut = this.total - this.headBytes - kept.length;
    return `${head}\n[... ${cut} bytes of output cut ...]\n${kept.toString('utf8')}`;
  }

  private appendTail(chunk: Buffer): void {
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tail.length > 1 && this.tailBytes - this.tail[0].length >= this.tailLimit) {
      this.tailBytes -= this.tail[0].length;
      this.tail.shift();
    }
  }
}

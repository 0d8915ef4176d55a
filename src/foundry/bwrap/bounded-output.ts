/**
 * A build's output, kept within `limitBytes`: the first half as it came and the last half as a rolling
 * window, with a marker where the middle was cut. Test runners report their first failure near the start
 * and their summary at the end, so both ends are worth more than either alone.
 */
export class BoundedOutput {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private cutBytes = 0;

  constructor(private readonly limitBytes: number) {}

  get truncated(): boolean {
    return this.cutBytes > 0;
  }

  push(chunk: Buffer): void {
    const headRoom = Math.max(0, Math.floor(this.limitBytes / 2) - this.headBytes);
    if (headRoom > 0) {
      const taken = chunk.subarray(0, headRoom);
      this.head.push(taken);
      this.headBytes += taken.length;
      chunk = chunk.subarray(taken.length);
    }
    if (chunk.length > 0) this.pushTail(chunk);
  }

  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    if (!this.truncated) return head + tail;
    return `${head}\n[… ${this.cutBytes} bytes of output cut: the sandbox keeps ${this.limitBytes} …]\n${tail}`;
  }

  private pushTail(chunk: Buffer): void {
    const tailLimit = this.limitBytes - Math.floor(this.limitBytes / 2);
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes > tailLimit) {
      const first = this.tail[0];
      const excess = this.tailBytes - tailLimit;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.cutBytes += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
        this.cutBytes += excess;
      }
    }
  }
}

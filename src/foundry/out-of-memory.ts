/**
 * A process that runs out of memory usually says so in its own words before dying, whatever stopped it (an
 * rlimit in bubblewrap; V8's heap limit, sized from the cgroup, in Docker):
 *   - V8 heap:      "FATAL ERROR: ... Allocation failed - JavaScript heap out of memory", then SIGABRT (134)
 *   - V8 / C++:     "Fatal process OOM in ...", "std::bad_alloc", then SIGABRT or SIGTRAP
 *   - Buffers:      "RangeError: Array buffer allocation failed", exit 1
 *   - libc / shell: "Cannot allocate memory" (ENOMEM), "out of memory"; Python: "MemoryError"
 * Both adapters read a run that failed after printing one of these as out of memory. A program that prints
 * one of those phrases and then fails for another reason is misread.
 */
const MEMORY_EXHAUSTION =
  /out of memory|\bOOM\b|Array buffer allocation failed|ERR_MEMORY_ALLOCATION_FAILED|Cannot allocate memory|bad_alloc|could not allocate memory|\bMemoryError\b/i;

/** Longer than the longest phrase above, so a phrase split across two chunks is still seen. */
const CARRY = 64;

/** Watches the raw output stream (before it is cut to the bound) for a phrase, even one split across chunks. */
export class OutputPhraseWatch {
  private carry = '';
  private seen = false;

  constructor(private readonly phrase: RegExp) {}

  get saw(): boolean {
    return this.seen;
  }

  push(chunk: Buffer): void {
    if (this.seen) return;
    const text = this.carry + chunk.toString('latin1');
    this.seen = this.phrase.test(text);
    this.carry = text.slice(-CARRY);
  }
}

/** Watches the raw output stream for a process reporting memory exhaustion. */
export class MemoryExhaustionWatch extends OutputPhraseWatch {
  constructor() {
    super(MEMORY_EXHAUSTION);
  }

  get sawExhaustion(): boolean {
    return this.saw;
  }
}

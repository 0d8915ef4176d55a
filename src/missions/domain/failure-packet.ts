import { createHash } from 'node:crypto';
import type { DiskLimitPacket, FailurePacket } from './mission-events';

const FAILURE_OUTPUT_CHARS = 4000;
const MAX_FAILING_TESTS = 50;

/** `not ok 3 - adds two numbers` (TAP, node --test without a terminal) or `✖ adds two numbers (1.2ms)` (its spec reporter). */
const TAP_FAILURE = /^\s*not ok \d+ - (.+?)\s*(#.*)?$/;
const SPEC_FAILURE = /^\s*✖ (.+?)(?: \(\d+(?:\.\d+)?m?s\))?$/;
/** Runner summaries that are not test names. */
const NOT_A_TEST = /^(failing tests:|tests? \d+|fail \d+)$/i;

/** The names of the tests a build log reports as failed, in order, without repeats. */
export function failingTestsIn(output: string): string[] {
  const names = new Set<string>();
  for (const line of output.split('\n')) {
    const name = (TAP_FAILURE.exec(line) ?? SPEC_FAILURE.exec(line))?.[1]?.trim();
    if (name && !NOT_A_TEST.test(name)) names.add(name);
    if (names.size >= MAX_FAILING_TESTS) break;
  }
  return [...names];
}

interface FailureFacts {
  command: string;
  exitCode: number | null;
  timedOut: boolean;
  oomKilled: boolean;
  output: string;
  manifestDigest: string;
}

export function failurePacket(facts: FailureFacts): FailurePacket {
  return { ...facts, failingTests: failingTestsIn(facts.output), output: facts.output.slice(-FAILURE_OUTPUT_CHARS) };
}

/** The packet of an attempt that filled the sandbox's disk limit, marked so. */
export function diskLimitPacket(packet: FailurePacket): DiskLimitPacket {
  return { ...packet, diskLimitHit: true };
}

/**
 * What makes two failures "the same": the command, how it ended, and which tests failed. Timings and
 * other numbers in the log are ignored, so an identical failure on a slower run still counts as a repeat.
 */
export function failureSignature(failure: FailurePacket): string {
  const evidence = failure.failingTests.length > 0 ? [...failure.failingTests].sort().join('\n') : failure.output.replace(/\d+(\.\d+)?/g, '#');
  return createHash('sha256')
    .update(JSON.stringify([failure.command, failure.exitCode, failure.timedOut, failure.oomKilled, evidence]))
    .digest('hex');
}

/** SHA-256 over a set of file digests, independent of their order. */
export function digestOf(files: Array<{ path: string; sha256: string }>): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) hash.update(`${file.path}\0${file.sha256}\n`);
  return hash.digest('hex');
}

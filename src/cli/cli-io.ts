/** Where a CLI command writes; tests pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Exit codes shared by every command: 0 done, 1 the answer is "no" (e.g. a tampered chain), 2 an error. */
export const EXIT = { ok: 0, negative: 1, error: 2 } as const;

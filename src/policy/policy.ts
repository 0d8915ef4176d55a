/**
 * The policy as the gate uses it: policy.yaml, validated and with every regular expression compiled
 * (policy-loader.ts makes one; nothing else should).
 */

/** Rule ids the gate itself owns; policy.yaml configures them but cannot redefine them. */
export const BUILTIN_RULES = {
  /** `stack` is not one of `allowed_stacks`. */
  allowedStacks: 'allowed_stacks',
  maxFiles: 'max_files',
  maxFileBytes: 'max_file_bytes',
  maxTotalBytes: 'max_total_bytes',
  /** Not a plain relative POSIX path (absolute, `..`, backslash, NUL, drive letter, empty or `.` segment, too long). */
  filePath: 'file_path',
  /** Matches one of `forbidden_paths` (`.git/`, `node_modules/`, …). */
  forbiddenPath: 'forbidden_path',
  duplicatePath: 'duplicate_path',
  /** A path that is also a directory of another, or differs from another only in letter case. */
  pathConflict: 'path_conflict',
  binaryContent: 'binary_content',
  /** A code file requires or imports a prose file, which the content rules do not scan. */
  proseLoadedAsCode: 'prose_loaded_as_code',
  /** `auditCommand` or `runCommand` is not one of `command_shapes`. */
  commandShape: 'command_shape',
  /** A package.json script that npm runs (for `npm test`, or on install) is not one of `command_shapes`. */
  packageScript: 'package_script',
  /** The last violation when more were found than `max_violations` allows. */
  moreViolations: 'more_violations',
} as const;

export type BuiltinRule = (typeof BUILTIN_RULES)[keyof typeof BUILTIN_RULES];

export const BUILTIN_RULE_IDS: readonly string[] = Object.values(BUILTIN_RULES);

export interface PolicyLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  /** UTF-8 bytes of one path. */
  maxPathBytes: number;
  /** Characters of `auditCommand` / `runCommand`. */
  maxCommandChars: number;
  /** Violations reported, the final "and N more" included. */
  maxViolations: number;
}

export interface PathRule {
  pattern: RegExp;
  detail: string;
}

/** A forbidden pattern: matched line by line against every scanned line of every file. */
export interface ContentRule {
  rule: string;
  detail: string;
  patterns: RegExp[];
}

export type ShapeToken =
  | { kind: 'literal'; text: string }
  /** One relative path. */
  | { kind: 'path' }
  /** One or more relative paths; only as the last token. */
  | { kind: 'paths' }
  /** One relative path to a `.js`, `.mjs` or `.cjs` file. */
  | { kind: 'script' };

export interface CommandShape {
  /** As written in policy.yaml, e.g. `node --test <path>...`. */
  text: string;
  tokens: ShapeToken[];
  /** `npm test` runs the root package.json's `test` script (and `pretest`, `posttest`): those are checked too. */
  runsPackageScript: string | null;
}

export interface Policy {
  /** The file it was read from, and the SHA-256 of its bytes, so a verdict can say which policy gave it. */
  source: { path: string; sha256: string };
  allowedStacks: string[];
  limits: PolicyLimits;
  forbiddenPaths: PathRule[];
  /** Lower-case extensions, dot included, of prose files: only their fenced code blocks are scanned. */
  proseExtensions: string[];
  commandShapes: CommandShape[];
  /** Scripts npm may run on its own (install hooks), checked in every package.json against the command shapes. */
  packageScriptsChecked: string[];
  contentRules: ContentRule[];
}

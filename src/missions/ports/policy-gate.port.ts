import type { Manifest } from '../domain/manifest';

/** The policy gate: what generated code may contain before it is built. Applied to every manifest, healed ones too. */
export const POLICY_GATE = Symbol('POLICY_GATE');

/**
 * One broken rule. Goes into the hash-chained `PolicyVerdictRendered` event, so only strings, integers and null.
 * `file` and `line` are null for rules about the manifest as a whole (stack, commands, counts).
 */
export type Violation = {
  /** A stable rule id from policy.yaml or one of the built-in ids in policy.ts. */
  rule: string;
  file: string | null;
  /** 1-based. */
  line: number | null;
  detail: string;
};

/** Every violation found (not just the first), sorted by file then line, capped with a final "and N more". */
export type PolicyVerdict = {
  allowed: boolean;
  violations: Violation[];
};

export interface PolicyGate {
  check(manifest: Manifest): PolicyVerdict;
  /** The active policy's rules in words, for a model that must write code this gate allows (never a second reading of the file). */
  brief(): string;
}

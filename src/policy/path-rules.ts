import { pathProblem } from '../missions/domain/path-rules';
import type { Violation } from '../missions/ports/policy-gate.port';
import { BUILTIN_RULES, type Policy } from './policy';

function violation(rule: string, file: string, detail: string): Violation {
  return { rule, file, line: null, detail };
}

/** Path rules for all files of a manifest: shape, forbidden places, duplicates and conflicts. */
export function checkPaths(paths: readonly string[], policy: Policy): Violation[] {
  const violations: Violation[] = [];
  const seen = new Map<string, number>();
  const byFolded = new Map<string, string>();
  for (const path of paths) {
    const problem = pathProblem(path, policy.limits.maxPathBytes);
    if (problem) violations.push(violation(BUILTIN_RULES.filePath, path, `path ${JSON.stringify(path)} ${problem}`));
    for (const rule of policy.forbiddenPaths) {
      if (rule.pattern.test(path)) violations.push(violation(BUILTIN_RULES.forbiddenPath, path, rule.detail));
    }
    const count = (seen.get(path) ?? 0) + 1;
    seen.set(path, count);
    if (count === 2) violations.push(violation(BUILTIN_RULES.duplicatePath, path, 'the manifest has more than one file at this path'));
    const folded = path.toLowerCase();
    const twin = byFolded.get(folded);
    if (twin !== undefined && twin !== path) {
      violations.push(violation(BUILTIN_RULES.pathConflict, path, `differs from ${JSON.stringify(twin)} only in letter case`));
    } else if (twin === undefined) byFolded.set(folded, path);
  }
  for (const path of seen.keys()) {
    const segments = path.split('/');
    for (let end = 1; end < segments.length; end += 1) {
      const folder = segments.slice(0, end).join('/');
      if (seen.has(folder)) {
        violations.push(violation(BUILTIN_RULES.pathConflict, path, `${JSON.stringify(folder)} is both a file and this file's folder`));
      }
    }
  }
  return violations;
}

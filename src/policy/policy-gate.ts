import type { Manifest, ManifestFile } from '../missions/domain/manifest';
import { checkCommand } from './command-shape';
import { binaryProblem, scanContent } from './content-scan';
import { checkPaths } from './path-rules';
import { renderPolicyBrief } from './policy-brief';
import type { PolicyGate, PolicyVerdict, Violation } from '../missions/ports/policy-gate.port';
import { BUILTIN_RULES, type CommandShape, type Policy } from './policy';

type CommandField = 'auditCommand' | 'runCommand';

/** Manifest-wide violations (file null) first, then by file, by line (file-wide ones first), by rule. */
export function compareViolations(a: Violation, b: Violation): number {
  if (a.file !== b.file) {
    if (a.file === null) return -1;
    if (b.file === null) return 1;
    return a.file < b.file ? -1 : 1;
  }
  if (a.line !== b.line) {
    if (a.line === null) return -1;
    if (b.line === null) return 1;
    return a.line - b.line;
  }
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0;
}

/** Sorted, and cut to `max` entries with a final "and N more" when there are more. */
export function capViolations(violations: Violation[], max: number): Violation[] {
  const sorted = [...violations].sort(compareViolations);
  if (sorted.length <= max) return sorted;
  const kept = sorted.slice(0, max - 1);
  const more = sorted.length - kept.length;
  return [...kept, { rule: BUILTIN_RULES.moreViolations, file: null, line: null, detail: `and ${more} more violations` }];
}

/** The 1-based line of the first `"name":` in a package.json text, for pointing at a script. */
function lineOfKey(content: string, name: string): number | null {
  const key = JSON.stringify(name);
  const index = content.split('\n').findIndex((text) => {
    for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
      if (
        text
          .slice(at + key.length)
          .trimStart()
          .startsWith(':')
      )
        return true;
    }
    return false;
  });
  return index < 0 ? null : index + 1;
}

/** The scripts of a package.json, or null when it is not JSON npm could read (npm then runs nothing from it). */
function scriptsOf(content: string): Record<string, string> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || !('scripts' in parsed)) return null;
  const scripts = parsed.scripts;
  if (typeof scripts !== 'object' || scripts === null) return null;
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(scripts)) if (typeof value === 'string') result[name] = value;
  return result;
}

/** The policy gate over a compiled policy.yaml. Pure: same manifest and policy, same verdict. */
export class YamlPolicyGate implements PolicyGate {
  private readonly scriptShapes: CommandShape[];

  constructor(readonly policy: Policy) {
    // A package script must be a plain command: `npm test` whose `test` script is `npm test` would prove nothing.
    this.scriptShapes = policy.commandShapes.filter((shape) => shape.runsPackageScript === null);
  }

  brief(): string {
    return renderPolicyBrief(this.policy);
  }

  check(manifest: Manifest): PolicyVerdict {
    const violations = [...this.checkStack(manifest), ...this.checkCommands(manifest), ...this.checkFiles(manifest.files)];
    return { allowed: violations.length === 0, violations: capViolations(violations, this.policy.limits.maxViolations) };
  }

  private checkStack(manifest: Manifest): Violation[] {
    if (this.policy.allowedStacks.includes(manifest.stack)) return [];
    const detail = `stack ${JSON.stringify(manifest.stack)} is not allowed (allowed: ${this.policy.allowedStacks.join(', ')})`;
    return [{ rule: BUILTIN_RULES.allowedStacks, file: null, line: null, detail }];
  }

  private checkCommands(manifest: Manifest): Violation[] {
    const violations: Violation[] = [];
    const rootPackage = manifest.files.find((file) => file.path === 'package.json');
    for (const field of ['auditCommand', 'runCommand'] as const satisfies readonly CommandField[]) {
      const result = checkCommand(manifest[field], this.policy.commandShapes, this.policy.limits.maxCommandChars, this.policy.proseExtensions);
      if (!result.ok) {
        violations.push({ rule: BUILTIN_RULES.commandShape, file: null, line: null, detail: `${field} ${result.problem}` });
      } else if (result.shape.runsPackageScript !== null && rootPackage) {
        const name = result.shape.runsPackageScript;
        const why = `run by ${field} (${result.shape.text})`;
        violations.push(...this.checkScripts(rootPackage, [`pre${name}`, name, `post${name}`], why));
      }
    }
    return violations;
  }

  private checkScripts(file: ManifestFile, names: readonly string[], why: string): Violation[] {
    const scripts = scriptsOf(file.content);
    if (!scripts) return [];
    const violations: Violation[] = [];
    for (const name of names) {
      const script = scripts[name];
      if (script === undefined) continue;
      const result = checkCommand(script, this.scriptShapes, this.policy.limits.maxCommandChars, this.policy.proseExtensions);
      if (!result.ok) {
        const detail = `script "${name}" (${why}) ${result.problem}`;
        violations.push({ rule: BUILTIN_RULES.packageScript, file: file.path, line: lineOfKey(file.content, name), detail });
      }
    }
    return violations;
  }

  private checkFiles(files: readonly ManifestFile[]): Violation[] {
    const { limits } = this.policy;
    const violations = checkPaths(
      files.map((file) => file.path),
      this.policy,
    );
    if (files.length > limits.maxFiles) {
      const detail = `the manifest has ${files.length} files (at most ${limits.maxFiles})`;
      violations.push({ rule: BUILTIN_RULES.maxFiles, file: null, line: null, detail });
    }
    let totalBytes = 0;
    for (const file of files) {
      const bytes = Buffer.byteLength(file.content, 'utf8');
      totalBytes += bytes;
      if (bytes > limits.maxFileBytes) {
        const detail = `${bytes} bytes (at most ${limits.maxFileBytes} per file); its content was not scanned`;
        violations.push({ rule: BUILTIN_RULES.maxFileBytes, file: file.path, line: null, detail });
        continue;
      }
      const binary = binaryProblem(file.content);
      if (binary) {
        violations.push({ rule: BUILTIN_RULES.binaryContent, file: file.path, line: null, detail: binary });
        continue;
      }
      // Scanning stops at the total limit, so an oversized manifest costs no more to refuse than a full one.
      if (totalBytes <= limits.maxTotalBytes) violations.push(...scanContent(file.path, file.content, this.policy));
      if (file.path.split('/').pop() === 'package.json') {
        violations.push(...this.checkScripts(file, this.policy.packageScriptsChecked, 'which npm runs on install'));
      }
    }
    if (totalBytes > limits.maxTotalBytes) {
      const detail = `the files hold ${totalBytes} bytes in all (at most ${limits.maxTotalBytes}); content past the limit was not scanned`;
      violations.push({ rule: BUILTIN_RULES.maxTotalBytes, file: null, line: null, detail });
    }
    return violations;
  }
}

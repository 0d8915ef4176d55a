import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { parseShape } from './command-shape';
import { BUILTIN_RULE_IDS, BUILTIN_RULES, type CommandShape, type ContentRule, type PathRule, type Policy, type PolicyLimits } from './policy';

/** A policy file that cannot be read or is not exactly the expected shape: the boot stops, naming file and problem. */
export class PolicyFileError extends Error {
  readonly code = 'POLICY_INVALID';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`Invalid policy file ${file}: ${problem}`);
  }
}

type Fields = Record<string, unknown>;
const RULE_ID = /^[a-z][a-z0-9_]{0,63}$/;
const SCRIPT_NAME = /^[a-z][a-z0-9:_-]{0,63}$/;
const EXTENSION = /^\.[a-z0-9]{1,16}$/;
const LIMITS: Record<keyof PolicyLimits, [key: string, min: number, max: number]> = {
  maxFiles: ['max_files', 1, 100_000],
  maxFileBytes: ['max_file_bytes', 1, 1 << 30],
  maxTotalBytes: ['max_total_bytes', 1, 1 << 30],
  maxPathBytes: ['max_path_bytes', 1, 4096],
  maxCommandChars: ['max_command_chars', 1, 10_000],
  maxViolations: ['max_violations', 2, 10_000],
};

/** Validates policy.yaml's parsed value; every problem is thrown with where it is ("content_rules[3].patterns[0] …"). */
class PolicyReader {
  constructor(private readonly file: string) {}

  fail(where: string, problem: string): never {
    throw new PolicyFileError(this.file, `${where} ${problem}`);
  }

  object(value: unknown, where: string, required: readonly string[], optional: readonly string[] = []): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(where, 'must be a mapping');
    const fields = value as Fields;
    for (const key of Object.keys(fields)) {
      if (!required.includes(key) && !optional.includes(key)) {
        this.fail(where, `has an unknown key "${key}" (expected: ${[...required, ...optional].join(', ')})`);
      }
    }
    for (const key of required) if (!(key in fields)) this.fail(where, `is missing "${key}"`);
    return fields;
  }

  list(value: unknown, where: string): unknown[] {
    if (!Array.isArray(value) || value.length === 0) this.fail(where, 'must be a non-empty list');
    return value;
  }

  text(value: unknown, where: string, pattern?: RegExp, hint?: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(where, 'must be a non-empty string');
    if (pattern && !pattern.test(value)) this.fail(where, `${JSON.stringify(value)} ${hint ?? `must match ${pattern.toString()}`}`);
    return value;
  }

  texts(value: unknown, where: string, pattern?: RegExp, hint?: string): string[] {
    const items = this.list(value, where).map((item, index) => this.text(item, `${where}[${index}]`, pattern, hint));
    const duplicate = items.find((item, index) => items.indexOf(item) !== index);
    if (duplicate !== undefined) this.fail(where, `lists ${JSON.stringify(duplicate)} twice`);
    return items;
  }

  integer(value: unknown, where: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      this.fail(where, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
    }
    return value;
  }

  flag(value: unknown, where: string): boolean {
    if (typeof value !== 'boolean') this.fail(where, `must be true or false (got ${JSON.stringify(value)})`);
    return value;
  }

  regex(value: unknown, where: string, flags: string): RegExp {
    const source = this.text(value, where);
    try {
      return new RegExp(source, flags);
    } catch (error) {
      return this.fail(where, `is not a valid regular expression: ${(error as Error).message}`);
    }
  }
}

function readLimits(reader: PolicyReader, value: unknown): PolicyLimits {
  const keys = Object.values(LIMITS).map(([key]) => key);
  const fields = reader.object(value, 'limits', keys);
  const entries = Object.entries(LIMITS).map(([name, [key, min, max]]) => [name, reader.integer(fields[key], `limits.${key}`, min, max)]);
  return Object.fromEntries(entries) as PolicyLimits;
}

function readForbiddenPaths(reader: PolicyReader, value: unknown): PathRule[] {
  return reader.list(value, 'forbidden_paths').map((item, index) => {
    const where = `forbidden_paths[${index}]`;
    const fields = reader.object(item, where, ['pattern', 'detail']);
    return { pattern: reader.regex(fields.pattern, `${where}.pattern`, 'i'), detail: reader.text(fields.detail, `${where}.detail`) };
  });
}

function readShapes(reader: PolicyReader, value: unknown): CommandShape[] {
  const shapes = reader.list(value, 'commands.shapes').map((item, index) => {
    const where = `commands.shapes[${index}]`;
    const fields = reader.object(item, where, ['shape'], ['runs_package_script']);
    const text = reader.text(fields.shape, `${where}.shape`);
    const script =
      fields.runs_package_script === undefined
        ? null
        : reader.text(fields.runs_package_script, `${where}.runs_package_script`, SCRIPT_NAME, 'is not a package script name');
    const shape = parseShape(text, script);
    return typeof shape === 'string' ? reader.fail(`${where}.shape`, `${JSON.stringify(text)} ${shape}`) : shape;
  });
  const texts = shapes.map((shape) => shape.text);
  const duplicate = texts.find((text, index) => texts.indexOf(text) !== index);
  if (duplicate !== undefined) reader.fail('commands.shapes', `lists ${JSON.stringify(duplicate)} twice`);
  if (shapes.every((shape) => shape.runsPackageScript !== null)) reader.fail('commands.shapes', 'needs at least one shape that runs no package script');
  return shapes;
}

function readContentRules(reader: PolicyReader, value: unknown): ContentRule[] {
  const ids = new Set<string>();
  return reader.list(value, 'content_rules').map((item, index) => {
    const where = `content_rules[${index}]`;
    const fields = reader.object(item, where, ['rule', 'detail', 'patterns'], ['case_sensitive']);
    const rule = reader.text(fields.rule, `${where}.rule`, RULE_ID, 'must be snake_case (a-z, 0-9, _), starting with a letter');
    if (BUILTIN_RULE_IDS.includes(rule)) reader.fail(`${where}.rule`, `"${rule}" is a built-in rule id`);
    if (ids.has(rule)) reader.fail(`${where}.rule`, `"${rule}" is defined twice (list all its patterns under one rule)`);
    ids.add(rule);
    const caseSensitive = fields.case_sensitive === undefined ? false : reader.flag(fields.case_sensitive, `${where}.case_sensitive`);
    const patterns = reader
      .list(fields.patterns, `${where}.patterns`)
      .map((pattern, at) => reader.regex(pattern, `${where}.patterns[${at}]`, caseSensitive ? '' : 'i'));
    return { rule, detail: reader.text(fields.detail, `${where}.detail`), patterns };
  });
}

/** Code that loads a prose file as code (Node, a worker, a browser <script>) would run text the content rules never scanned. */
function proseLoadedAsCode(proseExtensions: readonly string[]): ContentRule {
  const extensions = proseExtensions.map((extension) => extension.slice(1)).join('|');
  const literal = `['"\`][^'"\`\\n]{0,300}\\.(?:${extensions})['"\`]`;
  const patterns = [
    `\\b(?:require|import)\\s*\\([^)\\n]{0,200}?${literal}`,
    `(?:^|[;>])\\s*(?:import|export)\\b[^\\n]{0,300}?\\bfrom\\s*${literal}`,
    `(?:^|[;>])\\s*(?:import\\s*|\\}\\s*from\\s*)${literal}`,
    `\\b(?:importScripts|Worker|SharedWorker)\\s*\\([^)\\n]{0,200}?${literal}`,
    `<script\\b[^>]{0,300}?\\bsrc\\s*=\\s*['"]?[^'"\\s>]{0,300}\\.(?:${extensions})(?:[?#'"\\s>]|$)`,
  ];
  const detail = 'loads a prose file, which is not scanned, as code';
  return { rule: BUILTIN_RULES.proseLoadedAsCode, detail, patterns: patterns.map((pattern) => new RegExp(pattern, 'i')) };
}

/** Parses and validates policy text; `file` names the source in errors and in the policy. */
export function parsePolicy(text: string, file: string): Policy {
  const reader = new PolicyReader(file);
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const [yamlError] = document.errors;
  if (yamlError) reader.fail('is not valid YAML:', yamlError.message.replace(/\s+/g, ' ').trim());
  const root = reader.object(document.toJS(), 'the top level', [
    'version',
    'allowed_stacks',
    'limits',
    'forbidden_paths',
    'prose_extensions',
    'commands',
    'content_rules',
  ]);
  if (root.version !== 1) reader.fail('version', `must be 1 (got ${JSON.stringify(root.version)})`);
  const commands = reader.object(root.commands, 'commands', ['shapes', 'package_scripts_checked']);
  const proseExtensions = reader.texts(root.prose_extensions, 'prose_extensions', EXTENSION, 'must be a lower-case extension starting with a dot, e.g. .md');
  return {
    source: { path: file, sha256: createHash('sha256').update(text, 'utf8').digest('hex') },
    allowedStacks: reader.texts(root.allowed_stacks, 'allowed_stacks'),
    limits: readLimits(reader, root.limits),
    forbiddenPaths: readForbiddenPaths(reader, root.forbidden_paths),
    proseExtensions,
    commandShapes: readShapes(reader, commands.shapes),
    packageScriptsChecked: reader.texts(commands.package_scripts_checked, 'commands.package_scripts_checked', SCRIPT_NAME, 'is not a package script name'),
    contentRules: [...readContentRules(reader, root.content_rules), proseLoadedAsCode(proseExtensions)],
  };
}

/** Reads and validates a policy file; a missing or bad file is a PolicyFileError naming it. */
export function loadPolicyFile(path: string): Policy {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist (set GANTRY_POLICY_FILE or run from the project folder)' : (error as Error).message;
    throw new PolicyFileError(file, `cannot be read: ${reason}`);
  }
  return parsePolicy(text, file);
}

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicyFile, parsePolicy, PolicyFileError } from './policy-loader';
import { match } from '../../test/support/expectations';

const SHIPPED = join(__dirname, '..', '..', 'policy.yaml');
const shippedText = readFileSync(SHIPPED, 'utf8');

const MINIMAL = `version: 1
allowed_stacks: [node]
limits: { max_files: 10, max_file_bytes: 100, max_total_bytes: 1000, max_path_bytes: 50, max_command_chars: 50, max_violations: 5 }
forbidden_paths:
  - { pattern: '(^|/)\\.git(/|$)', detail: no git }
prose_extensions: [.md]
commands:
  shapes:
    - shape: 'node --test'
  package_scripts_checked: [postinstall]
content_rules:
  - rule: no_eval
    detail: eval
    case_sensitive: true
    patterns: ['\\beval\\(']
`;

function problemOf(text: string): string {
  try {
    parsePolicy(text, '/etc/gantry/policy.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyFileError);
    return (error as PolicyFileError).message;
  }
  throw new Error('the policy was accepted');
}

describe('the policy loader', () => {
  it('loads the shipped policy.yaml, recording where it came from and its SHA-256', () => {
    const policy = loadPolicyFile(SHIPPED);
    expect(policy.source).toEqual({ path: SHIPPED, sha256: match.stringMatching(/^[0-9a-f]{64}$/) });
    expect(policy.allowedStacks).toEqual(['node']);
    expect(policy.limits).toEqual({ maxFiles: 200, maxFileBytes: 524288, maxTotalBytes: 2097152, maxPathBytes: 200, maxCommandChars: 200, maxViolations: 50 });
    expect(policy.contentRules.every((rule) => rule.patterns.every((pattern) => pattern instanceof RegExp))).toBe(true);
  });

  it('loads a minimal policy, adding the built-in prose_loaded_as_code rule', () => {
    const policy = parsePolicy(MINIMAL, 'p.yaml');
    expect(policy.contentRules.map((rule) => [rule.rule, rule.patterns[0]?.flags])).toEqual([
      ['no_eval', ''],
      ['prose_loaded_as_code', 'i'],
    ]);
    expect(policy.commandShapes.map((shape) => shape.text)).toEqual(['node --test']);
  });

  it('names the file when it is missing', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'gantry-policy-')), 'policy.yaml');
    expect(() => loadPolicyFile(missing)).toThrow(
      `Invalid policy file ${missing}: cannot be read: does not exist (set GANTRY_POLICY_FILE or run from the project folder)`,
    );
  });

  it('names the file and the problem when the file on disk is bad', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'gantry-policy-')), 'policy.yaml');
    writeFileSync(bad, shippedText.replace("'/dev/(?:tcp|udp)/'", "'/dev/(tcp|udp/'"));
    expect(() => loadPolicyFile(bad)).toThrow(
      new RegExp(
        `^Invalid policy file ${bad}: content_rules\\[\\d+\\]\\.patterns\\[0\\] is not a valid regular expression: Invalid regular expression: /\\/dev\\/\\(tcp\\|udp\\//i: Unterminated group$`,
      ),
    );
  });

  it.each([
    ['not YAML', 'version: 1\nallowed_stacks: [node\n', /^is not valid YAML: /],
    ['a duplicate key', `${MINIMAL}version: 1\n`, /^is not valid YAML: Map keys must be unique/],
    ['not a mapping', '- just\n- a list\n', /^the top level must be a mapping$/],
    ['an unknown top-level key', `${MINIMAL}max_files: 3\n`, /^the top level has an unknown key "max_files" \(expected: version, allowed_stacks, /],
    ['a missing section', MINIMAL.replace(/prose_extensions.*\n/, ''), /^the top level is missing "prose_extensions"$/],
    ['another version', MINIMAL.replace('version: 1', 'version: 2'), /^version must be 1 \(got 2\)$/],
    ['a fractional limit', MINIMAL.replace('max_files: 10', 'max_files: 1.5'), /^limits\.max_files must be a whole number from 1 to 100000 \(got 1\.5\)$/],
    ['a limit given as text', MINIMAL.replace('max_files: 10', 'max_files: "10"'), /^limits\.max_files must be a whole number/],
    ['an empty stack list', MINIMAL.replace('[node]', '[]'), /^allowed_stacks must be a non-empty list$/],
    ['a bad extension', MINIMAL.replace('[.md]', '[md]'), /^prose_extensions\[0\] "md" must be a lower-case extension starting with a dot/],
    ['a bad path pattern', MINIMAL.replace("'(^|/)\\.git(/|$)'", "'[git'"), /^forbidden_paths\[0\]\.pattern is not a valid regular expression: /],
    [
      'an unknown shape placeholder',
      MINIMAL.replace("'node --test'", "'node <file>'"),
      /^commands\.shapes\[0\]\.shape "node <file>" uses an unknown placeholder "<file>"/,
    ],
    [
      'only npm shapes',
      MINIMAL.replace("- shape: 'node --test'", "- { shape: 'npm test', runs_package_script: test }"),
      /^commands\.shapes needs at least one shape that runs no package script$/,
    ],
    [
      'a duplicate shape',
      MINIMAL.replace("    - shape: 'node --test'\n", "    - shape: 'node --test'\n    - shape: 'node --test'\n"),
      /^commands\.shapes lists "node --test" twice$/,
    ],
    ['a rule id that is not snake_case', MINIMAL.replace('rule: no_eval', 'rule: No-Eval'), /^content_rules\[0\]\.rule "No-Eval" must be snake_case/],
    ['a built-in rule id', MINIMAL.replace('rule: no_eval', 'rule: command_shape'), /^content_rules\[0\]\.rule "command_shape" is a built-in rule id$/],
    ['a rule defined twice', `${MINIMAL}  - { rule: no_eval, detail: again, patterns: ['x'] }\n`, /^content_rules\[1\]\.rule "no_eval" is defined twice/],
    [
      'case_sensitive that is not a boolean',
      MINIMAL.replace('case_sensitive: true', 'case_sensitive: yes'),
      /^content_rules\[0\]\.case_sensitive must be true or false \(got "yes"\)$/,
    ],
    ['an empty pattern list', MINIMAL.replace("patterns: ['\\beval\\(']", 'patterns: []'), /^content_rules\[0\]\.patterns must be a non-empty list$/],
    [
      'an unknown rule key',
      MINIMAL.replace('    detail: eval\n', '    detail: eval\n    severity: high\n'),
      /^content_rules\[0\] has an unknown key "severity"/,
    ],
  ])('refuses %s, naming the file and the place', (_, text, problem) => {
    const message = problemOf(text);
    expect(message.startsWith('Invalid policy file /etc/gantry/policy.yaml: ')).toBe(true);
    expect(message.slice('Invalid policy file /etc/gantry/policy.yaml: '.length)).toMatch(problem);
  });
});

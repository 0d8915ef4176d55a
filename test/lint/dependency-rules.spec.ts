import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = '.dependency-cruiser.cjs';

interface Violation {
  severity: string;
  rule: string;
  from: string;
  to: string;
}

interface Cruise {
  exitCode: number;
  output: string;
  violations: Violation[];
}

// One line of the `err` reporter: "  error domain-is-pure: src/missions/domain/x.ts → src/deploy/local/local-deployer.ts".
const VIOLATION_LINE = /^\s*(error|warn|info) ([\w-]+): (\S+) → (\S+)\s*$/gm;

/**
 * A copy of the repository's src with its tsconfig and rules, so that a planted file never appears in the working
 * tree that other runs (tsc, ESLint, git) read, and a killed run leaves nothing behind in it.
 */
function workspaceCopy(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'gantry-depcruise-'));
  cpSync(join(ROOT, 'src'), join(workspace, 'src'), { recursive: true });
  for (const file of ['tsconfig.json', CONFIG]) copyFileSync(join(ROOT, file), join(workspace, file));
  symlinkSync(join(ROOT, 'node_modules'), join(workspace, 'node_modules'), 'dir');
  return workspace;
}

/** Runs the depcruise CLI as `npm run lint` does (its `err` reporter, whose exit code counts the errors) from one file. */
function cruise(workspace: string, file: string): Promise<Cruise> {
  return new Promise((resolve, reject) => {
    execFile(DEPCRUISE, [file, '--config', CONFIG], { cwd: workspace, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const exitCode = error ? error.code : 0;
      const output = stdout + stderr;
      if (typeof exitCode !== 'number' || !/dependencies cruised/.test(output)) {
        reject(new Error(`depcruise did not finish a cruise (exit ${String(exitCode)}):\n${output}`));
        return;
      }
      const violations: Violation[] = [...output.matchAll(VIOLATION_LINE)].map(([, severity, rule, from, to]) => ({ severity, rule, from, to }));
      resolve({ exitCode, output, violations });
    });
  });
}

/** The architecture rules bite: a file that breaks one, planted in a copy of src, is named by the rule. */
describe('dependency rules (.dependency-cruiser.cjs)', () => {
  let workspace: string;
  beforeAll(() => {
    workspace = workspaceCopy();
  });
  afterAll(() => {
    rmSync(workspace, { recursive: true, force: true });
  });

  /** Writes a source file into a folder of the copy's src and answers its path relative to the copy's root. */
  function plant(folder: string, source: string): string {
    const file = join(workspace, folder, `planted-${randomBytes(6).toString('hex')}.ts`);
    writeFileSync(file, source);
    return relative(workspace, file);
  }

  const rulesOf = (violations: Violation[], from: string): string[] =>
    violations.filter((violation) => violation.from === from).map((violation) => violation.rule);

  it('refuses a domain file that imports an adapter (domain-is-pure)', async () => {
    const file = plant(
      'src/missions/domain',
      "import { LocalDeployer } from '../../deploy/local/local-deployer';\n\nexport const plantedDeployer = LocalDeployer;\n",
    );

    const { exitCode, violations } = await cruise(workspace, file);

    expect(exitCode).not.toBe(0);
    expect(violations).toContainEqual(
      expect.objectContaining({
        from: file,
        to: 'src/deploy/local/local-deployer.ts',
        rule: 'domain-is-pure',
        severity: 'error',
      }),
    );
  });

  it('refuses a kernel file that imports from src/missions (kernel-imports-nothing)', async () => {
    const file = plant('src/kernel', "import { isTerminal } from '../missions/domain/mission-status';\n\nexport const plantedIsTerminal = isTerminal;\n");

    const { exitCode, violations } = await cruise(workspace, file);

    expect(exitCode).not.toBe(0);
    expect(violations).toContainEqual(
      expect.objectContaining({ from: file, to: 'src/missions/domain/mission-status.ts', rule: 'kernel-imports-nothing', severity: 'error' }),
    );
  });

  it('lets a domain file import the kernel', async () => {
    const file = plant('src/missions/domain', "import { backoffDelay } from '../../kernel/retry';\n\nexport const plantedBackoff = backoffDelay;\n");

    const { output, violations } = await cruise(workspace, file);

    expect(rulesOf(violations, file)).toEqual([]);
    expect(output).not.toContain(file);
  });
});

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
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

/** Runs the depcruise CLI as `npm run lint` does (its `err` reporter, whose exit code counts the errors) from one file. */
function cruise(file: string): Promise<Cruise> {
  return new Promise((resolve, reject) => {
    execFile(DEPCRUISE, [file, '--config', CONFIG], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
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

/** The architecture rules bite: a file that breaks one, planted in src for one run, is named by the rule. */
describe('dependency rules (.dependency-cruiser.cjs)', () => {
  const planted: string[] = [];
  afterEach(() => {
    for (const file of planted.splice(0)) rmSync(file, { force: true });
  });

  /** Writes a temporary source file into a folder of src and answers its path relative to the repository root. */
  function plant(folder: string, source: string): string {
    const file = join(ROOT, folder, `planted-${randomBytes(6).toString('hex')}.ts`);
    planted.push(file);
    writeFileSync(file, source);
    return relative(ROOT, file);
  }

  const rulesOf = (violations: Violation[], from: string): string[] =>
    violations.filter((violation) => violation.from === from).map((violation) => violation.rule);

  it('refuses a domain file that imports an adapter (domain-is-pure)', async () => {
    const file = plant(
      'src/missions/domain',
      "import { LocalDeployer } from '../../deploy/local/local-deployer';\n\nexport const plantedDeployer = LocalDeployer;\n",
    );

    const { exitCode, violations } = await cruise(file);

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

    const { exitCode, violations } = await cruise(file);

    expect(exitCode).not.toBe(0);
    expect(violations).toContainEqual(
      expect.objectContaining({ from: file, to: 'src/missions/domain/mission-status.ts', rule: 'kernel-imports-nothing', severity: 'error' }),
    );
  });

  it('lets a domain file import the kernel', async () => {
    const file = plant('src/missions/domain', "import { backoffDelay } from '../../kernel/retry';\n\nexport const plantedBackoff = backoffDelay;\n");

    const { output, violations } = await cruise(file);

    expect(rulesOf(violations, file)).toEqual([]);
    expect(output).not.toContain(file);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';

const packageJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string; engines: { node: string } };

/** Gantry runs on Node 24: the suites themselves (npm puts node_modules/.bin/node first) and what it reports. */
describe('the Node.js runtime', () => {
  it('is Node 24 or newer for the test run itself, as package.json requires', () => {
    expect(packageJson.engines.node).toBe('>=24');
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('gantry --version prints Gantry’s and Node’s versions and exits 0', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--version'], { out: (line) => out.push(line), err: (line) => err.push(line) }, {});
    expect(code).toBe(0);
    expect(out).toEqual([`gantry ${packageJson.version} (node ${process.version})`]);
    expect(err).toEqual([]);
  });
});

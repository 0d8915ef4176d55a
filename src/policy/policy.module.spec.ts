import { Test } from '@nestjs/testing';
import { join } from 'node:path';
import { POLICY_GATE, type PolicyGate } from '../missions/ports/policy-gate.port';
import { PolicyFileError } from './policy-loader';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/gantry-config';
import { PolicyModule } from './policy.module';

const SHIPPED = join(__dirname, '..', '..', 'policy.yaml');

describe('PolicyModule', () => {
  it('provides the gate over the given policy file', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(loadConfig({})), PolicyModule.forRoot({ path: SHIPPED })] }).compile();
    const gate = moduleRef.get<PolicyGate>(POLICY_GATE);
    const manifest = {
      projectName: 'x',
      stack: 'node',
      auditCommand: 'node --test',
      runCommand: 'node a.js',
      files: [{ path: 'a.js', content: "os.system('id')" }],
    };
    expect(gate.check(manifest)).toEqual({
      allowed: false,
      violations: [{ rule: 'os_system', file: 'a.js', line: 1, detail: 'runs a shell command from Python: "os.system("' }],
    });
  });

  it('reads the configured policy file by default (the shipped policy.yaml, wherever Gantry is started from)', async () => {
    const config = loadConfig({}, '/somewhere/else');
    expect(config.policyFile).toBe(SHIPPED);
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), PolicyModule] }).compile();
    expect(
      moduleRef.get<PolicyGate>(POLICY_GATE).check({ projectName: 'x', stack: 'node', auditCommand: 'npm test', runCommand: 'npm start', files: [] }).allowed,
    ).toBe(true);
  });

  it('stops the boot with a clear error when the policy file is bad', async () => {
    const missing = join(__dirname, 'no-such-policy.yaml');
    const compile = () => Test.createTestingModule({ imports: [ConfigModule.forRoot(loadConfig({})), PolicyModule.forRoot({ path: missing })] }).compile();
    await expect(compile()).rejects.toThrow(PolicyFileError);
    await expect(compile()).rejects.toThrow(`Invalid policy file ${missing}: cannot be read`);
  });
});

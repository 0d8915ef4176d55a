import { loadConfig } from '../../config/gantry-config';
import { withServeArgs } from './serve-args';

describe('gantry serve --role', () => {
  const config = loadConfig({ GANTRY_ROLE: 'api' });

  it('takes the role from the flag over GANTRY_ROLE, in both spellings, and keeps the environment’s without one', () => {
    expect(withServeArgs(config, ['--role', 'worker']).processes.role).toBe('worker');
    expect(withServeArgs(config, ['--role=all']).processes.role).toBe('all');
    expect(withServeArgs(config, []).processes.role).toBe('api');
  });

  it('fails fast on a bad, missing or unknown argument, naming it', () => {
    expect(() => withServeArgs(config, ['--role', 'leader'])).toThrow('Invalid configuration: --role must be one of api, worker, all (got "leader")');
    expect(() => withServeArgs(config, ['--role'])).toThrow('Invalid configuration: --role needs a value: api, worker or all');
    expect(() => withServeArgs(config, ['--role', '--port'])).toThrow('--role needs a value');
    expect(() => withServeArgs(config, ['--roles', 'api'])).toThrow('Invalid configuration: --roles is not an option of gantry serve');
  });
});

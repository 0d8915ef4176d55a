import { join } from 'node:path';
import { ConfigError, installRoot, loadConfig } from './gantry-config';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    expect(loadConfig({}, '/srv/gantry')).toEqual({
      port: 5050,
      databaseUrl: null,
      eventStore: 'postgres',
      eventStoreConnectionString: null,
      storeTimeoutMs: 5000,
      dataDir: '/srv/gantry/data',
      missionsDir: '/srv/gantry/missions',
      maxImageBytes: 5_000_000,
      sandbox: 'auto',
      sandboxImage: 'gantry-node:local',
      buildTimeoutMs: 180_000,
      policyFile: join(installRoot(), 'policy.yaml'),
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ EVENT_STORE: 'kafka' }, 'EVENT_STORE'],
    [{ EVENT_STORE: 'eventstoredb' }, 'EVENTSTORE_CONNECTION_STRING'],
    [{ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'http://x' }, 'EVENTSTORE_CONNECTION_STRING'],
    [{ GANTRY_STORE_TIMEOUT_MS: '5s' }, 'GANTRY_STORE_TIMEOUT_MS'],
    [{ GANTRY_SANDBOX: 'chroot' }, 'GANTRY_SANDBOX'],
    [{ GANTRY_BUILD_TIMEOUT_S: '0' }, 'GANTRY_BUILD_TIMEOUT_S'],
  ])('names the bad variable in %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it('never echoes a database password in its error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:hunter2@h/d' })).toThrow(/^(?!.*hunter2)/);
  });

  it('accepts an external PostgreSQL and EventStoreDB', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://gantry:pw@db:5432/gantry',
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false',
      PORT: '8080',
    });
    expect(config).toMatchObject({ port: 8080, eventStore: 'eventstoredb', eventStoreConnectionString: 'esdb://eventstore:2113?tls=false' });
  });
});

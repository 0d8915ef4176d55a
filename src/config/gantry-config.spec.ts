import { join } from 'node:path';
import { ConfigError, installRoot, loadConfig, serveRole } from './gantry-config';

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
      blobStore: { kind: 'postgres' },
      maxImageBytes: 5_000_000,
      sandbox: 'auto',
      sandboxImage: 'gantry-node:local',
      bwrapPath: '/usr/bin/bwrap',
      dockerRuntime: 'auto',
      sandboxDiskBytes: 256 * 1024 * 1024,
      buildTimeoutMs: 180_000,
      policyFile: join(installRoot(), 'policy.yaml'),
      publicUrl: 'http://localhost:5050',
      llm: 'offline',
      awsRegion: 'us-east-1',
      bedrockModelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
      openaiBaseUrl: null,
      openaiModel: 'llama3.1',
      llmTimeoutMs: 120_000,
      budget: { tokens: 400_000, modelCalls: 12, wallTimeMs: 1_800_000 },
      deployer: 'local',
      vercelApiUrl: 'https://api.vercel.com',
      publisher: 'local',
      githubOwner: null,
      githubApiUrl: 'https://api.github.com',
      trustProxy: null,
      transparencyLog: { keyFile: '/srv/gantry/data/log-key.pem', origin: 'localhost:5050/log', checkpointIntervalMs: 1000, witnessUrls: [] },
      sessionTtlMs: 43_200_000,
      rateLimitPerMinute: 120,
      publicRateLimitPerMinute: 1200,
      loginAttemptsPerMinute: 5,
      corsOrigins: [],
      feed: { batchSize: 200, pollIntervalMs: 250, maxRetryDelayMs: 30_000, parkAfter: 3 },
      pipeline: { concurrency: 4, pollIntervalMs: 1000, leaseMs: 30_000 },
      processes: { role: 'all', readSide: 'thread', dutyRetryMs: 1000 },
      streams: { perUser: 5, idleMs: 600_000 },
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
    [{ GANTRY_DOCKER_RUNTIME: 'kata' }, 'GANTRY_DOCKER_RUNTIME'],
    [{ GANTRY_SANDBOX_DISK_MB: '0' }, 'GANTRY_SANDBOX_DISK_MB'],
    [{ GANTRY_SANDBOX_DISK_MB: '12MB' }, 'GANTRY_SANDBOX_DISK_MB'],
    [{ GANTRY_SANDBOX_DISK_MB: '999999' }, 'GANTRY_SANDBOX_DISK_MB'],
    [{ GANTRY_LLM: 'gpt' }, 'GANTRY_LLM'],
    [{ GANTRY_LLM: 'openai' }, 'OPENAI_BASE_URL'],
    [{ GANTRY_LLM: 'openai', OPENAI_BASE_URL: 'ftp://models' }, 'OPENAI_BASE_URL'],
    [{ GANTRY_BUDGET_TOKENS: '0' }, 'GANTRY_BUDGET_TOKENS'],
    [{ GANTRY_DEPLOYER: 'vercel' }, 'VERCEL_TOKEN'],
    [{ GANTRY_PUBLISHER: 'github', GITHUB_TOKEN: 't' }, 'GITHUB_OWNER'],
    [{ GANTRY_PUBLISHER: 'github', GITHUB_OWNER: 'acme' }, 'GITHUB_TOKEN'],
    [{ GANTRY_PUBLIC_URL: 'gantry.example' }, 'GANTRY_PUBLIC_URL'],
    [{ GANTRY_FEED_BATCH_SIZE: '0' }, 'GANTRY_FEED_BATCH_SIZE'],
    [{ GANTRY_FEED_POLL_MS: '1s' }, 'GANTRY_FEED_POLL_MS'],
    [{ GANTRY_FEED_MAX_RETRY_DELAY_MS: '-5' }, 'GANTRY_FEED_MAX_RETRY_DELAY_MS'],
    [{ GANTRY_PIPELINE_CONCURRENCY: '0' }, 'GANTRY_PIPELINE_CONCURRENCY'],
    [{ GANTRY_PIPELINE_POLL_MS: '5' }, 'GANTRY_PIPELINE_POLL_MS'],
    [{ GANTRY_PIPELINE_LEASE_MS: '1000' }, 'GANTRY_PIPELINE_LEASE_MS'],
    [{ GANTRY_LOG_CHECKPOINT_MS: '10' }, 'GANTRY_LOG_CHECKPOINT_MS'],
    [{ GANTRY_LOG_ORIGIN: 'has space' }, 'GANTRY_LOG_ORIGIN'],
    [{ GANTRY_LOG_ORIGIN: 'a+b' }, 'GANTRY_LOG_ORIGIN'],
    [{ GANTRY_WITNESS_URLS: 'http://ok.example, ftp://nope' }, 'GANTRY_WITNESS_URLS'],
  ])('names the bad variable in %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it('reads the transparency log settings', () => {
    const env = {
      GANTRY_LOG_KEY_FILE: 'keys/log.pem',
      GANTRY_LOG_ORIGIN: 'gantry.example/log',
      GANTRY_LOG_CHECKPOINT_MS: '2000',
      GANTRY_WITNESS_URLS: 'http://w1.example, https://w2.example/x',
    };
    expect(loadConfig(env, '/srv/gantry').transparencyLog).toEqual({
      keyFile: '/srv/gantry/keys/log.pem',
      origin: 'gantry.example/log',
      checkpointIntervalMs: 2000,
      witnessUrls: ['http://w1.example', 'https://w2.example/x'],
    });
  });

  it('reads the feed and pipeline settings', () => {
    const config = loadConfig({
      GANTRY_FEED_BATCH_SIZE: '50',
      GANTRY_FEED_POLL_MS: '100',
      GANTRY_FEED_MAX_RETRY_DELAY_MS: '5000',
      GANTRY_PIPELINE_CONCURRENCY: '2',
      GANTRY_PIPELINE_POLL_MS: '500',
      GANTRY_PIPELINE_LEASE_MS: '60000',
    });
    expect(config.feed).toEqual({ batchSize: 50, pollIntervalMs: 100, maxRetryDelayMs: 5000, parkAfter: 3 });
    expect(config.pipeline).toEqual({ concurrency: 2, pollIntervalMs: 500, leaseMs: 60_000 });
  });

  it('reads the role and the read side, and fails fast on a bad one', () => {
    expect(loadConfig({ GANTRY_ROLE: 'worker', GANTRY_READ_SIDE: 'inline', GANTRY_DUTY_RETRY_MS: '250' }).processes).toEqual({
      role: 'worker',
      readSide: 'inline',
      dutyRetryMs: 250,
    });
    expect(() => loadConfig({ GANTRY_ROLE: 'workers' })).toThrow('Invalid configuration: GANTRY_ROLE must be one of api, worker, all (got "workers")');
    expect(() => loadConfig({ GANTRY_READ_SIDE: 'process' })).toThrow('GANTRY_READ_SIDE must be one of thread, inline');
    expect(serveRole('api', '--role')).toBe('api');
    expect(() => serveRole('leader', '--role')).toThrow('Invalid configuration: --role must be one of api, worker, all (got "leader")');
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

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { blobStoreChoices, type BlobStoreSettings } from './blob-store-config';
import { ConfigError, httpUrl, integer, oneOf, optional, postgresUrl, requireSecret, type Env } from './env-readers';

export { ConfigError } from './env-readers';

export type EventStoreKind = 'postgres' | 'eventstoredb';
export type SandboxChoice = 'docker' | 'bwrap' | 'process' | 'auto';
export type LlmChoice = 'offline' | 'bedrock' | 'openai';
export type DeployerChoice = 'local' | 'vercel';
export type PublisherChoice = 'local' | 'github';
/** What `gantry serve` runs: `api` the HTTP side, `worker` the pipeline, `all` both (one process does everything). */
export type ServeRole = 'api' | 'worker' | 'all';
export const SERVE_ROLES: readonly ServeRole[] = ['api', 'worker', 'all'];

/** Per-mission caps on the model: reaching one ends the mission FAILED with the reason. */
export interface BudgetLimits {
  tokens: number;
  modelCalls: number;
  wallTimeMs: number;
}

/** How the feed consumer follows the global event feed for the read models, the pipeline and the audit export. */
export interface FeedSettings {
  /** Events read from the feed at a time. */
  batchSize: number;
  /** How often to look for events appended by other processes (appends in this process wake the consumer at once). */
  pollIntervalMs: number;
  /** A processor that keeps failing is retried after pollIntervalMs, then twice as late each time, up to this. */
  maxRetryDelayMs: number;
  /** An event that fails on its own this many times in a row, not for a transient reason, is parked (a data error at once). */
  parkAfter: number;
}

export interface PipelineSettings {
  /** Missions advanced at once by this process. */
  concurrency: number;
  /** How often the worker looks at the durable inbox when nothing nudged it. */
  pollIntervalMs: number;
  /** A crashed worker's missions wait at most this long before another process takes them over. */
  leaseMs: number;
}

export interface GantryConfig {
  port: number;
  /** Unset: an embedded PostgreSQL server under `dataDir/postgres`. */
  databaseUrl: string | null;
  eventStore: EventStoreKind;
  eventStoreConnectionString: string | null;
  /** Bounds every call to an external store, so an unreachable one fails fast instead of hanging. */
  storeTimeoutMs: number;
  dataDir: string;
  missionsDir: string;
  /** GANTRY_BLOB_STORE: where evidence files and deployed releases live, reached by every process. */
  blobStore: BlobStoreSettings;
  /** Largest design image accepted, in bytes. */
  maxImageBytes: number;
  /** `auto`: the first available of docker, bwrap, then the embedded process tier (offline templates only). */
  sandbox: SandboxChoice;
  sandboxImage: string;
  /** Where bubblewrap is looked for (GANTRY_BWRAP_PATH). */
  bwrapPath: string;
  /** GANTRY_DOCKER_RUNTIME: `auto` runs Docker builds under gVisor's runsc when the engine lists it, else runc. */
  dockerRuntime: 'auto' | 'runsc' | 'runc';
  /** GANTRY_SANDBOX_DISK_MB, in bytes: the bound on each build's workspace. */
  sandboxDiskBytes: number;
  /** The dead man's switch: a build still running after this long is killed and the mission ends TIMEOUT. */
  buildTimeoutMs: number;
  policyFile: string;
  /** Where users reach this server, for the live URLs of locally deployed apps. */
  publicUrl: string;
  /** Which brain the consultant and the architect use. Secrets (OPENAI_API_KEY, AWS keys) are read by the adapters, never kept here. */
  llm: LlmChoice;
  awsRegion: string;
  bedrockModelId: string;
  openaiBaseUrl: string | null;
  openaiModel: string;
  /** Bounds one model call, retries included. */
  llmTimeoutMs: number;
  budget: BudgetLimits;
  /** Tokens (VERCEL_TOKEN, GITHUB_TOKEN) are read by the adapters from the environment, never kept here. */
  deployer: DeployerChoice;
  vercelApiUrl: string;
  publisher: PublisherChoice;
  githubOwner: string | null;
  githubApiUrl: string;
  /** Proxies whose X-Forwarded-For is believed (Express `trust proxy` syntax); null: the socket address only. */
  trustProxy: string | null;
  sessionTtlMs: number;
  /** API requests per minute per caller (or per address when anonymous). */
  rateLimitPerMinute: number;
  /** Requests per minute per address for public content (deployed apps, /health, the console), counted apart from the API. */
  publicRateLimitPerMinute: number;
  /**
   * Failed sign-ins an account may have at one address (or on one known device) before each further attempt
   * waits longer (1 s, doubling, up to 15 min); ten times as many per account and per address overall.
   * (The name predates the growing delays.)
   */
  loginAttemptsPerMinute: number;
  /** Origins allowed by CORS; empty: CORS off. */
  corsOrigins: string[];
  feed: FeedSettings;
  pipeline: PipelineSettings;
  transparencyLog: TransparencyLogSettings;
  streams: StreamSettings;
  processes: ProcessSettings;
}

/** How this process shares the work with the others on the same database. */
export interface ProcessSettings {
  /** GANTRY_ROLE (or `gantry serve --role`). */
  role: ServeRole;
  /** GANTRY_READ_SIDE: `thread` keeps the projections off the HTTP event loop (a worker thread); `inline` runs them on it. */
  readSide: 'thread' | 'inline';
  /** GANTRY_DUTY_RETRY_MS: how often a standby tries to take a singleton duty (the failover time is about this). */
  dutyRetryMs: number;
}

/** The signed Merkle log over every event (its key file lives outside the database). */
export interface TransparencyLogSettings {
  /** Ed25519 PKCS#8 PEM, 0600, generated on first start. */
  keyFile: string;
  /** The checkpoints' origin line and the key's name. */
  origin: string;
  /** A checkpoint is signed at most this often, when the tree has grown. */
  checkpointIntervalMs: number;
  /** C2SP tlog-witness endpoints (their add-checkpoint URLs' base) asked to cosign each checkpoint. */
  witnessUrls: string[];
}

/** Live mission streams (server-sent events). */
export interface StreamSettings {
  /** Streams one user may hold open at once; one more is answered 429. */
  perUser: number;
  /** A stream whose mission has not changed for this long ends. */
  idleMs: number;
}

export const GANTRY_CONFIG = Symbol('GANTRY_CONFIG');

/** The folder Gantry is installed in (the one with its package.json), from source or from dist/. */
export function installRoot(from: string = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'policy.yaml'))) return dir;
  }
  return process.cwd();
}

function eventStoreDbUrl(env: Env, kind: EventStoreKind): string | null {
  const raw = optional(env, 'EVENTSTORE_CONNECTION_STRING');
  if (kind !== 'eventstoredb') return raw;
  if (raw === null) throw new ConfigError('EVENTSTORE_CONNECTION_STRING', 'is required when EVENT_STORE=eventstoredb');
  if (!/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//.test(raw)) {
    throw new ConfigError('EVENTSTORE_CONNECTION_STRING', 'must start with esdb:// (e.g. esdb://localhost:2113?tls=false)');
  }
  return raw;
}

function shippingChoices(env: Env) {
  const deployer = oneOf(env, 'GANTRY_DEPLOYER', ['local', 'vercel'] as const, 'local');
  const publisher = oneOf(env, 'GANTRY_PUBLISHER', ['local', 'github'] as const, 'local');
  if (deployer === 'vercel') requireSecret(env, 'VERCEL_TOKEN', 'GANTRY_DEPLOYER=vercel');
  if (publisher === 'github') {
    requireSecret(env, 'GITHUB_TOKEN', 'GANTRY_PUBLISHER=github');
    requireSecret(env, 'GITHUB_OWNER', 'GANTRY_PUBLISHER=github');
  }
  return {
    deployer,
    vercelApiUrl: httpUrl(env, 'VERCEL_API_URL', 'https://api.vercel.com'),
    publisher,
    githubOwner: optional(env, 'GITHUB_OWNER'),
    githubApiUrl: httpUrl(env, 'GITHUB_API_URL', 'https://api.github.com'),
  };
}

function llmChoices(env: Env) {
  const llm = oneOf(env, 'GANTRY_LLM', ['offline', 'bedrock', 'openai'] as const, 'offline');
  const openaiBaseUrl = httpUrl(env, 'OPENAI_BASE_URL', null);
  if (llm === 'openai' && openaiBaseUrl === null)
    throw new ConfigError('OPENAI_BASE_URL', 'is required when GANTRY_LLM=openai (e.g. http://localhost:11434/v1 for Ollama)');
  return {
    llm,
    awsRegion: optional(env, 'AWS_REGION') ?? optional(env, 'AWS_DEFAULT_REGION') ?? 'us-east-1',
    bedrockModelId: optional(env, 'BEDROCK_MODEL_ID') ?? 'anthropic.claude-3-5-sonnet-20241022-v2:0',
    openaiBaseUrl,
    openaiModel: optional(env, 'OPENAI_MODEL') ?? 'llama3.1',
    llmTimeoutMs: integer(env, 'GANTRY_LLM_TIMEOUT_S', 120, 1, 3600) * 1000,
    budget: {
      tokens: integer(env, 'GANTRY_BUDGET_TOKENS', 400_000, 1, 100_000_000),
      modelCalls: integer(env, 'GANTRY_BUDGET_CALLS', 12, 1, 1000),
      wallTimeMs: integer(env, 'GANTRY_BUDGET_MINUTES', 30, 1, 1440) * 60_000,
    },
  };
}

function securityChoices(env: Env) {
  const cors = optional(env, 'GANTRY_CORS_ORIGINS');
  return {
    trustProxy: optional(env, 'TRUST_PROXY'),
    sessionTtlMs: integer(env, 'GANTRY_SESSION_HOURS', 12, 1, 24 * 30) * 3_600_000,
    rateLimitPerMinute: integer(env, 'GANTRY_RATE_LIMIT_PER_MINUTE', 120, 1, 1_000_000),
    publicRateLimitPerMinute: integer(env, 'GANTRY_PUBLIC_RATE_LIMIT_PER_MINUTE', 1200, 1, 10_000_000),
    loginAttemptsPerMinute: integer(env, 'GANTRY_LOGIN_ATTEMPTS_PER_MINUTE', 5, 1, 10_000),
    corsOrigins:
      cors === null
        ? []
        : cors
            .split(',')
            .map((origin) => origin.trim())
            .filter(Boolean),
  };
}

function processingChoices(env: Env): Pick<GantryConfig, 'feed' | 'pipeline' | 'streams'> {
  return {
    streams: {
      perUser: integer(env, 'GANTRY_STREAMS_PER_USER', 5, 1, 10_000),
      idleMs: integer(env, 'GANTRY_STREAM_IDLE_S', 600, 1, 86_400) * 1000,
    },
    feed: {
      batchSize: integer(env, 'GANTRY_FEED_BATCH_SIZE', 200, 1, 10_000),
      pollIntervalMs: integer(env, 'GANTRY_FEED_POLL_MS', 250, 10, 600_000),
      maxRetryDelayMs: integer(env, 'GANTRY_FEED_MAX_RETRY_DELAY_MS', 30_000, 10, 3_600_000),
      parkAfter: integer(env, 'GANTRY_FEED_PARK_AFTER', 3, 1, 1_000),
    },
    pipeline: {
      concurrency: integer(env, 'GANTRY_PIPELINE_CONCURRENCY', 4, 1, 64),
      pollIntervalMs: integer(env, 'GANTRY_PIPELINE_POLL_MS', 1000, 10, 600_000),
      leaseMs: integer(env, 'GANTRY_PIPELINE_LEASE_MS', 30_000, 3_000, 3_600_000),
    },
  };
}

function transparencyLogChoices(env: Env, dataDir: string, publicUrl: string, cwd: string): TransparencyLogSettings {
  const origin = optional(env, 'GANTRY_LOG_ORIGIN') ?? `${new URL(publicUrl).host}/log`;
  if (/[\s+]/.test(origin)) throw new ConfigError('GANTRY_LOG_ORIGIN', `must be one word without spaces or "+" (got "${origin}")`);
  const witnessUrls = (optional(env, 'GANTRY_WITNESS_URLS') ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  for (const url of witnessUrls)
    if (!/^https?:\/\/[^\s]+$/.test(url)) throw new ConfigError('GANTRY_WITNESS_URLS', `holds "${url}", which is not an http(s) URL`);
  return {
    keyFile: resolve(cwd, optional(env, 'GANTRY_LOG_KEY_FILE') ?? join(dataDir, 'log-key.pem')),
    origin,
    checkpointIntervalMs: integer(env, 'GANTRY_LOG_CHECKPOINT_MS', 1000, 50, 3_600_000),
    witnessUrls,
  };
}

/** A role named by GANTRY_ROLE or by `--role` (then `source` is `--role`): fails fast on anything else. */
export function serveRole(raw: string | undefined, source = 'GANTRY_ROLE'): ServeRole {
  return oneOf({ [source]: raw }, source, SERVE_ROLES, 'all');
}

function processChoices(env: Env): ProcessSettings {
  return {
    role: serveRole(env.GANTRY_ROLE),
    readSide: oneOf(env, 'GANTRY_READ_SIDE', ['thread', 'inline'] as const, 'thread'),
    dutyRetryMs: integer(env, 'GANTRY_DUTY_RETRY_MS', 1000, 50, 60_000),
  };
}

/** Reads and validates the environment once, at boot. Throws ConfigError on the first bad variable. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): GantryConfig {
  const eventStore = oneOf(env, 'EVENT_STORE', ['postgres', 'eventstoredb'] as const, 'postgres');
  const dataDir = resolve(cwd, optional(env, 'GANTRY_DATA_DIR') ?? './data');
  const publicUrl = httpUrl(env, 'GANTRY_PUBLIC_URL', `http://localhost:${integer(env, 'PORT', 5050, 0, 65535)}`);
  return {
    port: integer(env, 'PORT', 5050, 0, 65535),
    databaseUrl: postgresUrl(env, 'DATABASE_URL'),
    eventStore,
    eventStoreConnectionString: eventStoreDbUrl(env, eventStore),
    storeTimeoutMs: integer(env, 'GANTRY_STORE_TIMEOUT_MS', 5000, 100, 600_000),
    dataDir,
    missionsDir: resolve(cwd, optional(env, 'GANTRY_MISSIONS_DIR') ?? './missions'),
    blobStore: blobStoreChoices(env),
    maxImageBytes: integer(env, 'GANTRY_MAX_IMAGE_BYTES', 5_000_000, 1_000, 50_000_000),
    sandbox: oneOf(env, 'GANTRY_SANDBOX', ['docker', 'bwrap', 'process', 'auto'] as const, 'auto'),
    sandboxImage: optional(env, 'GANTRY_SANDBOX_IMAGE') ?? 'gantry-node:local',
    bwrapPath: optional(env, 'GANTRY_BWRAP_PATH') ?? '/usr/bin/bwrap',
    dockerRuntime: oneOf(env, 'GANTRY_DOCKER_RUNTIME', ['auto', 'runsc', 'runc'] as const, 'auto'),
    sandboxDiskBytes: integer(env, 'GANTRY_SANDBOX_DISK_MB', 256, 16, 65_536) * 1024 * 1024,
    buildTimeoutMs: integer(env, 'GANTRY_BUILD_TIMEOUT_S', 180, 1, 3600) * 1000,
    policyFile: resolve(cwd, optional(env, 'GANTRY_POLICY_FILE') ?? join(installRoot(), 'policy.yaml')),
    publicUrl,
    ...llmChoices(env),
    ...shippingChoices(env),
    ...securityChoices(env),
    ...processingChoices(env),
    processes: processChoices(env),
    transparencyLog: transparencyLogChoices(env, dataDir, publicUrl, cwd),
  };
}

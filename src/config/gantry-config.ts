import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type EventStoreKind = 'postgres' | 'eventstoredb';
export type SandboxChoice = 'docker' | 'bwrap' | 'auto';

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
  /** Largest design image accepted, in bytes. */
  maxImageBytes: number;
  /** `auto`: the first available of docker, then bwrap. */
  sandbox: SandboxChoice;
  sandboxImage: string;
  /** The dead man's switch: a build still running after this long is killed and the mission ends TIMEOUT. */
  buildTimeoutMs: number;
  policyFile: string;
}

export const GANTRY_CONFIG = Symbol('GANTRY_CONFIG');

/** A bad or missing variable: the message names it, so a failed boot says exactly what to fix. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

/** The folder Gantry is installed in (the one with its package.json), from source or from dist/. */
export function installRoot(from: string = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'policy.yaml'))) return dir;
  }
  return process.cwd();
}

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function postgresUrl(env: Env, name: string): string | null {
  const raw = optional(env, name);
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a URL (expected postgres://user:password@host:5432/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `must start with postgres:// or postgresql:// (got ${url.protocol}//)`);
  }
  return raw;
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

/** Reads and validates the environment once, at boot. Throws ConfigError on the first bad variable. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): GantryConfig {
  const eventStore = oneOf(env, 'EVENT_STORE', ['postgres', 'eventstoredb'] as const, 'postgres');
  const dataDir = resolve(cwd, optional(env, 'GANTRY_DATA_DIR') ?? './data');
  return {
    port: integer(env, 'PORT', 5050, 0, 65535),
    databaseUrl: postgresUrl(env, 'DATABASE_URL'),
    eventStore,
    eventStoreConnectionString: eventStoreDbUrl(env, eventStore),
    storeTimeoutMs: integer(env, 'GANTRY_STORE_TIMEOUT_MS', 5000, 100, 600_000),
    dataDir,
    missionsDir: resolve(cwd, optional(env, 'GANTRY_MISSIONS_DIR') ?? './missions'),
    maxImageBytes: integer(env, 'GANTRY_MAX_IMAGE_BYTES', 5_000_000, 1_000, 50_000_000),
    sandbox: oneOf(env, 'GANTRY_SANDBOX', ['docker', 'bwrap', 'auto'] as const, 'auto'),
    sandboxImage: optional(env, 'GANTRY_SANDBOX_IMAGE') ?? 'gantry-node:local',
    buildTimeoutMs: integer(env, 'GANTRY_BUILD_TIMEOUT_S', 180, 1, 3600) * 1000,
    policyFile: resolve(cwd, optional(env, 'GANTRY_POLICY_FILE') ?? join(installRoot(), 'policy.yaml')),
  };
}

/** Reading one environment variable, failing fast with a ConfigError that names it. */
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

export type Env = Record<string, string | undefined>;

export function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

export function postgresUrl(env: Env, name: string): string | null {
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

/** An http(s) URL without its trailing slashes; given a fallback, never null. */
export function httpUrl(env: Env, name: string, fallback: string): string;
export function httpUrl(env: Env, name: string, fallback: null): string | null;
export function httpUrl(env: Env, name: string, fallback: string | null): string | null {
  const raw = optional(env, name) ?? fallback;
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a URL (got "${raw}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, `must start with http:// or https:// (got ${url.protocol}//)`);
  return raw.replace(/\/+$/, '');
}

/** A secret the chosen adapter needs: only its presence is checked here; the adapter reads it itself. */
export function requireSecret(env: Env, name: string, because: string): void {
  if (optional(env, name) === null) throw new ConfigError(name, `is required when ${because}`);
}

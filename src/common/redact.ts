/** The environment variables whose values are secrets: never in a log line, an event or an evidence file. */
export const SECRET_VARIABLES = ['VERCEL_TOKEN', 'GITHUB_TOKEN', 'OPENAI_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'GANTRY_PASSWORD'] as const;

/** Token shapes worth hiding even when they are not ours (an SDK echoing a header, a URL with credentials). */
const TOKEN_SHAPES = [/\b(gh[pousr]_[A-Za-z0-9]{16,})\b/g, /\b(github_pat_[A-Za-z0-9_]{20,})\b/g, /(Bearer|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, /\/\/[^/\s:@]+:[^/\s@]+@/g];

/** Replaces every secret the environment holds, and anything shaped like a token, with [REDACTED]. */
export function redactSecrets(text: string, env: Record<string, string | undefined> = process.env): string {
  let clean = text;
  for (const name of SECRET_VARIABLES) {
    const value = env[name]?.trim();
    if (value && value.length >= 4) clean = clean.split(value).join('[REDACTED]');
  }
  for (const shape of TOKEN_SHAPES) clean = clean.replace(shape, '[REDACTED]');
  return clean;
}

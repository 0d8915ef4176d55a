/** The environment variables whose values are secrets: never in a log line, an event or an evidence file. */
export const SECRET_VARIABLES = [
  'VERCEL_TOKEN',
  'GITHUB_TOKEN',
  'OPENAI_API_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_BEARER_TOKEN_BEDROCK',
  'GANTRY_PASSWORD',
] as const;

const REDACTED = '[REDACTED]';

/** Credential shapes worth hiding even when they are not ours (an SDK echoing a header, a signature, a URL with credentials). */
const SECRET_SHAPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(gh[pousr]_[A-Za-z0-9]{16,})\b/g, REDACTED],
  [/\b(github_pat_[A-Za-z0-9_]{20,})\b/g, REDACTED],
  [/\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}\b/g, REDACTED],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/Credential=[^,\s]+/gi, `Credential=${REDACTED}`],
  [/Signature=[0-9a-f]+/gi, `Signature=${REDACTED}`],
  [/\b(Bearer|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/(x-amz-security-token|x-api-key|api[_-]?key)(["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, `$1$2${REDACTED}`],
  [/\/\/[^/\s:@]+:[^/\s@]+@/g, `//${REDACTED}@`],
];

/** Replaces every secret the environment holds, and anything shaped like a credential, with [REDACTED]. */
export function redactSecrets(text: string, env: Record<string, string | undefined> = process.env): string {
  let clean = text;
  for (const name of SECRET_VARIABLES) {
    const value = env[name]?.trim();
    if (value && value.length >= 4) clean = clean.split(value).join(REDACTED);
  }
  for (const [shape, replacement] of SECRET_SHAPES) clean = clean.replace(shape, replacement);
  return clean;
}

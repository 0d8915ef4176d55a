/**
 * Makes a provider's error message safe to record: one line, bounded, with anything shaped like a
 * credential removed (AWS key ids, SigV4 credentials and signatures, bearer tokens, API keys), and the
 * values of the secret variables themselves wherever they appear.
 */

const SECRET_VARIABLES = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_BEARER_TOKEN_BEDROCK', 'OPENAI_API_KEY'];

const SECRET_SHAPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}\b/g, '[key id]'],
  [/Credential=[^,\s]+/gi, 'Credential=[redacted]'],
  [/Signature=[0-9a-f]+/gi, 'Signature=[redacted]'],
  [/\bBearer\s+[^\s,;]+/gi, 'Bearer [redacted]'],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, '[api key]'],
  [/(x-amz-security-token|x-api-key|api[_-]?key)(["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, '$1$2[redacted]'],
];

const MAX_MESSAGE_CHARS = 300;

export function safeMessage(raw: string, env: NodeJS.ProcessEnv = process.env): string {
  let text = raw.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value && value.length >= 4) text = text.split(value).join('[redacted]');
  }
  for (const [shape, replacement] of SECRET_SHAPES) text = text.replace(shape, replacement);
  text = text.trim();
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text || 'no message';
}

import { redactSecrets } from '../kernel/redact';

const MAX_MESSAGE_CHARS = 300;

/** Makes a provider's error message safe to record: its first line, bounded, with every secret and credential shape redacted. */
export function safeMessage(raw: string, env: NodeJS.ProcessEnv = process.env): string {
  const firstLine = raw.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  const text = redactSecrets(firstLine, env).trim();
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text || 'no message';
}

import { isHash } from './merkle-hash';

/** A C2SP tlog-checkpoint body: the log's origin, its size, its root, and optional extension lines. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
  readonly extensions: readonly string[];
}

export type CheckpointParse = { ok: true; checkpoint: Checkpoint } | { ok: false; reason: string };

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const STD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard base64 that round-trips exactly (no stray padding, no URL alphabet), or null. */
export function decodeBase64Strict(text: string): Buffer | null {
  if (!STD_BASE64.test(text) || text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/** The note text of a checkpoint: `<origin>\n<size>\n<base64 root>\n` then each extension line. */
export function formatCheckpoint({ origin, size, root, extensions }: Checkpoint): string {
  if (origin.length === 0 || /[\n]/.test(origin)) throw new RangeError('the origin is one non-empty line');
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`${size} is not a tree size`);
  if (!isHash(root)) throw new RangeError('the root is 32 bytes');
  if (extensions.some((line) => line.length === 0 || line.includes('\n'))) throw new RangeError('an extension is one non-empty line');
  return [origin, String(size), root.toString('base64'), ...extensions].map((line) => `${line}\n`).join('');
}

/** Parses a checkpoint body (a signed note's text), refusing anything the spec does not allow. */
export function parseCheckpoint(text: string): CheckpointParse {
  if (!text.endsWith('\n')) return { ok: false, reason: 'a checkpoint ends with a newline' };
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) return { ok: false, reason: 'a checkpoint has an origin, a size and a root' };
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin.length === 0) return { ok: false, reason: 'the origin line is empty' };
  if (!DECIMAL.test(sizeText)) return { ok: false, reason: `"${sizeText}" is not a decimal tree size` };
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) return { ok: false, reason: `${sizeText} is too large a tree size` };
  const root = decodeBase64Strict(rootText);
  if (!root || !isHash(root)) return { ok: false, reason: 'the root is not 32 bytes of standard base64' };
  if (extensions.some((line) => line.length === 0)) return { ok: false, reason: 'an extension line is empty' };
  return { ok: true, checkpoint: { origin, size, root, extensions } };
}

/**
 * The notes of a checkpoint file: each entry is a signed note (text, empty line, signature lines) and then
 * one empty line. Returns the notes in file order; a trailing partial entry (a torn write) is dropped.
 */
export function splitCheckpointFile(content: string): string[] {
  const notes: string[] = [];
  let current: string[] = [];
  let inSignatures = false;
  for (const line of content.split('\n')) {
    if (line === '') {
      if (inSignatures) {
        notes.push(`${current.join('\n')}\n`);
        [current, inSignatures] = [[], false];
      } else if (current.length > 0) {
        current.push('');
        inSignatures = true;
      }
      continue;
    }
    current.push(line);
  }
  return notes;
}

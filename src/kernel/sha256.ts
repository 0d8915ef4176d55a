import { createHash } from 'node:crypto';

/** SHA-256 of bytes (or UTF-8 text), lower-case hex: how evidence files and blobs are named. */
export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

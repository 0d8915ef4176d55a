import { createHash } from 'node:crypto';
import { DomainError } from '../../../kernel/domain-error';

export class DesignImageError extends DomainError {
  readonly code = 'DESIGN_IMAGE_INVALID';
  readonly kind = 'bad_input';
}

export interface DecodedImage {
  bytes: Buffer;
  mime: 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';
  extension: 'png' | 'jpg' | 'webp' | 'gif';
  sha256: string;
}

type Signature = { mime: DecodedImage['mime']; extension: DecodedImage['extension']; matches: (bytes: Buffer) => boolean };

const ascii = (bytes: Buffer, start: number, text: string) => bytes.subarray(start, start + text.length).toString('latin1') === text;

/** The type is what the bytes say, never what the name or a data-URL prefix claims. */
const SIGNATURES: Signature[] = [
  { mime: 'image/png', extension: 'png', matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/jpeg', extension: 'jpg', matches: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/gif', extension: 'gif', matches: (b) => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a') },
  { mime: 'image/webp', extension: 'webp', matches: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP') },
];

const DATA_URL = /^data:[^;,]*(;[^,]*)?,/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(text: string): Buffer {
  const payload = text.replace(DATA_URL, '').replace(/\s+/g, '');
  if (payload.length === 0) throw new DesignImageError('The design image is empty');
  if (payload.length % 4 !== 0 || !BASE64.test(payload)) throw new DesignImageError('The design image is not valid base64');
  return Buffer.from(payload, 'base64');
}

/** Checks an uploaded design image: base64 of a PNG, JPEG, WebP or GIF of at most `maxBytes`. */
export function decodeDesignImage(base64: string, maxBytes: number): DecodedImage {
  // Reject by encoded length first, so an oversized upload is never decoded into memory.
  if (base64.length > Math.ceil(maxBytes / 3) * 4 + 200) {
    throw new DesignImageError(`The design image is larger than ${Math.floor(maxBytes / 1_000_000)} MB`);
  }
  const bytes = decodeBase64(base64);
  if (bytes.length > maxBytes) throw new DesignImageError(`The design image is larger than ${Math.floor(maxBytes / 1_000_000)} MB`);
  const signature = SIGNATURES.find((candidate) => candidate.matches(bytes));
  if (!signature) throw new DesignImageError('The design image must be a PNG, JPEG, WebP or GIF image');
  return { bytes, mime: signature.mime, extension: signature.extension, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A display name only: never used as a path. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[^\w.\- ]+/g, '_')
    .slice(0, 120)
    .trim();
  return cleaned || 'design-image';
}

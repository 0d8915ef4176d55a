import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { decodeBase64Strict } from './checkpoint';

/** Signature types of C2SP signed-note: 0x01 Ed25519 note signatures, 0x04 timestamped Ed25519 cosignatures. */
export const ALG_ED25519 = 0x01;
export const ALG_COSIGNATURE_V1 = 0x04;

const EM_DASH = '\u2014';
const MAX_SIGNATURES = 100;

export interface NoteSignature {
  readonly name: string;
  readonly keyId: Buffer;
  /** The signature after the 4-byte key id. */
  readonly signature: Buffer;
}

/** A verifier key: `<name>+<hex key id>+<base64(type ‖ public key)>`. */
export interface VerifierKey {
  readonly name: string;
  readonly keyId: Buffer;
  readonly alg: number;
  readonly publicKey: Buffer;
}

/** Something that signs notes: a name, its key id, and Ed25519 over the message. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: Buffer;
  sign(message: Buffer): Buffer;
}

export type NoteOpening = { ok: true; text: string; signatures: NoteSignature[] } | { ok: false; reason: string };
export type NoteVerification = { valid: true; text: string; signature: NoteSignature } | { valid: false; reason: string };

/** A key name is non-empty, without spaces, plus signs or newlines (it must survive the vkey and signature lines). */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/.test(name);
}

/** First 4 bytes of SHA-256(name ‖ 0x0A ‖ type ‖ public key). */
export function keyId(name: string, alg: number, publicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(name, 'utf8')
    .update('\n')
    .update(Buffer.from([alg]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** The raw 32-byte Ed25519 public key of a KeyObject (public or private). */
export function rawEd25519PublicKey(key: KeyObject): Buffer {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new RangeError('the key is not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export function ed25519PublicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

export function formatVerifierKey(name: string, alg: number, publicKey: Uint8Array): string {
  if (!isKeyName(name)) throw new RangeError(`"${name}" is not a key name`);
  const id = keyId(name, alg, publicKey).toString('hex');
  return `${name}+${id}+${Buffer.concat([Buffer.from([alg]), publicKey]).toString('base64')}`;
}

export type VerifierKeyParse = { ok: true; key: VerifierKey } | { ok: false; reason: string };

/** Parses a vkey; the key id must match the name and key, and an Ed25519 key must be 32 bytes. */
export function parseVerifierKey(vkey: string): VerifierKeyParse {
  // The name holds no '+', the key id is hex: only the base64 key may hold more of them.
  const match = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(vkey.trim());
  if (!match) return { ok: false, reason: 'a verifier key is <name>+<key id>+<key>' };
  const [, name, idHex, keyText] = match;
  if (!isKeyName(name)) return { ok: false, reason: 'the verifier key has no valid name' };
  if (!/^[0-9a-f]{8}$/.test(idHex)) return { ok: false, reason: 'the key id is not 8 lowercase hex digits' };
  const material = decodeBase64Strict(keyText);
  if (!material || material.length < 2) return { ok: false, reason: 'the key is not standard base64' };
  const alg = material[0];
  const publicKey = material.subarray(1);
  if (alg !== ALG_ED25519 && alg !== ALG_COSIGNATURE_V1) return { ok: false, reason: `signature type ${alg} is not supported` };
  if (publicKey.length !== 32) return { ok: false, reason: 'an Ed25519 key is 32 bytes' };
  const keyIdBytes = Buffer.from(idHex, 'hex');
  if (!keyId(name, alg, publicKey).equals(keyIdBytes)) return { ok: false, reason: 'the key id does not match the name and key' };
  return { ok: true, key: { name, keyId: keyIdBytes, alg, publicKey } };
}

/** A note signer over an Ed25519 private key, named `name`. */
export function ed25519NoteSigner(name: string, privateKey: KeyObject): NoteSigner {
  if (!isKeyName(name)) throw new RangeError(`"${name}" is not a key name`);
  const id = keyId(name, ALG_ED25519, rawEd25519PublicKey(privateKey));
  return { name, keyId: id, sign: (message) => sign(null, message, privateKey) };
}

function checkText(text: string): string | null {
  if (!text.endsWith('\n')) return 'the note text must end with a newline';
  // eslint-disable-next-line no-control-regex -- the spec forbids control characters other than newline
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) return 'the note text holds a control character';
  return null;
}

export function formatSignatureLine({ name, keyId: id, signature }: NoteSignature): string {
  return `${EM_DASH} ${name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

/** The signed note: the text, a blank line, and one signature line per signer (existing lines kept after ours). */
export function signNote(text: string, signer: NoteSigner, otherSignatureLines: readonly string[] = []): string {
  const problem = checkText(text);
  if (problem) throw new RangeError(problem);
  const line = formatSignatureLine({ name: signer.name, keyId: signer.keyId, signature: signer.sign(Buffer.from(text, 'utf8')) });
  return `${text}\n${line}${otherSignatureLines.join('')}`;
}

function parseSignatureLine(line: string): NoteSignature | null {
  const match = /^\u2014 (\S+) (\S+)$/.exec(line);
  if (!match || !isKeyName(match[1])) return null;
  const bytes = decodeBase64Strict(match[2]);
  if (!bytes || bytes.length < 5) return null;
  return { name: match[1], keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
}

/** Splits a note into its text and signature lines, checking only the syntax. */
export function openNote(note: string): NoteOpening {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return { ok: false, reason: 'a signed note is text, a blank line and signature lines' };
  const text = note.slice(0, split + 1);
  const problem = checkText(text);
  if (problem) return { ok: false, reason: problem };
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) return { ok: false, reason: 'the note has too many signatures' };
  const signatures = lines.map(parseSignatureLine);
  if (signatures.some((signature) => signature === null)) return { ok: false, reason: 'a signature line is malformed' };
  return { ok: true, text, signatures: signatures as NoteSignature[] };
}

/**
 * Checks that the note carries a valid Ed25519 signature by the verifier key (`vkey` text or parsed);
 * signatures by other keys are ignored, and a line with the key's name and id but a bad signature fails.
 */
export function verifyNote(note: string, verifierKey: string | VerifierKey): NoteVerification {
  const key = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : { ok: true as const, key: verifierKey };
  if (!key.ok) return { valid: false, reason: key.reason };
  if (key.key.alg !== ALG_ED25519) return { valid: false, reason: 'the verifier key is not an Ed25519 note key' };
  const opened = openNote(note);
  if (!opened.ok) return { valid: false, reason: opened.reason };
  const { name, keyId: id, publicKey } = key.key;
  const mine = opened.signatures.filter((signature) => signature.name === name && signature.keyId.equals(id));
  if (mine.length === 0) return { valid: false, reason: `the note has no signature by ${name}+${id.toString('hex')}` };
  const publicKeyObject = ed25519PublicKeyObject(publicKey);
  const message = Buffer.from(opened.text, 'utf8');
  for (const signature of mine) {
    if (signature.signature.length !== 64 || !verify(null, message, publicKeyObject, signature.signature)) {
      return { valid: false, reason: `the signature by ${name} does not verify` };
    }
  }
  return { valid: true, text: opened.text, signature: mine[0] };
}

import { sign, verify, type KeyObject } from 'node:crypto';
import {
  ALG_COSIGNATURE_V1,
  ed25519PublicKeyObject,
  formatSignatureLine,
  keyId,
  openNote,
  parseVerifierKey,
  rawEd25519PublicKey,
  type VerifierKey,
} from './signed-note';

/** C2SP tlog-cosignature v1 for Ed25519: what a witness signs, with the time it signed. */
export function cosignatureMessage(checkpointText: string, timestamp: number): Buffer {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError('a cosignature time is whole seconds from 0');
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, 'utf8');
}

/** A cosignature line (`— <name> base64(key id ‖ u64 time ‖ Ed25519 signature)`) by a witness key. */
export function cosignCheckpoint(checkpointText: string, name: string, privateKey: KeyObject, timestamp: number): string {
  const id = keyId(name, ALG_COSIGNATURE_V1, rawEd25519PublicKey(privateKey));
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  const signature = sign(null, cosignatureMessage(checkpointText, timestamp), privateKey);
  return formatSignatureLine({ name, keyId: id, signature: Buffer.concat([time, signature]) });
}

export type CosignatureVerification = { valid: true; timestamp: number } | { valid: false; reason: string };

/** Checks a note for a valid v1 cosignature by the witness's vkey (signature type 0x04). */
export function verifyCosignature(note: string, witnessKey: string | VerifierKey): CosignatureVerification {
  const parsed = typeof witnessKey === 'string' ? parseVerifierKey(witnessKey) : { ok: true as const, key: witnessKey };
  if (!parsed.ok) return { valid: false, reason: parsed.reason };
  const { name, keyId: id, alg, publicKey } = parsed.key;
  if (alg !== ALG_COSIGNATURE_V1) return { valid: false, reason: 'the witness key is not a cosignature/v1 key' };
  const opened = openNote(note);
  if (!opened.ok) return { valid: false, reason: opened.reason };
  const line = opened.signatures.find((signature) => signature.name === name && signature.keyId.equals(id));
  if (!line) return { valid: false, reason: `the note has no cosignature by ${name}` };
  if (line.signature.length !== 8 + 64) return { valid: false, reason: `the cosignature by ${name} is not a timestamped Ed25519 signature` };
  const time = line.signature.readBigUInt64BE(0);
  if (time > BigInt(Number.MAX_SAFE_INTEGER)) return { valid: false, reason: `the cosignature by ${name} has an impossible time` };
  const timestamp = Number(time);
  const message = cosignatureMessage(opened.text, timestamp);
  if (!verify(null, message, ed25519PublicKeyObject(publicKey), line.signature.subarray(8))) {
    return { valid: false, reason: `the cosignature by ${name} does not verify` };
  }
  return { valid: true, timestamp };
}

import { DomainError } from '../../../kernel/domain-error';
import { openNote, formatSignatureLine, parseVerifierKey } from '../../../kernel/transparency/signed-note';
import type { StoredChainRecord } from '../../ports/event-store.port';

/** The bundle's format name; `scripts/verify-bundle.mjs` checks every field (see the README's "The audit bundle"). */
export const AUDIT_BUNDLE_FORMAT = 'gantry-audit-bundle/1';

export interface BundleEvent {
  revision: number;
  leaf_index: number;
  hash: string;
  /** The exact canonical bytes that were hashed, as stored (a UTF-8 string). */
  canonical: string;
  /** RFC 9162 inclusion proof of the leaf in the checkpoint's tree, each hash standard base64. */
  inclusion_proof: string[];
}

export interface BundleEvidence {
  revision: number;
  file: string;
  /** The SHA-256 of the file as found when the bundle was made; null when it was missing. */
  sha256: string | null;
}

/** Field order is part of the format: the verifier re-serialises the bundle and compares bytes. */
export interface AuditBundle {
  format: typeof AUDIT_BUNDLE_FORMAT;
  mission_id: string;
  stream: string;
  key: string;
  checkpoint: string;
  events: BundleEvent[];
  evidence: BundleEvidence[];
}

export interface BundleParts {
  missionId: string;
  stream: string;
  verifierKey: string;
  checkpointNote: string;
  events: Array<StoredChainRecord & { leafIndex: number; proof: Buffer[] }>;
  evidence: BundleEvidence[];
}

/**
 * The newest checkpoint is not signed by this process's key: another process with its own key file signed it.
 * Every process must read the same GANTRY_LOG_KEY_FILE; until they do, no bundle this process makes would verify.
 */
export class LogKeyMismatchError extends DomainError {
  readonly code = 'LOG_KEY_MISMATCH';
  readonly kind = 'unavailable';

  constructor(reason: string) {
    super(
      `The log's checkpoint ${reason}; every Gantry process must use the same GANTRY_LOG_KEY_FILE`,
      'The audit log is signed with a different key on this server, so no bundle can be made right now.',
    );
  }
}

/**
 * The checkpoint as the bundle carries it: the log's own signature line only. Witness cosignatures
 * cannot be checked without the witnesses' keys, and a line nobody checks could be altered unseen.
 */
export function logSignedNote(note: string, verifierKey: string): string {
  const key = parseVerifierKey(verifierKey);
  const opened = openNote(note);
  if (!key.ok || !opened.ok) throw new LogKeyMismatchError("or this process's verifier key is malformed");
  const own = opened.signatures.find((signature) => signature.name === key.key.name && signature.keyId.equals(key.key.keyId));
  if (!own) throw new LogKeyMismatchError('is not signed by the key this process holds');
  return `${opened.text}\n${formatSignatureLine(own)}`;
}

export function assembleBundle(parts: BundleParts): AuditBundle {
  return {
    format: AUDIT_BUNDLE_FORMAT,
    mission_id: parts.missionId,
    stream: parts.stream,
    key: parts.verifierKey,
    checkpoint: logSignedNote(parts.checkpointNote, parts.verifierKey),
    events: parts.events.map((event) => ({
      revision: event.revision,
      leaf_index: event.leafIndex,
      hash: event.hash,
      canonical: event.canonical,
      inclusion_proof: event.proof.map((hash) => hash.toString('base64')),
    })),
    evidence: parts.evidence,
  };
}

/** The bundle file's exact bytes: two-space JSON and a final newline (the verifier demands exactly this). */
export function bundleText(bundle: AuditBundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

import { DomainError } from '../../kernel/domain-error';
import type { GlobalPosition } from './event-store.port';

export const TRANSPARENCY_LOG = Symbol('TRANSPARENCY_LOG');

/**
 * A signed checkpoint of the log: a C2SP tlog-checkpoint body signed as a C2SP signed note by the log's
 * Ed25519 key, with any witnesses' cosignature lines after the log's own signature.
 */
export interface SignedCheckpoint {
  /** The whole note as published (text, blank line, signature lines). */
  readonly note: string;
  readonly origin: string;
  readonly size: number;
  /** RFC 9162 root hash of the first `size` leaves (32 bytes). */
  readonly root: Buffer;
  readonly signedAt: Date;
}

/**
 * Where an event sits in the log. Leaf data is the event's chain hash as 32 raw bytes, so its leaf hash is
 * SHA-256(0x00 ‖ bytes of the chain hash) (`leafHashOfChainHash` in the kernel).
 */
export interface LogLeaf {
  readonly leafIndex: number;
  readonly stream: string;
  readonly revision: number;
  readonly eventId: string;
  /** The event's Black Box chain hash (64 hex digits): the leaf's data. */
  readonly chainHash: string;
  readonly position: GlobalPosition;
}

/** The log cannot answer for that size or leaf (yet): a caller's mistake (400), never a server fault. */
export class LogRangeError extends DomainError {
  readonly code = 'LOG_RANGE';
  readonly kind = 'bad_input';
}

/**
 * The signed Merkle transparency log over every event of the global feed, in feed order, dense from leaf 0.
 * Proof hashes are raw 32-byte buffers, in RFC 9162 order (verify them with the kernel's
 * `verifyInclusion` and `verifyConsistency`).
 */
export interface TransparencyLog {
  /** The log key in signed-note vkey form: `<name>+<hex key id>+<base64(0x01 ‖ public key)>`. */
  verifierKey(): string;
  /** The newest signed checkpoint, null before the first is signed. */
  latestCheckpoint(): Promise<SignedCheckpoint | null>;
  /** Leaves integrated so far (may be ahead of the latest checkpoint). */
  integratedSize(): Promise<number>;
  /** A stream's leaves in revision order (events not integrated yet are absent). */
  leavesOfStream(stream: string): Promise<LogLeaf[]>;
  /** Leaf indexes of the given event ids; ids not integrated yet are absent from the map. */
  leafIndexOf(eventIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** Leaves [from, to) in index order, for recomputing the tree. */
  leaves(from: number, to: number): Promise<LogLeaf[]>;
  /** Throws LogRangeError when leaf >= size or size exceeds the integrated tree. */
  inclusionProof(leafIndex: number, size: number): Promise<Buffer[]>;
  /** Proofs of several leaves in one tree, fetched together (a mission's bundle); same errors as `inclusionProof`. */
  inclusionProofs(leafIndexes: readonly number[], size: number): Promise<Buffer[][]>;
  /** Throws LogRangeError unless 0 < from <= to <= the integrated size. */
  consistencyProof(from: number, to: number): Promise<Buffer[]>;
  /** The root of the tree of `size` leaves (the empty tree's for 0); throws LogRangeError past the integrated size. */
  rootAt(size: number): Promise<Buffer>;
  /**
   * Resolves with the first signed checkpoint covering `size` leaves (i.e. every leaf below `size`);
   * rejects with CheckpointUnavailableError after `timeoutMs`.
   */
  awaitCheckpoint(size: number, timeoutMs: number): Promise<SignedCheckpoint>;
}

export const CHECKPOINT_PUBLISHER = Symbol('CHECKPOINT_PUBLISHER');

/** Somewhere outside the database each signed checkpoint is copied to (e.g. a `gantry-log` git branch). */
export interface CheckpointPublisher {
  /** Names the destination in logs. */
  readonly where: string;
  publishCheckpoint(checkpoint: SignedCheckpoint): Promise<void>;
}

/** No signed checkpoint (yet) covers what was asked: 503, try again shortly. */
export class CheckpointUnavailableError extends DomainError {
  readonly code = 'CHECKPOINT_UNAVAILABLE';
  readonly kind = 'unavailable';
}

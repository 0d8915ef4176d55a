import type { StoredChainRecord, StreamHead } from './chained-event';
import { verifyChain, type VerificationResult } from './chain-verifier';
import { sha256Hex } from './hash-chain';

/**
 * One stream as an audit needs it once verified: the verdict, and the SHA-256 of each event's bytes as
 * stored (what the log's leaves and the evidence packs are checked against). Compact, so that a worker
 * that read and verified the stream can hand it back cheaply: no event bytes, 64 characters per event.
 */
export interface ChainDigest {
  result: VerificationResult;
  /** The revision of each stored event, in stored order. */
  revisions: number[];
  /** The hex SHA-256 of each stored event's bytes, in the same order, concatenated (64 characters each). */
  contentHashes: string;
}

const HASH_LENGTH = 64;

/**
 * The digest of a chain `verifyChain` judged. Where the chain holds, each stored hash was compared with the
 * hash of its bytes, so it is that hash; a broken chain has each event's bytes hashed again.
 */
export function digestVerified(result: VerificationResult, records: readonly StoredChainRecord[]): ChainDigest {
  const hashOf = result.valid ? (record: StoredChainRecord) => record.hash : (record: StoredChainRecord) => sha256Hex(record.canonical);
  return { result, revisions: records.map((record) => record.revision), contentHashes: records.map(hashOf).join('') };
}

export function digestChain(stream: string, records: readonly StoredChainRecord[], head: StreamHead | null): ChainDigest {
  return digestVerified(verifyChain(stream, records, head), records);
}

/** The content hash of the event stored at `revision`, or undefined when no such event is stored. */
export function contentHashAt(digest: ChainDigest, revision: number): string | undefined {
  const at = digest.revisions[revision] === revision ? revision : digest.revisions.indexOf(revision);
  return at < 0 ? undefined : digest.contentHashes.slice(at * HASH_LENGTH, (at + 1) * HASH_LENGTH);
}

import type { StoredChainRecord, StreamHead } from './chained-event';
import { intactChain, verifyChain, type VerificationResult } from './chain-verifier';
import { GENESIS_HASH, sha256Hex } from './hash-chain';

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

/**
 * A page of digests as a worker sends it back: an intact chain's digest is all implied by its event count
 * and content hashes (its revisions are 0..n-1, its head the last hash), so those go as one typed array and
 * one string, which cost a copy of bytes to send where thousands of small objects cost far more than
 * verifying them. Only a broken chain's digest goes whole.
 */
export interface PackedDigests {
  /** Per stream of the page: its event count when intact, else -1 (its digest is in `broken`). */
  counts: Int32Array<ArrayBuffer>;
  /** The intact chains' content hashes, concatenated in page order. */
  contentHashes: string;
  broken: Array<[number, ChainDigest]>;
}

export function packDigests(digests: readonly ChainDigest[]): PackedDigests {
  const counts = new Int32Array(digests.length);
  const hashes: string[] = [];
  const broken: Array<[number, ChainDigest]> = [];
  digests.forEach((digest, index) => {
    if (digest.result.valid) {
      counts[index] = digest.revisions.length;
      hashes.push(digest.contentHashes);
    } else {
      counts[index] = -1;
      broken.push([index, digest]);
    }
  });
  return { counts, contentHashes: hashes.join(''), broken };
}

/** The digests of `streams` (the page, in the order packed) back out of a packed page. */
export function unpackDigests(streams: readonly string[], packed: PackedDigests): ChainDigest[] {
  const broken = new Map(packed.broken);
  let at = 0;
  return streams.map((stream, index) => {
    const count = packed.counts[index];
    if (count < 0) {
      const digest = broken.get(index);
      if (!digest) throw new Error(`packed digests: no digest for broken chain ${stream}`);
      return digest;
    }
    const contentHashes = packed.contentHashes.slice(at, (at += count * HASH_LENGTH));
    const headHash = count === 0 ? GENESIS_HASH : contentHashes.slice(-HASH_LENGTH);
    return { result: intactChain(stream, count, headHash), revisions: Array.from({ length: count }, (_, revision) => revision), contentHashes };
  });
}

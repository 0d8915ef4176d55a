import { contentHashAt, type ChainDigest } from '../../../kernel/black-box/chain-digest';
import { parseCheckpoint, splitCheckpointFile, type Checkpoint } from '../../../kernel/transparency/checkpoint';
import { leafHashOfChainHash } from '../../../kernel/transparency/merkle-hash';
import { treeRoot } from '../../../kernel/transparency/merkle-proof';
import { MemoryMerkleTree } from '../../../kernel/transparency/memory-tree';
import { verifyNote } from '../../../kernel/transparency/signed-note';
import type { LogLeaf } from '../../ports/transparency-log.port';

/** One thing found wrong, and the stream (mission) it belongs to. */
export interface AuditFinding {
  stream: string;
  reason: string;
}

export interface LogAuditInput {
  /** Every stream, verified, with the hash of each event's bytes as stored now. */
  chains: ReadonlyMap<string, ChainDigest>;
  /** Every leaf the log's tables hold, in index order. */
  leaves: readonly LogLeaf[];
  /** Signed checkpoints kept outside the database, verified, oldest first. */
  checkpoints: readonly Checkpoint[];
  /** Missions that have an evidence pack on disk, with the text of the pack's `bundle.json` (null: none). */
  packs: ReadonlyMap<string, string | null>;
}

export type CheckpointsRead = { ok: true; checkpoints: Checkpoint[] } | { ok: false; reason: string };

/** The checkpoints of a checkpoint file (or a single kept note), each signature checked against the key. */
export function readSignedCheckpoints(content: string, vkey: string): CheckpointsRead {
  const notes = splitCheckpointFile(content);
  const checkpoints: Checkpoint[] = [];
  for (const [at, note] of notes.entries()) {
    const verified = verifyNote(note, vkey);
    if (!verified.valid) return { ok: false, reason: `checkpoint ${at + 1} of the file: ${verified.reason}` };
    const parsed = parseCheckpoint(verified.text);
    if (!parsed.ok) return { ok: false, reason: `checkpoint ${at + 1} of the file: ${parsed.reason}` };
    checkpoints.push(parsed.checkpoint);
  }
  return { ok: true, checkpoints: checkpoints.sort((a, b) => a.size - b.size) };
}

function chainFindings(chains: ReadonlyMap<string, ChainDigest>): AuditFinding[] {
  return [...chains.values()].flatMap(({ result }) => {
    const { stream } = result;
    if (result.valid) return [];
    const where = result.firstInvalidRevision === null ? 'its head' : `revision ${result.firstInvalidRevision}`;
    return [{ stream, reason: `its chain breaks at ${where}: ${result.reason}` }];
  });
}

/** The hash of the bytes stored now for the event a leaf logged (undefined: gone); found by revision, not by search. */
function storedHashOf(input: LogAuditInput, leaf: LogLeaf): string | undefined {
  const chain = input.chains.get(leaf.stream);
  return chain ? contentHashAt(chain, leaf.revision) : undefined;
}

/** Each leaf against the event it logged: gone (deleted, cut) or holding another hash (rewritten). */
function leafFindings(input: LogAuditInput): AuditFinding[] {
  const findings = new Map<string, AuditFinding>();
  for (const leaf of input.leaves) {
    if (findings.has(leaf.stream)) continue;
    const stored = storedHashOf(input, leaf);
    if (stored === undefined)
      findings.set(leaf.stream, { stream: leaf.stream, reason: `event ${leaf.revision}, logged at leaf ${leaf.leafIndex}, is gone from the store` });
    else if (stored !== leaf.chainHash) {
      findings.set(leaf.stream, { stream: leaf.stream, reason: `event ${leaf.revision} is not the event logged at leaf ${leaf.leafIndex}: it was rewritten` });
    }
  }
  return [...findings.values()];
}

/**
 * The tree recomputed from the events as stored now, leaf by leaf, against every signed checkpoint: the
 * first one it fails bounds where history was rewritten, and the streams logged there are named.
 */
async function treeFindings(input: LogAuditInput): Promise<AuditFinding[]> {
  const tree = new MemoryMerkleTree();
  for (const leaf of input.leaves) {
    // The hash of the bytes as stored now, not the hash column beside them: a changed byte is a changed leaf.
    tree.append(leafHashOfChainHash(storedHashOf(input, leaf) ?? leaf.chainHash));
  }
  let agreed = 0;
  for (const checkpoint of input.checkpoints) {
    const what = `the tree recomputed from the database does not match the signed checkpoint of size ${checkpoint.size}`;
    const short = checkpoint.size > tree.size;
    if (short || !(await treeRoot(checkpoint.size, tree.source)).equals(checkpoint.root)) {
      const log = short ? [{ stream: '(the log)', reason: `${what}: the log holds only ${tree.size} leaves (it was cut or rebuilt)` }] : [];
      const streams = [...new Set(input.leaves.slice(agreed, checkpoint.size).map((leaf) => leaf.stream))];
      const range = `leaves ${agreed} to ${checkpoint.size - 1}`;
      if (streams.length === 0) return [...log, { stream: '(the log)', reason: `${what} (${range})` }];
      return [...log, ...streams.map((stream) => ({ stream, reason: `${what}: history was rewritten within ${range}, where this stream is logged now` }))];
    }
    agreed = checkpoint.size;
  }
  return [];
}

function bundledHashes(text: string): Array<{ revision: number; hash: string }> {
  try {
    const parsed = JSON.parse(text) as { events?: Array<{ revision?: unknown; hash?: unknown }> };
    return (parsed.events ?? []).map((event) => ({ revision: Number(event.revision), hash: String(event.hash) }));
  } catch {
    return [];
  }
}

/** The evidence packs outside the database: a pack whose events are gone, or whose bundle no longer matches them. */
function packFindings(input: LogAuditInput): AuditFinding[] {
  return [...input.packs].flatMap(([missionId, bundle]) => {
    const stream = `mission-${missionId}`;
    const chain = input.chains.get(stream);
    if (!chain || chain.revisions.length === 0) return [{ stream, reason: 'its evidence pack is on disk but its events are gone from the store' }];
    const changed = bundle ? bundledHashes(bundle).find(({ revision, hash }) => contentHashAt(chain, revision) !== hash) : undefined;
    if (!changed) return [];
    return [{ stream, reason: `event ${changed.revision} is not the one in the bundle.json of its evidence pack: it was changed or removed` }];
  });
}

/** Every check of `gantry audit verify --all`; no finding means the database agrees with the signed log. */
export async function auditLog(input: LogAuditInput): Promise<AuditFinding[]> {
  return [...chainFindings(input.chains), ...leafFindings(input), ...(await treeFindings(input)), ...packFindings(input)];
}

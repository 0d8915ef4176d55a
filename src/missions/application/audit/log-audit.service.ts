import { Inject, Injectable } from '@nestjs/common';
import { EvidenceStore } from '../../infrastructure/evidence-store';
import { EVENT_STORE, START, type EventStore, type StoredChain } from '../../ports/event-store.port';
import { TRANSPARENCY_LOG, type TransparencyLog } from '../../ports/transparency-log.port';
import { auditLog, type AuditFinding } from './log-audit';
import { digestVerified, type ChainDigest } from '../../../kernel/black-box/chain-digest';
import { defaultVerifyThreads, verifyChains } from '../../../kernel/black-box/chain-verify-pool';
import { parseCheckpoint, type Checkpoint } from '../../../kernel/transparency/checkpoint';
import { consistencyProblem } from '../../../kernel/transparency/merkle-proof';
import { verifyNote } from '../../../kernel/transparency/signed-note';

const PAGE = 1000;

/** Gathers what `gantry audit verify --all` checks: every stream as stored, every leaf of the log, the evidence packs. */
@Injectable()
export class LogAuditService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TRANSPARENCY_LOG) private readonly log: TransparencyLog,
    @Inject(EvidenceStore) private readonly evidence: EvidenceStore,
  ) {}

  verifierKey(): string {
    return this.log.verifierKey();
  }

  /** `threads`: how many threads verify the chains (default: one per core). */
  async audit(checkpoints: readonly Checkpoint[], threads?: number): Promise<{ findings: AuditFinding[]; streams: number; leaves: number }> {
    const names = await this.streamNames();
    const leaves = await this.log.leaves(0, await this.log.integratedSize());
    for (const leaf of leaves) names.add(leaf.stream);
    const chains = await this.verifiedChains([...names], threads);
    const findings = await auditLog({ chains, leaves, checkpoints, packs: await this.evidence.packs() });
    return { findings, streams: [...chains.values()].filter((chain) => chain.revisions.length > 0).length, leaves: leaves.length };
  }

  /**
   * Whether the log now extends `old`, a checkpoint an auditor kept: the newest signed checkpoint must be
   * at least as large, its consistency proof from `old` must hold, and the tree recomputed from the events
   * as stored now must still have `old`'s root. Null when it does; otherwise what is wrong.
   */
  async consistency(old: Checkpoint, vkey: string): Promise<{ latest: Checkpoint | null; problems: AuditFinding[] }> {
    const signed = await this.log.latestCheckpoint();
    const opened = signed ? verifyNote(signed.note, vkey) : null;
    const parsed = opened?.valid ? parseCheckpoint(opened.text) : null;
    if (!parsed?.ok) return { latest: null, problems: [{ stream: '(the log)', reason: 'the log has no checkpoint signed by the key' }] };
    const latest = parsed.checkpoint;
    if (latest.size < old.size) {
      return {
        latest,
        problems: [{ stream: '(the log)', reason: `the log was rolled back: it holds ${latest.size} leaves, the kept checkpoint ${old.size}` }],
      };
    }
    const proof = old.size === 0 ? [] : await this.log.consistencyProof(old.size, latest.size);
    const problem = old.size === 0 ? null : consistencyProblem(old.size, latest.size, old.root, latest.root, proof);
    const forked = problem ? [{ stream: '(the log)', reason: `the log forked: no consistency from size ${old.size} to ${latest.size} (${problem})` }] : [];
    const { findings } = await this.audit([old]);
    const rewritten = findings.filter((finding) => finding.reason.includes('signed checkpoint') || finding.reason.includes('logged at leaf'));
    return { latest, problems: [...forked, ...rewritten] };
  }

  /**
   * Every named stream verified: where the store reads it when it can (its own threads and connections),
   * else read here one stream at a time and verified on `threads` threads.
   */
  private async verifiedChains(names: string[], threads = defaultVerifyThreads()): Promise<Map<string, ChainDigest>> {
    if (this.store.auditChains) return this.store.auditChains(names, threads);
    const chains = await this.readChains(names);
    const results = await verifyChains(
      [...chains].map(([stream, { records, head }]) => ({ stream, records, head })),
      threads,
    );
    return new Map(results.map((result) => [result.stream, digestVerified(result, chains.get(result.stream)?.records ?? [])]));
  }

  private async readChains(names: string[]): Promise<Map<string, StoredChain>> {
    const streams = new Map<string, StoredChain>();
    for (const stream of names) {
      const [records, head] = await Promise.all([this.store.readChain(stream), this.store.streamHead(stream)]);
      streams.set(stream, { records, head });
    }
    return streams;
  }

  /** Every stream's name: from the store's own list when it keeps one, else from the whole feed. */
  private async streamNames(): Promise<Set<string>> {
    if (this.store.streamNames) return new Set(await this.store.streamNames());
    const names = new Set<string>();
    let after = START;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: PAGE });
      page.events.forEach((event) => names.add(event.stream));
      if (page.events.length < PAGE) return names;
      after = page.last;
    }
  }
}

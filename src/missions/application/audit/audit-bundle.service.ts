import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../../kernel/domain-error';
import { parseEnvelope } from '../../../kernel/black-box/hash-chain';
import { missionStream } from '../../domain/mission-events';
import { MissionNotFoundError } from '../../domain/mission.errors';
import { EVENT_STORE, type EventStore, type StoredChainRecord } from '../../ports/event-store.port';
import { TRANSPARENCY_LOG, type LogLeaf, type TransparencyLog } from '../../ports/transparency-log.port';
import { EvidenceStore, sha256 } from '../../infrastructure/evidence-store';
import { assembleBundle, type AuditBundle, type BundleEvidence } from './audit-bundle';
import { evidenceNamedBy } from './evidence-named';

/** How long an export waits for the log to integrate and sign the mission's last event. */
export const BUNDLE_WAIT_MS = 10_000;
const POLL_MS = 100;

export class LogNotCaughtUpError extends DomainError {
  readonly code = 'LOG_NOT_CAUGHT_UP';
  readonly kind = 'unavailable';
}

/** The stored events and the log disagree: the bundle would prove nothing, so none is made. */
export class LogMismatchError extends DomainError {
  readonly code = 'LOG_MISMATCH';
  readonly kind = 'conflict';
}

/**
 * Makes a mission's audit bundle: its events' stored bytes, their leaves and inclusion proofs against one
 * signed checkpoint, that checkpoint, the log's key, and the hashes of the evidence files they name.
 */
@Injectable()
export class AuditBundleService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TRANSPARENCY_LOG) private readonly log: TransparencyLog,
    private readonly evidence: EvidenceStore,
  ) {}

  async export(missionId: string, waitMs = BUNDLE_WAIT_MS): Promise<AuditBundle> {
    const stream = missionStream(missionId);
    const records = await this.store.readChain(stream);
    if (records.length === 0) throw new MissionNotFoundError(missionId);
    const deadline = Date.now() + waitMs;
    const leaves = await this.awaitLeaves(stream, records.length, deadline);
    checkLeaves(stream, records, leaves);
    const checkpoint = await this.log.awaitCheckpoint(leaves[leaves.length - 1].leafIndex + 1, Math.max(0, deadline - Date.now()));
    const events = await Promise.all(
      records.map(async (record, i) => ({
        ...record,
        leafIndex: leaves[i].leafIndex,
        proof: await this.log.inclusionProof(leaves[i].leafIndex, checkpoint.size),
      })),
    );
    return assembleBundle({
      missionId,
      stream,
      verifierKey: this.log.verifierKey(),
      checkpointNote: checkpoint.note,
      events,
      evidence: await this.evidenceOf(missionId, records),
    });
  }

  private async awaitLeaves(stream: string, count: number, deadline: number): Promise<LogLeaf[]> {
    for (;;) {
      const leaves = await this.log.leavesOfStream(stream);
      if (leaves.length >= count) return leaves.slice(0, count);
      if (Date.now() >= deadline) {
        throw new LogNotCaughtUpError(`The log covers ${leaves.length} of the ${count} events of ${stream} yet; try again shortly`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async evidenceOf(missionId: string, records: StoredChainRecord[]): Promise<BundleEvidence[]> {
    const named = records.flatMap((record) => {
      const envelope = parseEnvelope(record.canonical);
      return evidenceNamedBy(record.revision, envelope.type, envelope.data);
    });
    return Promise.all(named.map(async ({ revision, file }) => ({ revision, file, sha256: await this.fileHash(missionId, file) })));
  }

  /** The file's hash as it is now; a design image's path is recorded relative to the missions folder. */
  private async fileHash(missionId: string, file: string): Promise<string | null> {
    const inPack = file.startsWith(`${missionId}/`) ? file.slice(missionId.length + 1) : file;
    try {
      return sha256(await this.evidence.read(missionId, inPack));
    } catch {
      return null;
    }
  }
}

function checkLeaves(stream: string, records: StoredChainRecord[], leaves: LogLeaf[]): void {
  records.forEach((record, i) => {
    const leaf = leaves[i];
    if (leaf.revision !== record.revision || leaf.chainHash !== record.hash) {
      throw new LogMismatchError(
        `${stream}@${record.revision} is not the event the log holds at leaf ${leaf.leafIndex}: the stored events were changed after they were logged`,
        'The stored events of this mission no longer match the signed log: they were changed.',
      );
    }
  });
}

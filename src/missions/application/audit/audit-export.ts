import { Inject, Injectable } from '@nestjs/common';
import { PerEventProcessor, type FeedProcessor } from '../feed/feed-processor';
import { CHECKPOINT_STORE, type CheckpointStore } from '../../ports/checkpoint-store.port';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../ports/event-store.port';
import { EvidenceStore } from '../../infrastructure/evidence-store';
import { missionIdOf } from '../../domain/mission-events';
import { bundleText } from './audit-bundle';
import { AuditBundleService } from './audit-bundle.service';

const MISSION_ENDS = new Set(['MissionSucceeded', 'MissionFailed']);

/** One event per line, with its chain fields: what an auditor needs to recompute every hash offline. */
export function auditLines(events: RecordedEvent[]): string {
  return (
    events
      .map(({ stream, revision, type, data, metadata, prevHash, hash }) => JSON.stringify({ stream, revision, type, data, metadata, prevHash, hash }))
      .join('\n') + '\n'
  );
}

/**
 * Completes each mission's evidence pack with `audit.jsonl`, the exported stream, and `bundle.json`, its
 * audit bundle against a signed checkpoint, whenever the mission ends (again after a retry ends). Until the
 * log has signed the mission's last event the processor fails and is retried, never skipping the bundle. A processor of the feed consumer with its own checkpoint, so a restart misses none.
 */
@Injectable()
export class AuditExport {
  readonly feedProcessor: FeedProcessor;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
    private readonly evidence: EvidenceStore,
    private readonly bundles: AuditBundleService,
  ) {
    this.feedProcessor = new PerEventProcessor('evidence-audit-export', checkpoints, (event) => this.onEvent(event));
  }

  private async onEvent(event: RecordedEvent): Promise<void> {
    const missionId = missionIdOf(event.stream);
    if (!missionId || !MISSION_ENDS.has(event.type)) return;
    await this.export(missionId, event.stream);
  }

  async export(missionId: string, stream: string): Promise<void> {
    await this.evidence.write(missionId, 'audit.jsonl', auditLines(await this.store.readStream(stream)));
    await this.evidence.write(missionId, 'bundle.json', bundleText(await this.bundles.export(missionId)));
  }
}

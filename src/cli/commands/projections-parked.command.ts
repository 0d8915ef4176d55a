import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditExport } from '../../missions/application/audit/audit-export';
import { BlackBoxModule } from '../../missions/application/audit/black-box.module';
import type { FeedProcessor } from '../../missions/application/feed/feed-processor';
import { retryParked } from '../../missions/application/feed/parked-retry';
import { pipelineFeedProcessor } from '../../missions/application/pipeline/pipeline.process-manager';
import { EvidenceStore } from '../../missions/infrastructure/evidence-store';
import { PipelineInbox } from '../../missions/infrastructure/pipeline-inbox';
import { CHECKPOINT_STORE_PROVIDER, PIPELINE_INBOX } from '../../missions/missions.module';
import { CHECKPOINT_STORE, type CheckpointStore } from '../../missions/ports/checkpoint-store.port';
import { EVENT_STORE, type EventStore } from '../../missions/ports/event-store.port';
import { PARKED_EVENTS, type ParkedEvent, type ParkedEvents } from '../../missions/ports/parked-events.port';
import { ProjectionRunner } from '../../missions/read/projection-runner';
import type { GantryConfig } from '../../config/gantry-config';
import { EXIT, type CliIo } from '../cli-io';
import { ProjectionsCliModule } from './projections-rebuild.command';

function describe(event: ParkedEvent): string {
  return `${event.checkpoint}  ${event.position}  ${event.stream}@${event.revision}  ${event.type}  ${event.eventId}  ${event.parkedAt.toISOString()}  ${event.error}`;
}

/**
 * The feed's processors that can park an event, as `gantry serve` runs them, without starting anything:
 * the projections, the pipeline's (it enqueues the mission; the server's worker picks it up) and the audit
 * export. The transparency log's integrator never parks: it gives every event the next leaf index, and a
 * log with a gap could not prove what it holds, so it retries the same position until it succeeds.
 */
@Module({})
class ParkedCliModule {
  static forRoot(config: GantryConfig): DynamicModule {
    return {
      module: ParkedCliModule,
      imports: [ProjectionsCliModule.forRoot(config), BlackBoxModule],
      providers: [CHECKPOINT_STORE_PROVIDER, PIPELINE_INBOX, EvidenceStore, AuditExport],
    };
  }
}

function parkingProcessors(app: INestApplicationContext): FeedProcessor[] {
  const pipeline = pipelineFeedProcessor(app.get<CheckpointStore>(CHECKPOINT_STORE), app.get(PipelineInbox));
  return [app.get(ProjectionRunner), pipeline, app.get(AuditExport).feedProcessor];
}

async function withParked<T>(config: GantryConfig, work: (parked: ParkedEvents, processors: FeedProcessor[], store: EventStore) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(ParkedCliModule.forRoot(config), { logger: false, abortOnError: false });
  try {
    return await work(app.get<ParkedEvents>(PARKED_EVENTS), parkingProcessors(app), app.get<EventStore>(EVENT_STORE));
  } finally {
    await app.close();
  }
}

/** `gantry projections parked`: every event a feed processor set aside, with its error. Exit 0 none, 1 some. */
export function listParked(config: GantryConfig, io: CliIo): Promise<number> {
  return withParked(config, async (parked) => {
    const events = await parked.list();
    if (events.length === 0) {
      io.out('No parked events: every feed processor is following the feed.');
      return EXIT.ok;
    }
    io.out('checkpoint  position  stream@revision  type  event id  parked at  error');
    events.forEach((event) => io.out(describe(event)));
    io.out(`${events.length} parked event(s). After a fix, gantry projections retry hands them to their processors again.`);
    return EXIT.negative;
  });
}

/**
 * `gantry projections retry`: hands every parked event to its processor again (after a fix): the read
 * models', the pipeline's and the audit export's. Exit 0 when none is left parked, 1 when some still fail.
 * `gantry serve` does the same when it starts.
 */
export function retryParkedEvents(config: GantryConfig, io: CliIo): Promise<number> {
  return withParked(config, async (parked, processors, store) => {
    const outcome = await retryParked(store, parked, processors);
    outcome.applied.forEach((event) => io.out(`applied  ${describe(event)}`));
    outcome.failed.forEach((event) => io.err(`still failing  ${describe(event)}`));
    io.out(`Retried ${outcome.retried} parked event(s): ${outcome.applied.length} applied, ${outcome.failed.length} still parked.`);
    return outcome.failed.length === 0 ? EXIT.ok : EXIT.negative;
  });
}

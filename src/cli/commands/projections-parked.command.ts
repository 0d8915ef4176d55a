import { NestFactory } from '@nestjs/core';
import { retryParked } from '../../missions/application/feed/parked-retry';
import { EVENT_STORE, type EventStore } from '../../missions/ports/event-store.port';
import { PARKED_EVENTS, type ParkedEvent, type ParkedEvents } from '../../missions/ports/parked-events.port';
import { ProjectionRunner } from '../../missions/read/projection-runner';
import type { GantryConfig } from '../../config/gantry-config';
import { EXIT, type CliIo } from '../cli-io';
import { ProjectionsCliModule } from './projections-rebuild.command';

function describe(event: ParkedEvent): string {
  return `${event.checkpoint}  ${event.position}  ${event.stream}@${event.revision}  ${event.type}  ${event.eventId}  ${event.parkedAt.toISOString()}  ${event.error}`;
}

async function withParked<T>(config: GantryConfig, work: (parked: ParkedEvents, runner: ProjectionRunner, store: EventStore) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(ProjectionsCliModule.forRoot(config), { logger: false, abortOnError: false });
  try {
    return await work(app.get<ParkedEvents>(PARKED_EVENTS), app.get(ProjectionRunner), app.get<EventStore>(EVENT_STORE));
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
    io.out(`${events.length} parked event(s). After a fix, gantry projections retry applies the read models' again.`);
    return EXIT.negative;
  });
}

/**
 * `gantry projections retry`: hands the read models' parked events to their projections again (after a
 * fix). Exit 0 when none is left parked, 1 when some still fail. The other processors' parked events
 * (pipeline, audit export) are handed over again by `gantry serve` when it starts.
 */
export function retryParkedProjections(config: GantryConfig, io: CliIo): Promise<number> {
  return withParked(config, async (parked, runner, store) => {
    const outcome = await retryParked(store, parked, [runner]);
    outcome.applied.forEach((event) => io.out(`applied  ${describe(event)}`));
    outcome.failed.forEach((event) => io.err(`still failing  ${describe(event)}`));
    io.out(`Retried ${outcome.retried} parked event(s): ${outcome.applied.length} applied, ${outcome.failed.length} still parked.`);
    return outcome.failed.length === 0 ? EXIT.ok : EXIT.negative;
  });
}

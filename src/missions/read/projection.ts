import type { EntityManager } from 'typeorm';
import type { EventMetadata, GlobalPosition } from '../ports/event-store.port';
import type { MissionEvent, MissionEventType } from '../domain/mission-events';
import type { MissionSnapshot } from './mission-fold';

/** A mission event as projections receive it: typed by the catalogue, with the mission folded before and after it. */
export interface ProjectedEvent {
  missionId: string;
  stream: string;
  revision: number;
  position: GlobalPosition;
  event: MissionEvent;
  metadata: EventMetadata;
  /** The event's Black Box hash. */
  hash: string;
  before: MissionSnapshot;
  after: MissionSnapshot;
}

/**
 * A read model kept from the mission events. `apply` writes through the transaction's entity manager
 * only: the runner commits the rows and the projection's checkpoint together, or neither.
 * It must be a pure function of the events (no clock, no randomness), so that a rebuild gives the same rows.
 */
export interface Projection {
  /** Stable: the checkpoint is stored as `projection:<name>`. */
  readonly name: string;
  readonly handles: ReadonlySet<MissionEventType>;
  /** The tables it owns, truncated by a rebuild. */
  readonly tables: readonly string[];
  apply(event: ProjectedEvent, tx: EntityManager): Promise<void>;
}

export function checkpointIdOf(projection: Pick<Projection, 'name'>): string {
  return `projection:${projection.name}`;
}

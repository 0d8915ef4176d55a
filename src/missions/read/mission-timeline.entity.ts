import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MissionStatus } from '../domain/mission-status';

/** One row per mission event: a readable history beside the Black Box hashes. */
@Entity({ name: 'mission_timeline' })
export class MissionTimelineEntity {
  @PrimaryColumn({ name: 'mission_id', type: 'uuid' })
  missionId!: string;

  @PrimaryColumn({ type: 'integer' })
  revision!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'status_after', type: 'text' })
  statusAfter!: MissionStatus;

  /** A short human sentence about the event. */
  @Column({ type: 'text' })
  summary!: string;

  /** The event's Black Box hash (hex SHA-256). */
  @Column({ type: 'char', length: 64 })
  hash!: string;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MissionChannel, MissionMode } from '../domain/mission-events';
import type { MissionStatus } from '../domain/mission-status';

/**
 * One row per mission: what the status, list, latest and search endpoints show.
 * Indexes (owner + created_at desc, trigram on prompt) are created by the read-models migration.
 */
@Entity({ name: 'mission_summary' })
export class MissionSummaryEntity {
  @PrimaryColumn({ name: 'mission_id', type: 'uuid' })
  missionId!: string;

  @Column({ type: 'text' })
  owner!: string;

  @Column({ type: 'text' })
  mode!: MissionMode;

  @Column({ type: 'text' })
  channel!: MissionChannel;

  @Column({ type: 'text' })
  prompt!: string;

  @Column({ type: 'text' })
  status!: MissionStatus;

  @Column({ type: 'text' })
  speech!: string;

  @Column({ type: 'text', nullable: true })
  url!: string | null;

  @Column({ name: 'pr_url', type: 'text', nullable: true })
  prUrl!: string | null;

  /** Build attempts started (`PipelineStepStarted` with step 'build'), over every run. */
  @Column({ type: 'integer' })
  attempts!: number;

  /** The pipeline run: 1 for the first build, one more per retry; 0 before a build is confirmed. */
  @Column({ type: 'integer' })
  run!: number;

  /** The isolation tier that ran the latest build attempt (gvisor, container, bubblewrap, process); null before one. */
  @Column({ name: 'sandbox_tier', type: 'text', nullable: true })
  sandboxTier!: string | null;

  @Column({ name: 'design_target', type: 'text', nullable: true })
  designTarget!: string | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  @Column({ name: 'failure_stage', type: 'text', nullable: true })
  failureStage!: string | null;

  @Column({ type: 'boolean' })
  archived!: boolean;

  /** Model usage over the whole mission, consultation included. */
  @Column({ name: 'input_tokens', type: 'integer' })
  inputTokens!: number;

  @Column({ name: 'output_tokens', type: 'integer' })
  outputTokens!: number;

  @Column({ name: 'model_calls', type: 'integer' })
  modelCalls!: number;

  /** `occurredAt` of MissionOpened. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** `occurredAt` of the last event applied. */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'last_revision', type: 'integer' })
  lastRevision!: number;
}

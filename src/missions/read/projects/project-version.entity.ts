import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { MissionChannel } from '../../domain/mission-events';
import type { MissionStatus } from '../../domain/mission-status';

/**
 * One row per version of a project: a project's first mission once its build is confirmed, and every
 * mission opened on it since. The project's live version is the one that went live last (`live_since`).
 */
@Entity({ name: 'project_version' })
@Index('project_version_by_project', ['projectId', 'version'])
export class ProjectVersionEntity {
  @PrimaryColumn({ name: 'mission_id', type: 'uuid' })
  missionId!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'parent_mission_id', type: 'uuid', nullable: true })
  parentMissionId!: string | null;

  @Column({ name: 'parent_head_hash', type: 'text', nullable: true })
  parentHeadHash!: string | null;

  @Column({ type: 'text' })
  owner!: string;

  @Column({ type: 'text' })
  channel!: MissionChannel;

  /** What was asked for this version, in the user's words. */
  @Column({ type: 'text' })
  request!: string;

  /** The app's name as its blueprint gave it (null before one is drafted). */
  @Column({ name: 'project_name', type: 'text', nullable: true })
  projectName!: string | null;

  @Column({ type: 'text' })
  status!: MissionStatus;

  @Column({ type: 'text' })
  speech!: string;

  @Column({ type: 'text', nullable: true })
  url!: string | null;

  @Column({ name: 'pr_url', type: 'text', nullable: true })
  prUrl!: string | null;

  @Column({ type: 'text', array: true })
  features!: string[];

  @Column({ type: 'boolean' })
  archived!: boolean;

  /** `occurredAt` of the event that last put this version live (a deployment or a rollback); null if never. */
  @Column({ name: 'live_since', type: 'timestamptz', nullable: true })
  liveSince!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'last_revision', type: 'integer' })
  lastRevision!: number;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ConversationTurn } from '../ports/consultant.port';
import type { MissionStatus } from '../domain/mission-status';

/** The consultation of a consultation-mode mission, as GET /gantry/consultation/:id shows it. */
@Entity({ name: 'consultation_view' })
export class ConsultationViewEntity {
  @PrimaryColumn({ name: 'mission_id', type: 'uuid' })
  missionId!: string;

  @Column({ type: 'text' })
  status!: MissionStatus;

  @Column({ type: 'text' })
  prompt!: string;

  /** The latest speech line (the Python Gantry's endpoint answered with it; its clients read it). */
  @Column({ type: 'text' })
  speech!: string;

  @Column({ name: 'conversation_history', type: 'jsonb' })
  conversationHistory!: ConversationTurn[];

  @Column({ name: 'pending_question', type: 'text', nullable: true })
  pendingQuestion!: string | null;

  @Column({ name: 'design_target', type: 'text', nullable: true })
  designTarget!: string | null;

  @Column({ name: 'proposed_stack', type: 'text', nullable: true })
  proposedStack!: string | null;

  @Column({ type: 'jsonb' })
  features!: string[];

  @Column({ name: 'last_revision', type: 'integer' })
  lastRevision!: number;
}

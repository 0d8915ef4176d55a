import { Query } from '@nestjs/cqrs';
import type { Viewer } from '../../domain/viewer';
import type { ConsultationViewEntity } from '../consultation-view.entity';

/** A consultation's conversation, pending question and plan; not found for another user's mission or a direct build. */
export class GetConsultationQuery extends Query<ConsultationViewEntity> {
  constructor(
    readonly missionId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}

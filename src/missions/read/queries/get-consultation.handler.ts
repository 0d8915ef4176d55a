import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { MissionNotFoundError } from '../../domain/mission.errors';
import type { ConsultationViewEntity } from '../consultation-view.entity';
import { MissionReadModel } from '../mission-read-model';
import { GetConsultationQuery } from './get-consultation.query';
import { visibleSummary } from './visible-summary';

@QueryHandler(GetConsultationQuery)
export class GetConsultationHandler implements IQueryHandler<GetConsultationQuery, ConsultationViewEntity> {
  constructor(@Inject(MissionReadModel) private readonly readModel: MissionReadModel) {}

  async execute({ missionId, viewer }: GetConsultationQuery): Promise<ConsultationViewEntity> {
    await visibleSummary(this.readModel, missionId, viewer);
    const row = await this.readModel.consultation(missionId);
    if (!row) throw new MissionNotFoundError(missionId);
    return row;
  }
}

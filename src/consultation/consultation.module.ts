import { Module } from '@nestjs/common';
import { CONSULTANT } from './consultant.port';
import { OfflineConsultant } from './offline/offline-consultant';

/** The CTO consultant. Offline rules for now; LLM-backed consultants will be chosen here by configuration. */
@Module({
  providers: [{ provide: CONSULTANT, useClass: OfflineConsultant }],
  exports: [CONSULTANT],
})
export class ConsultationModule {}

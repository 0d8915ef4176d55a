import { Module } from '@nestjs/common';
import { LlmModule } from '../llm/llm.module';
import { LLM_CLIENT, type LlmClient } from '../llm/llm.port';
import { CONSULTANT, type Consultant } from '../missions/ports/consultant.port';
import { LlmConsultant, loadConsultantPrompt } from './llm/llm-consultant';
import { OfflineConsultant } from './offline/offline-consultant';

/** The model's consultant when GANTRY_LLM names one (LLM_CLIENT is then a client), else the offline rules. */
export function chooseConsultant(llm: LlmClient | null): Consultant {
  return llm === null ? new OfflineConsultant() : new LlmConsultant(llm, loadConsultantPrompt());
}

/** The CTO consultant. Needs the global ConfigModule (through LlmModule). */
@Module({
  imports: [LlmModule],
  providers: [{ provide: CONSULTANT, useFactory: chooseConsultant, inject: [LLM_CLIENT] }],
  exports: [CONSULTANT],
})
export class ConsultationModule {}

import { Test } from '@nestjs/testing';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/gantry-config';
import { LLM_CLIENT } from '../llm/llm.port';
import { OpenAiLlmClient } from '../llm/openai/openai-llm.client';
import { CONSULTANT, type Consultant } from '../missions/ports/consultant.port';
import { ConsultationModule } from './consultation.module';
import { LlmConsultant } from './llm/llm-consultant';
import { OfflineConsultant } from './offline/offline-consultant';

async function moduleWith(env: Record<string, string>) {
  return Test.createTestingModule({ imports: [ConfigModule.forRoot(loadConfig(env)), ConsultationModule] }).compile();
}

describe('ConsultationModule', () => {
  it('provides the offline consultant, and a null LLM_CLIENT, when GANTRY_LLM is offline', async () => {
    const moduleRef = await moduleWith({});

    const consultant = moduleRef.get<Consultant>(CONSULTANT);

    expect(consultant).toBeInstanceOf(OfflineConsultant);
    expect(moduleRef.get(LLM_CLIENT)).toBeNull();
    const reply = await consultant.reply({ conversation: [{ role: 'user', content: 'a calculator' }], currentPlan: null });
    expect(reply.status).toBe('NEEDS_CONFIRMATION');
    await moduleRef.close();
  });

  it('provides the model-backed consultant when GANTRY_LLM names a model', async () => {
    const moduleRef = await moduleWith({ GANTRY_LLM: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });

    expect(moduleRef.get(CONSULTANT)).toBeInstanceOf(LlmConsultant);
    expect(moduleRef.get(LLM_CLIENT)).toBeInstanceOf(OpenAiLlmClient);
    await moduleRef.close();
  });
});

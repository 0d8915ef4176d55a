import { Test } from '@nestjs/testing';
import { CONSULTANT, type Consultant } from './consultant.port';
import { ConsultationModule } from './consultation.module';
import { OfflineConsultant } from './offline/offline-consultant';

describe('ConsultationModule', () => {
  it('provides the offline consultant under the CONSULTANT token', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ConsultationModule] }).compile();

    const consultant = moduleRef.get<Consultant>(CONSULTANT);

    expect(consultant).toBeInstanceOf(OfflineConsultant);
    const conversation = [{ role: 'user' as const, content: 'a calculator' }];
    const reply = await consultant.reply({ conversation, currentPlan: null });
    expect(reply.status).toBe('NEEDS_CONFIRMATION');
    await moduleRef.close();
  });
});

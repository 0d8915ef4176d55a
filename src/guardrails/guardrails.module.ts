import { Global, Module } from '@nestjs/common';
import { MESSAGE_SCREEN } from '../missions/ports/message-screen.port';
import { ContentGuardrails } from './message-guardrails';

/** The content guardrails behind the core's MessageScreen port. */
@Global()
@Module({ providers: [{ provide: MESSAGE_SCREEN, useClass: ContentGuardrails }], exports: [MESSAGE_SCREEN] })
export class GuardrailsModule {}

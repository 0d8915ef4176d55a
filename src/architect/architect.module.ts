import { Module } from '@nestjs/common';
import { LlmModule } from '../llm/llm.module';
import { LLM_CLIENT, type LlmClient } from '../llm/llm.port';
import { ARCHITECT, type Architect } from '../missions/ports/architect.port';
import { POLICY_GATE, type PolicyGate } from '../missions/ports/policy-gate.port';
import { createLlmArchitect } from './llm/llm-architect';
import { OfflineArchitect } from './offline/offline-architect';

/** The offline templates with GANTRY_LLM=offline (no model client), else the model-backed architect. */
export function createArchitect(llm: LlmClient | null, policy: PolicyGate): Architect {
  return llm === null ? new OfflineArchitect() : createLlmArchitect(llm, policy.brief());
}

/** Provides ARCHITECT: what drafts a manifest from an approved plan and heals one whose build failed. POLICY_GATE comes from the global policy module. */
@Module({
  imports: [LlmModule],
  providers: [{ provide: ARCHITECT, useFactory: createArchitect, inject: [LLM_CLIENT, POLICY_GATE] }],
  exports: [ARCHITECT],
})
export class ArchitectModule {}

import { Module } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { LlmModule } from '../llm/llm.module';
import { LLM_CLIENT, type LlmClient } from '../llm/llm.port';
import { ARCHITECT, type Architect } from '../missions/ports/architect.port';
import { createLlmArchitect } from './llm/llm-architect';
import { OfflineArchitect } from './offline/offline-architect';

/** The offline templates with GANTRY_LLM=offline (no model client), else the model-backed architect. */
export function createArchitect(llm: LlmClient | null, config: GantryConfig): Architect {
  return llm === null ? new OfflineArchitect() : createLlmArchitect(llm, config);
}

/** Provides ARCHITECT: what drafts a manifest from an approved plan and heals one whose build failed. */
@Module({
  imports: [LlmModule],
  providers: [{ provide: ARCHITECT, useFactory: createArchitect, inject: [LLM_CLIENT, GANTRY_CONFIG] }],
  exports: [ARCHITECT],
})
export class ArchitectModule {}

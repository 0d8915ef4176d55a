import { NestFactory } from '@nestjs/core';
import { Module, type DynamicModule } from '@nestjs/common';
import { coreImports } from '../../app.module';
import { BlackBoxService } from '../../missions/application/audit/black-box.service';
import type { VerificationResult } from '../../kernel/black-box/chain-verifier';
import type { GantryConfig } from '../../config/gantry-config';
import { EXIT, type CliIo } from '../cli-io';

@Module({})
class AuditCliModule {
  static forRoot(config: GantryConfig): DynamicModule {
    return { module: AuditCliModule, imports: coreImports(config, { attachToRunning: true }) };
  }
}

export function describeVerification(result: VerificationResult): string[] {
  if (result.events === 0 && result.valid) return [`${result.stream}: no events (nothing to verify)`];
  if (result.valid) {
    return [`VALID  ${result.stream}: ${result.events} events, chain intact`, `head   ${result.headHash}`];
  }
  const where = result.firstInvalidRevision === null ? 'the stream head' : `revision ${result.firstInvalidRevision}`;
  return [`TAMPERED  ${result.stream}: the chain breaks at ${where}`, `reason    ${result.reason}`];
}

/** `gantry audit verify <streamOrMissionId>`: 0 valid, 1 tampered (even with every event gone), 2 error (a stream that never had events). */
export async function auditVerify(config: GantryConfig, target: string | undefined, io: CliIo): Promise<number> {
  if (!target) {
    io.err('usage: gantry audit verify <missionId | stream>');
    return EXIT.error;
  }
  const app = await NestFactory.createApplicationContext(AuditCliModule.forRoot(config), { logger: false, abortOnError: false });
  try {
    const result = await app.get(BlackBoxService).verify(target);
    describeVerification(result).forEach((line) => (result.valid ? io.out(line) : io.err(line)));
    if (!result.valid) return EXIT.negative;
    return result.events === 0 ? EXIT.error : EXIT.ok;
  } finally {
    await app.close();
  }
}

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { coreImports } from '../../app.module';
import type { GantryConfig } from '../../config/gantry-config';
import { errorMessage } from '../../kernel/error-message';
import { isUuid } from '../../kernel/uuid';
import { bundleText } from '../../missions/application/audit/audit-bundle';
import { AuditBundleService } from '../../missions/application/audit/audit-bundle.service';
import { readSignedCheckpoints, type AuditFinding } from '../../missions/application/audit/log-audit';
import { LogAuditService } from '../../missions/application/audit/log-audit.service';
import { EXIT, type CliIo } from '../cli-io';
import { defaultVerifyThreads } from '../../kernel/black-box/chain-verify-pool';

@Module({})
class AuditLogCliModule {
  static forRoot(config: GantryConfig): DynamicModule {
    return { module: AuditLogCliModule, imports: coreImports(config, { attachToRunning: true }) };
  }
}

export const AUDIT_LOG_USAGE = [
  '  audit export <missionId> [--out FILE]',
  "                                     write the mission's audit bundle (default: stdout)",
  '  audit verify --all [--key KEYFILE] [--checkpoints FILE] [--threads N]',
  '                                     every chain and the whole log against the signed checkpoint file',
  '                                     (chains verified on N threads; default one per core)',
  '  audit consistency --old CHECKPOINT_FILE [--key KEYFILE]',
  '                                     prove the log extends a checkpoint kept earlier: 1 if rolled back or forked',
];

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function withContext<T>(config: GantryConfig, work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(AuditLogCliModule.forRoot(config), { logger: false, abortOnError: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

function report(findings: AuditFinding[], io: CliIo): number {
  findings.forEach((finding) => io.err(`TAMPERED  ${finding.stream}: ${finding.reason}`));
  return findings.length === 0 ? EXIT.ok : EXIT.negative;
}

/** The verifier key the auditor gave (--key), else the log's own. */
async function trustedKey(args: string[], audit: LogAuditService): Promise<string> {
  const file = option(args, '--key');
  return file ? (await readFile(file, 'utf8')).trim() : audit.verifierKey();
}

/** `gantry audit export <missionId> [--out FILE]`. */
export async function auditExport(config: GantryConfig, args: string[], io: CliIo): Promise<number> {
  const [missionId] = args;
  if (!missionId || !isUuid(missionId)) {
    io.err('usage: gantry audit export <missionId> [--out FILE]');
    return EXIT.error;
  }
  const text = await withContext(config, async (app) => bundleText(await app.get(AuditBundleService).export(missionId.toLowerCase())));
  const out = option(args, '--out');
  if (!out) io.out(text.slice(0, -1));
  else {
    await writeFile(out, text);
    io.err(`wrote ${out} (${Buffer.byteLength(text)} bytes)`);
  }
  return EXIT.ok;
}

/** `gantry audit verify --all`: 0 when the database agrees with every signed checkpoint, 1 naming each stream that does not. */
export async function auditVerifyAll(config: GantryConfig, args: string[], io: CliIo): Promise<number> {
  const file = option(args, '--checkpoints') ?? join(config.dataDir, 'log', 'checkpoints');
  const threads = option(args, '--threads') ?? String(defaultVerifyThreads());
  if (!/^[1-9]\d{0,2}$/.test(threads)) {
    io.err(`gantry: --threads needs a whole number from 1 to 999, got "${threads}"`);
    return EXIT.error;
  }
  return withContext(config, async (app) => {
    const audit = app.get(LogAuditService);
    const content = await readFile(file, 'utf8').catch(() => null);
    if (content === null) {
      io.err(`gantry: no checkpoint file at ${file}`);
      return EXIT.error;
    }
    const checkpoints = readSignedCheckpoints(content, await trustedKey(args, audit));
    if (!checkpoints.ok) return report([{ stream: file, reason: checkpoints.reason }], io);
    const { findings, streams, leaves } = await audit.audit(checkpoints.checkpoints, Number(threads));
    const latest = checkpoints.checkpoints.at(-1);
    if (findings.length === 0) {
      io.out(`VALID  ${streams} streams chained, ${leaves} leaves logged`);
      io.out(`checkpoints  ${checkpoints.checkpoints.length} signed, the latest of size ${latest?.size ?? 0} root ${latest?.root.toString('base64') ?? '-'}`);
    }
    return report(findings, io);
  });
}

/** `gantry audit consistency --old CHECKPOINT_FILE [--key KEYFILE]`: the last checkpoint in the file is the one kept. */
export async function auditConsistency(config: GantryConfig, args: string[], io: CliIo): Promise<number> {
  const file = option(args, '--old');
  if (!file) {
    io.err('usage: gantry audit consistency --old CHECKPOINT_FILE [--key KEYFILE]');
    return EXIT.error;
  }
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    io.err(`gantry: ${errorMessage(error)}`);
    return EXIT.error;
  }
  return withContext(config, async (app) => {
    const audit = app.get(LogAuditService);
    const key = await trustedKey(args, audit);
    const kept = readSignedCheckpoints(content.endsWith('\n\n') ? content : `${content}\n`, key);
    if (!kept.ok) return report([{ stream: file, reason: kept.reason }], io);
    const old = kept.checkpoints.at(-1);
    if (!old) return report([{ stream: file, reason: 'holds no checkpoint' }], io);
    const { latest, problems } = await audit.consistency(old, key);
    if (problems.length === 0 && latest) io.out(`CONSISTENT  the log of size ${latest.size} extends the kept checkpoint of size ${old.size}`);
    return report(problems, io);
  });
}

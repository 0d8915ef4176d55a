import 'reflect-metadata';
import { ConfigError, loadConfig, type GantryConfig } from '../config/gantry-config';
import { DatabaseUnreachableError } from '../database/database-errors';
import { DataDirLockedError } from '../database/data-dir-lock';
import { PostgresStartError } from '../database/native-postgres';
import { EventStoreError } from '../missions/ports/event-store.errors';
import { runtimeVersions } from '../kernel/runtime-versions';
import { EXIT, processIo, type CliIo } from './cli-io';
import { auditVerifyBundle } from './commands/audit-bundle-verify.command';
import { auditVerify } from './commands/audit-verify.command';
import { AUDIT_LOG_USAGE, auditConsistency, auditExport, auditVerifyAll } from './commands/audit-log.command';
import { rebuildReadModels } from './commands/projections-rebuild.command';
import { listParked, retryParkedEvents } from './commands/projections-parked.command';
import { serve } from './commands/serve.command';
import { SERVE_USAGE, withServeArgs } from './commands/serve-args';
import { USERS_USAGE, usersCommand } from './commands/users.command';

const USAGE = [
  'usage: gantry <command>',
  "  --version                          print Gantry's and Node.js's versions",
  ...SERVE_USAGE,
  '  audit verify <missionId | stream>  recompute a Black Box chain: exit 0 valid, 1 tampered, 2 error',
  '  audit verify --bundle FILE --key KEYFILE',
  '                                     verify an exported audit bundle offline (no database, no network)',
  ...AUDIT_LOG_USAGE,
  '  projections rebuild                empty the read models and replay every event into them',
  '  projections parked                 list the events a feed processor set aside: exit 0 none, 1 some',
  '  projections retry                  hand every parked event to its processor again (after a fix)',
  ...USERS_USAGE,
];

/** Failures a person can fix from the message alone: printed as one line, without a stack. */
function isOperatorError(error: unknown): error is Error {
  return (
    error instanceof ConfigError ||
    error instanceof DatabaseUnreachableError ||
    error instanceof DataDirLockedError ||
    error instanceof EventStoreError ||
    error instanceof PostgresStartError
  );
}

export async function runCli(argv: string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number | 'serving'> {
  const [command = 'serve', ...rest] = argv;
  if (command === '--version' || command === 'version') {
    const { gantry, node } = runtimeVersions();
    io.out(`gantry ${gantry} (node ${node})`);
    return EXIT.ok;
  }
  let config: GantryConfig;
  try {
    if (command === 'audit' && rest[0] === 'verify' && rest.includes('--bundle')) return await auditVerifyBundle(rest.slice(1), io);
    config = loadConfig(env);
    if (command === 'serve') {
      await serve(withServeArgs(config, rest));
      return 'serving';
    }
    if (command === 'audit' && rest[0] === 'verify' && rest.includes('--all')) return await auditVerifyAll(config, rest.slice(1), io);
    if (command === 'audit' && rest[0] === 'verify') return await auditVerify(config, rest[1], io);
    if (command === 'audit' && rest[0] === 'export') return await auditExport(config, rest.slice(1), io);
    if (command === 'audit' && rest[0] === 'consistency') return await auditConsistency(config, rest.slice(1), io);
    if (command === 'projections' && rest[0] === 'rebuild') return await rebuildReadModels(config, io);
    if (command === 'projections' && rest[0] === 'parked') return await listParked(config, io);
    if (command === 'projections' && rest[0] === 'retry') return await retryParkedEvents(config, io);
    if (command === 'users') return await usersCommand(config, rest, io);
    USAGE.forEach((line) => io.err(line));
    return EXIT.error;
  } catch (error) {
    io.err(`gantry: ${isOperatorError(error) ? error.message : ((error as Error).stack ?? String(error))}`);
    return EXIT.error;
  }
}

/** The `gantry` executable: runs a command and exits with its code, or keeps serving. */
export function main(): void {
  void runCli(process.argv.slice(2)).then((code) => {
    if (code !== 'serving') process.exit(code);
  });
}

if (require.main === module) main();

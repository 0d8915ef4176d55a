import { HttpException, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { coreImports } from '../../app.module';
import { AuthCoreModule } from '../../auth/auth-core.module';
import { UsersService } from '../../auth/users/users.service';
import type { GantryConfig } from '../../config/gantry-config';
import { EXIT, type CliIo } from '../cli-io';

@Module({})
class UsersCliModule {
  static forRoot(config: GantryConfig): DynamicModule {
    return { module: UsersCliModule, imports: [...(coreImports(config, { attachToRunning: true }) ?? []), AuthCoreModule] };
  }
}

export const USERS_USAGE = [
  '  users add <name> [--password-stdin]  add a user; prints a generated password once, or reads one line from stdin',
  '  users remove <name>                  remove a user: their sessions end and their tokens are revoked',
  '  users list                           the users',
];

/** Reads the whole of standard input (a password piped in, so it never appears in the shell history or `ps`). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function run(users: UsersService, args: string[], io: CliIo, stdin: () => Promise<string>): Promise<number> {
  const [action, name, flag] = args;
  if (action === 'list') {
    (await users.list()).forEach((user) => io.out(`${user.name}${user.admin ? ' (admin)' : ''}`));
    return EXIT.ok;
  }
  if (action === 'remove' && name) {
    await users.remove(name);
    io.out(`Removed ${name}.`);
    return EXIT.ok;
  }
  if (action === 'add' && name && (flag === undefined || flag === '--password-stdin')) {
    const password = flag ? (await stdin()).split(/\r?\n/)[0] : undefined;
    const added = await users.add(name, password);
    io.out(`Added ${added.name}.`);
    if (added.generatedPassword) io.out(`Password (shown this once): ${added.generatedPassword}`);
    return EXIT.ok;
  }
  USERS_USAGE.forEach((line) => io.err(line));
  return EXIT.error;
}

/** `gantry users add|remove|list`, on the database of a running `gantry serve` (or DATABASE_URL's). */
export async function usersCommand(config: GantryConfig, args: string[], io: CliIo, stdin: () => Promise<string> = readStdin): Promise<number> {
  const app = await NestFactory.createApplicationContext(UsersCliModule.forRoot(config), { logger: false, abortOnError: false });
  try {
    return await run(app.get(UsersService), args, io, stdin);
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    io.err(`gantry: ${error.message}`);
    return EXIT.error;
  } finally {
    await app.close();
  }
}

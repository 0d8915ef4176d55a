import { Logger, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../app.module';
import { configureHttpApp } from '../../http/http-app';
import { ConfigError, serveRole, type GantryConfig } from '../../config/gantry-config';

export const SERVE_USAGE = [
  '  serve [--role api|worker|all]      start Gantry (default); the role also comes from GANTRY_ROLE (default all):',
  '                                       api: HTTP (REST, console, deployed apps, live streams), no pipeline worker',
  '                                       worker: the pipeline worker, no HTTP listener',
  '                                       all: both, in one process',
];

/** The config with `--role` applied (the flag wins over GANTRY_ROLE); a bad or missing value fails fast. */
export function withServeArgs(config: GantryConfig, args: readonly string[]): GantryConfig {
  let role = config.processes.role;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '--role' || arg.startsWith('--role=')) {
      const value = arg === '--role' ? args[(index += 1)] : arg.slice('--role='.length);
      if (value === undefined || value.startsWith('--')) throw new ConfigError('--role', 'needs a value: api, worker or all');
      role = serveRole(value, '--role');
    } else {
      throw new ConfigError(arg, 'is not an option of gantry serve (only --role api|worker|all)');
    }
  }
  return { ...config, processes: { ...config.processes, role } };
}

/**
 * `gantry serve`: until SIGINT or SIGTERM. The api and all roles listen for HTTP; the worker role runs the
 * pipeline (and stands by for the singleton duties) without a listener. Every role stands by for the duties.
 */
export async function serve(config: GantryConfig): Promise<INestApplicationContext> {
  const options = { abortOnError: false, logger: ['log', 'warn', 'error'] as const };
  const module = AppModule.forRoot(config);
  if (config.processes.role === 'worker') {
    const worker = await NestFactory.createApplicationContext(module, { ...options, logger: [...options.logger] });
    worker.enableShutdownHooks();
    new Logger('Gantry').log(`Gantry is online as a worker (pid ${process.pid}): the pipeline and the singleton duties, no HTTP listener`);
    return worker;
  }
  const app = await NestFactory.create<NestExpressApplication>(module, { ...options, logger: [...options.logger] });
  configureHttpApp(app);
  app.enableShutdownHooks();
  await app.listen(config.port, '0.0.0.0');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  new Logger('Gantry').log(`Gantry is online at http://localhost:${port} (health: /health; role ${config.processes.role})`);
  return app;
}

import { Logger, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../app.module';
import { configureHttpApp } from '../../http/http-app';
import type { GantryConfig } from '../../config/gantry-config';

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

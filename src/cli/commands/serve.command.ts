import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../app.module';
import { configureHttpApp } from '../../http/http-app';
import type { GantryConfig } from '../../config/gantry-config';

/** `gantry serve`: the HTTP service, until SIGINT or SIGTERM. */
export async function serve(config: GantryConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { abortOnError: false, logger: ['log', 'warn', 'error'] });
  configureHttpApp(app);
  app.enableShutdownHooks();
  await app.listen(config.port, '0.0.0.0');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  new Logger('Gantry').log(`Gantry is online at http://localhost:${port} (health: /health)`);
  return app;
}

import { ValidationPipe, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { crossSiteRefusal } from './cross-site';
import { HttpExceptionFilter } from './http-exception.filter';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { securityHeaders } from '../auth/headers/security-headers';
import { trustProxySetting } from '../auth/door/trust-proxy';
import { inputHygiene } from './input-hygiene';
import { answerParserRefusals, hostRequired } from './parser-refusal';
import { bodyParsers } from './body-limits';

/** Express matches mount paths case-insensitively, as it matches routes, so /GANTRY/... is the API too. */
const API_PREFIX = '/gantry';

function corsFor(app: NestExpressApplication, config: GantryConfig): void {
  if (config.corsOrigins.length === 0) return; // same-origin only: the console is served by Gantry itself
  app.enableCors({ origin: config.corsOrigins, credentials: true, methods: ['GET', 'POST', 'DELETE'], maxAge: 600 });
}

/** Everything an HTTP app needs beyond its modules; shared by `gantry serve` and the e2e tests. */
export function configureHttpApp(app: NestExpressApplication): INestApplication {
  const config = app.get<GantryConfig>(GANTRY_CONFIG);
  app.set('trust proxy', trustProxySetting(config.trustProxy));
  app.disable('x-powered-by');
  answerParserRefusals(app.getHttpServer());
  app.use(securityHeaders);
  app.use(hostRequired);
  app.use(crossSiteRefusal(config));
  bodyParsers(app);
  app.use(inputHygiene);
  // Only the API reads cookies (the session, the sign-in limiter's device): public routes do not pay for parsing them.
  app.use(API_PREFIX, cookieParser());
  corsFor(app, config);
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Gantry')
      .setDescription(
        'A self-hostable AI software factory. Every JSON answer carries a `speech` sentence for voice clients; errors are {statusCode, error, message, speech}. Sign in with POST /gantry/auth (a session cookie) or send an API token as Authorization: Bearer.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .addCookieAuth('gantry_session')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
  return app;
}

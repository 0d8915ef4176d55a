import { ValidationPipe, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { HttpExceptionFilter } from './common/http-exception.filter';

/** JSON bodies up to this size: a 5 MB design image is about 6.7 MB as base64. */
const JSON_BODY_LIMIT = '8mb';

/** Everything an HTTP app needs beyond its modules; shared by `gantry serve` and the e2e tests. */
export function configureHttpApp(app: NestExpressApplication): INestApplication {
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Gantry')
      .setDescription('A self-hostable AI software factory. Every JSON answer carries a `speech` sentence for voice clients; errors are {statusCode, error, message, speech}.')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
  return app;
}

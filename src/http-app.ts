import type { INestApplication } from '@nestjs/common';
import { HttpExceptionFilter } from './common/http-exception.filter';

/** Everything an HTTP app needs beyond its modules; shared by `gantry serve` and the e2e tests. */
export function configureHttpApp(app: INestApplication): INestApplication {
  app.useGlobalFilters(new HttpExceptionFilter());
  return app;
}

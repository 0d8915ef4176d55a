import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthService } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The last report's bytes as they were made (see HealthService.answer): nothing is serialized per request. */
  @Get()
  async get(@Res() response: Response): Promise<void> {
    const { statusCode, headers, body } = await this.health.answer();
    response.status(statusCode).set(headers).send(body);
  }
}

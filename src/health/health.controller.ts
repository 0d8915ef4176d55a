import { Controller, Get, HttpStatus, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { HealthService } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /**
   * The last report's bytes as they were made (see HealthService.answer), written as they are: nothing is
   * serialized or hashed per request. A client that sends the report's ETag back gets 304, as from Express.
   */
  @Get()
  async get(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { statusCode, headers, body } = await this.health.answer();
    response.statusCode = statusCode;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    if (request.fresh) {
      response.statusCode = HttpStatus.NOT_MODIFIED;
      response.removeHeader('Content-Type');
      response.removeHeader('Content-Length');
      response.end();
    } else response.end(body);
  }
}

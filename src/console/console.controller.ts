import { Controller, Get, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { ConsoleAssets, type ConsoleAsset } from './console-assets';

const ASSET_PREFIX = '/console/';

/** The web console: its page at `/`, its files under `/console/`, and the few settings it needs. */
@ApiExcludeController()
@Controller()
export class ConsoleController {
  constructor(
    private readonly assets: ConsoleAssets,
    @Inject(GANTRY_CONFIG) private readonly config: GantryConfig,
  ) {}

  @Get()
  page(@Res() response: Response): void {
    send(response, this.required('index.html'));
  }

  @Get('console/settings.json')
  settings() {
    const megabytes = Math.floor(this.config.maxImageBytes / 1_000_000);
    return { max_image_bytes: this.config.maxImageBytes, speech: `Design images up to ${megabytes} MB are accepted.` };
  }

  @Get('console/*path')
  file(@Req() request: Request, @Res() response: Response): void {
    send(response, this.required(request.path.slice(ASSET_PREFIX.length)));
  }

  private required(path: string): ConsoleAsset {
    const found = this.assets.find(path);
    if (!found) throw new NotFoundException(`The console has no file ${path}`);
    return found;
  }
}

function send(response: Response, asset: ConsoleAsset): void {
  // Revalidated on every load: a new Gantry version must never run against stale modules.
  response.setHeader('Cache-Control', 'no-cache');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.type(asset.contentType).sendFile(asset.file);
}

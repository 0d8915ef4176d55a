import { createReadStream } from 'node:fs';
import { Controller, Get, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppReleases } from './app-releases';
import { findAppFile } from './app-file';
import { contentTypeOf } from './static-site';

/** The policy every deployed app is served under: an opaque origin that may run scripts, forms, dialogs and downloads. */
export const APPS_CSP = 'sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads';

/**
 * Locally deployed apps. Public by nature (a live URL is for anyone the owner shares it with): when a
 * global auth guard lands, this controller is the one to mark public.
 * Generated code runs in a sandboxed, opaque origin (CSP `sandbox` without `allow-same-origin`), so an
 * app can never call Gantry's API with the operator's session.
 */
@ApiExcludeController()
@Controller('apps')
export class AppsController {
  constructor(@Inject(AppReleases) private readonly releases: AppReleases) {}

  @Get('*path')
  async serve(@Req() request: Request, @Res() response: Response): Promise<void> {
    const requestPath = request.originalUrl.split('?')[0];
    const [slug, ...rest] = requestPath.slice('/apps/'.length).split('/');
    const folder = await this.releases.liveFolder(slug);
    if (!folder) throw new NotFoundException(`No app is deployed at /apps/${slug}/`);
    if (rest.length === 0) {
      response.redirect(301, `/apps/${slug}/`);
      return;
    }
    const found = await findAppFile(folder, rest.join('/'), requestPath);
    if (found.kind === 'redirect') {
      response.redirect(301, found.location);
      return;
    }
    if (found.kind === 'missing') throw new NotFoundException(`/apps/${slug}/ has no such file`);
    response.set({
      'Content-Type': contentTypeOf(found.path),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': APPS_CSP,
    });
    createReadStream(found.path)
      .on('error', () => response.destroy())
      .pipe(response);
  }
}

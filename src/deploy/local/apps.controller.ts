import { Controller, Get, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppReleases } from './app-releases';
import { findAppFile } from './app-file';
import { contentTypeOf } from './static-site';

/** The policy every deployed app is served under: an opaque origin that may run scripts, forms, dialogs and downloads. */
export const APPS_CSP = 'sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads';

/**
 * Locally deployed apps, served from the blob store by whichever process is asked. Public by nature (a
 * live URL is for anyone the owner shares it with): when a global auth guard lands, this controller is
 * the one to mark public.
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
    const live = await this.releases.live(slug);
    if (!live) throw new NotFoundException(`No app is deployed at /apps/${slug}/`);
    if (rest.length === 0) {
      response.redirect(301, `/apps/${slug}/`);
      return;
    }
    const found = findAppFile(live.files, rest.join('/'), requestPath);
    if (found.kind === 'redirect') {
      response.redirect(301, found.location);
      return;
    }
    const bytes = found.kind === 'file' ? await this.releases.file(found.sha256) : null;
    if (found.kind === 'missing' || bytes === null) throw new NotFoundException(`/apps/${slug}/ has no such file`);
    const etag = `"${found.sha256}"`;
    if (request.headers['if-none-match'] === etag) {
      response.status(304).set({ ETag: etag, 'Cache-Control': 'no-cache' }).end();
      return;
    }
    response.set({
      'Content-Type': contentTypeOf(found.path),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': APPS_CSP,
      ETag: etag,
    });
    response.end(bytes);
  }
}

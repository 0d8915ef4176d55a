import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Manifest } from '../../../src/missions/domain/manifest';
import { APPS_CSP } from '../../../src/deploy/local/apps.controller';
import { contentTypeOf, staticSite } from '../../../src/deploy/local/static-site';

/** Serves generated apps from memory at /apps/<slug>/, with the headers Gantry's AppsController sends. */
export interface StaticAppServer {
  /** Publishes a manifest's site files (as the local deployer picks them) and gives the app's URL. */
  publish(slug: string, manifest: Manifest): string;
  close(): Promise<void>;
}

type Site = Map<string, Buffer>;

function siteOf(manifest: Manifest): Site {
  const files = staticSite(manifest.files.map((file) => ({ path: file.path, content: Buffer.from(file.content) })));
  return new Map(files.map((file) => [file.path, file.content]));
}

export async function startStaticAppServer(): Promise<StaticAppServer> {
  const sites = new Map<string, Site>();
  const server: Server = createServer((request, response) => {
    const [slug, ...rest] = (request.url ?? '/')
      .split('?')[0]
      .replace(/^\/apps\//, '')
      .split('/');
    const path = decodeURIComponent(rest.join('/')) || 'index.html';
    const content = sites.get(slug)?.get(path);
    if (!content) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': contentTypeOf(path),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': APPS_CSP,
    });
    response.end(content);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    publish(slug, manifest) {
      sites.set(slug, siteOf(manifest));
      return `http://127.0.0.1:${port}/apps/${slug}/`;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

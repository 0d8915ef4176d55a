import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConsoleAssets } from '../../src/console/console-assets';
import { logKey, missionBundle } from '../support/audit-bundle-fixture';
import { openConsoleBrowser, type ConsoleBrowser } from './support/console-browser';

interface Verdict {
  valid: boolean;
  text: string;
  checkpoint?: { origin: string; size: number; root: string };
}

/**
 * The Black Box panel's check, in Chromium: the console's own modules, served by the console's asset
 * list, verify a bundle with the browser's Web Crypto (Ed25519, SHA-256) and name the checkpoint.
 */
describe("The console's bundle check in a real browser", () => {
  let server: Server;
  let baseUrl: string;
  let browser: ConsoleBrowser;
  const assets = new ConsoleAssets();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const found = request.url?.startsWith('/console/') ? assets.find(request.url.slice('/console/'.length)) : null;
      if (request.url === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>bundle check</title>');
      } else if (found) {
        response.writeHead(200, { 'content-type': found.contentType }).end(readFileSync(found.file));
      } else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await openConsoleBrowser(baseUrl);
    await browser.page.goto('/');
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  // A string, so the test's compiler leaves the browser's own dynamic import alone.
  const verdict = (bundle: string, key: string): Promise<Verdict> =>
    browser.page.evaluate(`import('/console/js/bundle-check.js').then((module) => module.bundleVerdict(${JSON.stringify(bundle)}, ${JSON.stringify(key)}))`);

  it('verifies a valid bundle and says which checkpoint it checked against', async () => {
    const { text, key } = await missionBundle();
    const checkpointLines = (JSON.parse(text) as { checkpoint: string }).checkpoint.split('\n');
    const outcome = await verdict(text, key.vkey);
    expect(outcome).toMatchObject({ valid: true, checkpoint: { origin: 'gantry.test/log', size: 13, root: checkpointLines[2] } });
    expect(outcome.text).toBe(
      `Verified in this browser: 4 events chained, leaves 5–11 included in checkpoint gantry.test/log of size 13 with root ${checkpointLines[2]}, signed by gantry.test/log.`,
    );
    expect(browser.problems).toEqual([]);
  });

  it('refuses a changed event, a broken inclusion proof and a checkpoint signed by another key', async () => {
    const { text, key } = await missionBundle();
    const bundle = JSON.parse(text) as { events: Array<{ canonical: string; inclusion_proof: string[] }> };
    const changedEvent = text.replace('a tip calculator', 'a tip calculatoR');
    expect((await verdict(changedEvent, key.vkey)).text).toBe('Not verified in this browser: event 0: its hash does not match its stored bytes.');
    const proof = bundle.events[1].inclusion_proof[0];
    const brokenProof = text.replace(proof, `${proof[0] === 'A' ? 'B' : 'A'}${proof.slice(1)}`);
    expect((await verdict(brokenProof, key.vkey)).text).toMatch(/^Not verified in this browser: event 1: leaf \d+ is not in the signed tree of 13/);
    const other = logKey();
    expect((await verdict(text, other.vkey)).text).toBe('Not verified in this browser: the bundle names another verifier key than the one trusted.');
  });
});

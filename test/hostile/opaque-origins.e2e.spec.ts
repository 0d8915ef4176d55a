import { createTestApp, type TestApp } from '../support/test-app';
import type { TokenListBody } from '../support/bodies';

/**
 * Origins a browser sends from pages that have no host of their own (a file, a data: or blob: document,
 * an extension, an about: page) or that a hostile client makes up: they parse as URLs whose origin is the
 * opaque "null", which the cross-site check then parsed again and threw on (500). Each is a foreign page.
 */
const OPAQUE_ORIGINS = [
  'file://',
  'file:///etc/passwd',
  'data:text/html,<script>1</script>',
  'blob:null/0b5c5c5e',
  'about:blank',
  'javascript:alert(1)',
  'chrome-extension://abcdefghijklmnop',
  'mailto:someone@example.com',
  'urn:isbn:0451450523',
  'null',
];

describe('State-changing requests from opaque origins', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('are refused as cross-site (403, a sentence and speech) and change nothing', async () => {
    const before = ((await t.http.get('/gantry/tokens').expect(200)).body as TokenListBody).tokens.length;
    for (const origin of OPAQUE_ORIGINS) {
      for (const [path, body] of [
        ['/gantry/tokens', { name: 'from a foreign page' }],
        ['/gantry/auth', { password: 'not the password at all' }],
        ['/gantry/missions/clear', {}],
      ] as const) {
        const response = await t.http.post(path).set('Origin', origin).send(body);
        expect({ origin, path, status: response.status }).toEqual({ origin, path, status: 403 });
        const refusal = response.body as { message: string; speech: string };
        expect(refusal.message).toContain('Cross-site');
        expect(refusal.speech.length).toBeGreaterThan(0);
      }
    }
    const after = ((await t.http.get('/gantry/tokens').expect(200)).body as TokenListBody).tokens.length;
    expect(after).toBe(before);
  });

  it('while the server’s own origin is still accepted', async () => {
    const host = 'gantry.test';
    await t.http.post('/gantry/tokens').set('Host', host).set('Origin', `http://${host}`).send({ name: 'same origin' }).expect(201);
  });
});

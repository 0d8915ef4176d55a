import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../support/test-app';
import { TINY_PNG } from '../support/http-helpers';
import { match } from '../support/expectations';
import { type EventsBody, type MissionPageBody, type MissionRefBody } from '../support/bodies';

describe('Design images', () => {
  const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-missions-'));
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ config: { missionsDir, maxImageBytes: 4096 } })));
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('keeps a PNG as design-reference.png with its SHA-256 in the stream', async () => {
    const response = await t.http
      .post('/gantry/consult')
      .set({ 'X-Gantry-Client': 'image-client-01' })
      .send({
        message: 'A portfolio landing page like this mockup',
        image_base64: `data:image/png;base64,${TINY_PNG.toString('base64')}`,
        image_filename: '../../mockup.png',
      })
      .expect(200);
    const id = (response.body as MissionRefBody).mission_id;
    const digest = createHash('sha256').update(TINY_PNG).digest('hex');
    const saved = join(missionsDir, id, `design-reference-${digest.slice(0, 16)}.png`);
    expect(readFileSync(saved).equals(TINY_PNG)).toBe(true);
    const { events } = (await t.http.get(`/gantry/missions/${id}/events`).expect(200)).body as EventsBody;
    expect(events.find((event) => event.type === 'DesignImageAttached')?.data).toEqual({
      fileName: 'mockup.png',
      mime: 'image/png',
      bytes: TINY_PNG.length,
      sha256: createHash('sha256').update(TINY_PNG).digest('hex'),
      evidencePath: `${id}/design-reference-${digest.slice(0, 16)}.png`,
    });
  });

  const jpegHeader = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
  it.each([
    ['not base64', { image_base64: 'this is not base64!!', image_filename: 'a.png' }, /base64/],
    [
      'an SVG named .png',
      { image_base64: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'), image_filename: 'logo.png' },
      /PNG, JPEG, WebP or GIF/,
    ],
    ['a text file', { image_base64: Buffer.from('hello world, not an image').toString('base64'), image_filename: 'a.jpg' }, /PNG, JPEG, WebP or GIF/],
    ['too large', { image_base64: Buffer.concat([jpegHeader, Buffer.alloc(5000)]).toString('base64'), image_filename: 'big.jpg' }, /larger than/],
    ['missing its file name', { image_base64: TINY_PNG.toString('base64') }, /image_filename/],
    ['empty', { image_base64: '', image_filename: 'a.png' }, /empty/],
  ])('refuses an image that is %s with 400 and stores nothing', async (_, image, message) => {
    const client = { 'X-Gantry-Client': 'bad-image-client' };
    const before = ((await t.http.get('/gantry/missions?limit=100')).body as MissionPageBody).total;
    const response = await t.http
      .post('/gantry/consult')
      .set(client)
      .send({ message: 'A gallery app', ...image })
      .expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, message: match.stringMatching(message), speech: match.any(String) });
    expect(((await t.http.get('/gantry/missions?limit=100')).body as MissionPageBody).total).toBe(before);
    const folders = existsSync(missionsDir) ? readdirSync(missionsDir) : [];
    expect(folders).toHaveLength(1); // only the first test's mission
  });
});

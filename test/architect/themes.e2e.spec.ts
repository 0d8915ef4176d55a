import { DESIGN_TARGET_KEYS } from '../../src/catalogue/design-target';
import { match } from '../support/expectations';
import { createTestApp, type TestApp } from '../support/test-app';

describe('GET /gantry/themes', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('lists the eight famous-app themes in order, without a client header', async () => {
    const response = await t.http.get('/gantry/themes').expect(200);
    const body = response.body as { count: number; themes: Array<Record<string, unknown>>; speech: string };
    expect(Object.keys(body).sort()).toEqual(['count', 'speech', 'themes']);
    expect(body.count).toBe(8);
    expect(body.speech).toBe('8 famous app themes available.');
    expect(body.themes.map((theme) => theme.id)).toEqual(['LINKEDIN', 'TWITTER', 'INSTAGRAM', 'FACEBOOK', 'SLACK', 'SPOTIFY', 'NOTION', 'AIRBNB']);
    expect(body.themes.map((theme) => theme.id)).toEqual([...DESIGN_TARGET_KEYS]);
  });

  it('gives each theme its name, colours, font, layout, components, radius and sample page', async () => {
    const body = (await t.http.get('/gantry/themes').expect(200)).body as { themes: Array<Record<string, unknown>> };
    for (const theme of body.themes) {
      expect(Object.keys(theme).sort()).toEqual(['border_radius', 'colors', 'components', 'font', 'id', 'layout', 'name', 'sample_page']);
      expect(theme).toEqual({
        id: match.any(String),
        name: match.any(String),
        colors: match.objectContaining({ primary: match.stringMatching(/^#[0-9a-f]{6}$/), background: match.any(String), text: match.any(String) }),
        font: match.any(String),
        layout: match.any(String),
        components: match.arrayContaining([match.any(String)]),
        border_radius: match.stringMatching(/^\d+px$/),
        sample_page: match.any(String),
      });
    }
    expect(body.themes[0]).toMatchObject({
      name: 'LinkedIn',
      colors: { primary: '#0a66c2', text_secondary: '#00000099', success: '#057642' },
      layout: 'navbar-top-fixed, three-column-grid',
      border_radius: '8px',
    });
    expect(body.themes[3]).toMatchObject({ id: 'FACEBOOK', colors: { background: '#18191a', card: '#242526' } });
  });

  it('is in the OpenAPI document under the themes tag', async () => {
    const document = (await t.http.get('/openapi.json').expect(200)).body as { paths: Record<string, { get?: { tags?: string[] } }> };
    expect(document.paths['/gantry/themes']?.get?.tags).toEqual(['themes']);
  });
});

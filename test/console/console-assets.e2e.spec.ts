import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import supertest from 'supertest';
import { ConsoleAssets } from '../../src/console/console-assets';
import { createTestApp, type TestApp } from '../support/test-app';

const WEB = join(__dirname, '..', '..', 'src', 'console', 'web');
const modules = readdirSync(join(WEB, 'js')).map((name) => ({ name, source: readFileSync(join(WEB, 'js', name), 'utf8') }));

describe("The console's files as Gantry serves them", () => {
  let t: TestApp;
  let http: ReturnType<typeof supertest>;
  beforeAll(async () => {
    t = await createTestApp();
    // Anonymous on purpose: the console's own files are public, only /gantry needs a session.
    http = supertest(t.app.getHttpServer());
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('serves the page at / with its stylesheet and module script as files, nothing inline', async () => {
    const page = await http
      .get('/')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.text).toContain('<script type="module" src="/console/js/main.js"></script>');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.text).not.toMatch(/\sstyle=|<style|\son[a-z]+=/i);
    await http
      .get('/console/app.css')
      .expect(200)
      .expect('Content-Type', /text\/css/);
    await http
      .get('/console/icon.svg')
      .expect(200)
      .expect('Content-Type', /image\/svg\+xml/);
    for (const { name } of modules)
      await http
        .get(`/console/js/${name}`)
        .expect(200)
        .expect('Content-Type', /text\/javascript/);
  });

  it('answers 404 for anything that is not one of its files: its server code, other folders, escapes', async () => {
    for (const path of [
      '/console/console.module.ts',
      '/console/js/nope.js',
      '/console/../package.json',
      '/console/%2e%2e/console.module.ts',
      '/console/js/%2e%2e/%2e%2e/console-assets.ts',
      '/console/',
    ]) {
      const response = await http.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });

  it('tells the console the largest design image the server accepts', async () => {
    const settings = await http.get('/console/settings.json').expect(200);
    expect(settings.body).toEqual({ max_image_bytes: t.config.maxImageBytes, speech: 'Design images up to 5 MB are accepted.' });
  });

  it("lists only the web folder's files, by their URL path, and the auditors' bundle verifier", () => {
    const assets = new ConsoleAssets(WEB);
    expect(assets.find('index.html')?.contentType).toBe('text/html; charset=utf-8');
    expect(assets.find('js/dom.js')?.file).toBe(join(WEB, 'js', 'dom.js'));
    expect(assets.find('../console.module.ts')).toBeNull();
    expect(assets.find('js/verify-bundle.js')?.file).toBe(join(WEB, '..', '..', '..', 'scripts', 'verify-bundle.mjs'));
    expect(assets.size).toBe(3 + modules.length + 1);
  });
});

describe("The console's modules", () => {
  it.each(modules)('$name never writes HTML, inline styles or code from strings', ({ source }) => {
    expect(source).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setAttribute\(\s*['"](style|on)/);
  });
});

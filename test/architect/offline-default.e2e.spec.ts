import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/test-app';
import { eventTypes, waitForEnd } from '../support/http-helpers';
import { required } from '../support/expectations';
import type { ConsultationBody } from '../support/bodies';

type Reply = ConsultationBody & { speech: string };
import { BUILT_ATTEMPT } from '../support/events';
import { launchAppBrowser, openApp, type AppPage } from './support/app-browser';
import { ARCHETYPE_CASES } from './support/archetype-interactions';
import { useRecords } from './support/more-archetype-cases';
import { sections, type PageCheck } from './support/page-checks';

/** A few prompts of the offline suite through the whole pipeline: consultation, the real sandbox, the live URL. */
const SHIPPED: ReadonlyArray<readonly [string, PageCheck]> = [
  ['A recipe book where I can add recipes with ingredients and steps', useRecords],
  ['Landing page for a coffee shop with a menu section and opening hours', sections(['menu', /^Menu$/], ['hours', /^Opening hours$/])],
  ['A habit tracker with a weekly grid of checkboxes', (page) => ARCHETYPE_CASES.HABITS.interact(page)],
];

describe('The offline default end to end (real sandbox, live app in Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let app: AppPage | null = null;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchAppBrowser()]);
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  }, 120_000);

  afterEach(async () => {
    await app?.close();
    app = null;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await t?.db.drop();
  });

  it.each(SHIPPED.map(([prompt, check], index) => [prompt, check, index] as const))(
    '%s: planned, confirmed, built and tested in the sandbox, DEPLOYED, and the live page does what was asked',
    async (prompt, check, index) => {
      const client = { 'X-Gantry-Client': `offline-default-${index}` };
      const proposal = (await t.http.post('/gantry/consult').set(client).send({ message: prompt }).expect(200)).body as Reply;
      expect(proposal.status).toBe('AWAITING_INPUT');
      expect(proposal.features.length).toBeGreaterThan(0);
      expect(proposal.speech).not.toContain("Offline I can't");
      await t.http.post('/gantry/consult').set(client).send({ message: 'yes' }).expect(202);
      const final = await waitForEnd(t.http, proposal.mission_id);
      expect(final).toMatchObject({ status: 'DEPLOYED', failure: null });
      expect(await eventTypes(t.http, proposal.mission_id)).toEqual(expect.arrayContaining(BUILT_ATTEMPT));
      const live = new URL(String(required(final.url, 'the live URL')));
      app = await openApp(browser, `${origin}${live.pathname}`);
      await app.page.getByRole('heading', { level: 1 }).waitFor({ state: 'visible' });
      await check(app.page);
      expect(app.problems).toEqual([]);
    },
    240_000,
  );

  it('declines a request no template fits before anything is built, and a "yes" then builds nothing', async () => {
    const client = { 'X-Gantry-Client': 'offline-default-declined' };
    const reply = (await t.http.post('/gantry/consult').set(client).send({ message: 'A weather dashboard for my city' }).expect(200)).body as Reply;
    expect(reply).toMatchObject({ status: 'AWAITING_INPUT', features: [] });
    expect(reply.speech).toMatch(/^Offline I can build .*; for a weather dashboard for my city, configure a model/);
    await t.http.post('/gantry/consult').set(client).send({ message: 'yes' }).expect(200);
    expect(await eventTypes(t.http, reply.mission_id)).not.toContain('BuildConfirmed');
  });
});

import { createTestApp, type TestApp } from '../support/test-app';
import type { TokenListBody } from '../support/bodies';

/**
 * Names every plain object inherits (`constructor`, `toString`, `__proto__`...): the validator's
 * "no unknown field" rule looks them up on the DTO, finds the inherited member and lets them through, so
 * a body or a query holding one was accepted where any other unknown name is refused. Refused at the edge.
 */
const INHERITED = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'prototype'];

interface ErrorBody {
  statusCode: number;
  message: string;
  speech: string;
}

function expectRefusal(response: { status: number; body: unknown }, name: string): void {
  expect({ name, status: response.status }).toEqual({ name, status: 400 });
  const body = response.body as ErrorBody;
  expect(body.message).toContain(name);
  expect(body.speech.length).toBeGreaterThan(0);
}

describe('Field and query names that every object inherits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('are refused in a body, at any depth, with 400 and a sentence, and nothing is created', async () => {
    const before = ((await t.http.get('/gantry/tokens').expect(200)).body as TokenListBody).tokens.length;
    for (const name of INHERITED) {
      for (const value of [1, {}, 'text', null]) {
        // Raw JSON: a `__proto__` key written in an object literal would set the prototype, not a field.
        const raw = `{"name":"laptop",${JSON.stringify(name)}:${JSON.stringify(value)}}`;
        expectRefusal(await t.http.post('/gantry/tokens').set('Content-Type', 'application/json').send(raw), name);
      }
      const nested = `{"messages":[{"role":"user","content":"what does it do",${JSON.stringify(name)}:1}]}`;
      expectRefusal(await t.http.post('/gantry/chat').set('Content-Type', 'application/json').send(nested), name);
      const build = `{"voice_memo":"Build a todo app with due dates",${JSON.stringify(name)}:"x"}`;
      expectRefusal(await t.http.post('/gantry/architect').set('Content-Type', 'application/json').send(build), name);
    }
    const after = ((await t.http.get('/gantry/tokens').expect(200)).body as TokenListBody).tokens.length;
    expect(after).toBe(before);
    const missions = (await t.http.get('/gantry/missions').expect(200)).body as { total: number };
    expect(missions.total).toBe(0);
  });

  it('are refused as query names, as any unknown name is', async () => {
    await t.http.get('/gantry/missions?unknown=1').expect(400);
    for (const name of INHERITED) {
      expectRefusal(await t.http.get(`/gantry/missions?${encodeURIComponent(name)}=1`), name);
      expectRefusal(await t.http.get(`/gantry/search?q=todo&${encodeURIComponent(name)}=1`), name);
    }
  });

  it('still accepts the same names inside text, where they are just words', async () => {
    const created = await t.http.post('/gantry/tokens').send({ name: 'constructor __proto__ toString' }).expect(201);
    expect((created.body as { name: string }).name).toBe('constructor __proto__ toString');
    await t.http.get('/gantry/search?q=constructor').expect(200);
  });
});

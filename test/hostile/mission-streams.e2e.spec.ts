import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../support/test-app';
import type { ConsultationBody } from '../support/bodies';

interface OpenStream {
  status: number;
  body: string;
  /** Resolves with everything received once the server ends the stream. */
  ended: Promise<string>;
  close(): void;
}

describe('Live mission streams', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ config: { streams: { perUser: 2, idleMs: 8_000 } } });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  async function openStream(user: string, missionId: string): Promise<OpenStream> {
    const abort = new AbortController();
    const response = await fetch(`${base}/gantry/missions/${missionId}/stream`, {
      headers: { Authorization: `Bearer ${await t.tokenFor(user)}` },
      signal: abort.signal,
    });
    const stream: OpenStream = { status: response.status, body: '', ended: Promise.resolve(''), close: () => abort.abort() };
    if (response.status !== 200 || !response.body) {
      stream.body = await response.text();
      return stream;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    stream.ended = (async () => {
      try {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) stream.body += decoder.decode(chunk.value as Uint8Array);
      } catch {
        // closed by the test
      }
      return stream.body;
    })();
    return stream;
  }

  async function until(stream: OpenStream, text: string): Promise<void> {
    for (let attempt = 0; attempt < 400 && !stream.body.includes(text); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(stream.body).toContain(text);
  }

  async function consultation(user: string): Promise<string> {
    const response = await t.as(user).post('/gantry/consult').send({ message: 'I want a todo app for my team' }).expect(200);
    return (response.body as ConsultationBody).mission_id;
  }

  it('pushes a change to an open stream, and refuses a user past the limit with 429 and a sentence, but not someone else', async () => {
    const id = await consultation('sue');
    const first = await openStream('sue', id);
    const second = await openStream('sue', id);
    await until(first, 'event: mission');
    await until(second, 'event: mission');
    const third = await openStream('sue', id);
    expect(third.status).toBe(429);
    const refused = JSON.parse(third.body) as { statusCode: number; speech: string };
    expect(refused.statusCode).toBe(429);
    expect(refused.speech).toMatch(/2 live mission streams open already/);
    const admin = await openStream('admin', id);
    expect(admin.status).toBe(200);

    await t.as('sue').post('/gantry/consult').send({ message: 'add dark mode too', mission_id: id }).expect(200);
    await until(first, '"type":"UserMessageReceived"');
    [first, second, admin].forEach((stream) => stream.close());
    await Promise.all([first.ended, second.ended, admin.ended]);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const again = await openStream('sue', id);
      again.close();
      if (again.status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('closed streams were never counted out');
  });

  it('ends a stream whose mission does not change within the idle limit', async () => {
    const stream = await openStream('ida', await consultation('ida'));
    const text = await stream.ended;
    expect(text).toMatch(/event: end\ndata: \{"mission_id":"[^"]+","reason":"idle"/);
  });

  it('ends a stream when its token is revoked', async () => {
    const stream = await openStream('tim', await consultation('tim'));
    await until(stream, 'event: mission');
    const tokens = (await t.as('tim').get('/gantry/tokens').expect(200)).body as { tokens: Array<{ id: string }> };
    for (const { id } of tokens.tokens) await t.as('tim').delete(`/gantry/tokens/${id}`);
    expect(await stream.ended).toContain('"reason":"signed_out"');
  });

  it('ends a stream when its user is deleted', async () => {
    const stream = await openStream('uma', await consultation('uma'));
    await until(stream, 'event: mission');
    await t.http.delete('/gantry/users/uma').expect(200);
    expect(await stream.ended).toContain('event: end');
  });
});

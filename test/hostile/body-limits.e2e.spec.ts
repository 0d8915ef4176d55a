import { connect, type AddressInfo } from 'node:net';
import { BODY_LIMIT } from '../../src/http/body-limits';
import { createTestApp, type TestApp } from '../support/test-app';
import type { Expected } from '../security/support/expected';

interface RawAnswer {
  status: number;
  head: string;
  body: string;
  /** The server ended the connection (FIN) rather than resetting it. */
  endedCleanly: boolean;
  /** Body bytes the client managed to hand to its socket before the answer came. */
  written: number;
}

/**
 * One request over a raw socket: the head, then `chunks` written one after the other for as long as the
 * server takes them (never the end of a chunked body), and whatever comes back until the server closes.
 */
function rawRequest(port: number, head: string, chunks: Generator<Buffer>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let written = 0;
    let answered = false;
    let endedCleanly = false;
    const pump = (): void => {
      for (let next = chunks.next(); !next.done && !answered; next = chunks.next()) {
        written += next.value.length;
        if (!socket.write(next.value)) return void socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
    socket.on('data', (data) => {
      answered = true;
      received.push(data);
    });
    socket.on('end', () => (endedCleanly = true));
    socket.on('error', () => undefined); // a write after the server's end; what was read is what counts
    socket.on('close', () => {
      const text = Buffer.concat(received).toString('utf8');
      const [headText = '', body = ''] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headText)?.[1] ?? NaN);
      resolve({ status, head: headText.toLowerCase(), body, endedCleanly, written });
    });
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`No answer in time; ${written} bytes written`));
    }, 30_000).unref();
  });
}

function* repeated(chunk: Buffer, times: number): Generator<Buffer> {
  for (let index = 0; index < times; index += 1) yield chunk;
}

/** HTTP/1.1 chunked framing of each chunk, and the final empty chunk when the body is to end. */
function* framed(chunks: Generator<Buffer>, ends = false): Generator<Buffer> {
  for (const chunk of chunks) yield Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  if (ends) yield Buffer.from('0\r\n\r\n');
}

describe('Bodies over the limit are refused without being read', () => {
  let t: TestApp;
  let port: number;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    token = await t.tokenFor('admin');
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  const headFor = (framing: string): string =>
    `POST /gantry/chat HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n${framing}\r\n`;

  function expectRefusal(answer: RawAnswer): void {
    expect(answer.status).toBe(413);
    expect(answer.head).toContain('connection: close');
    expect(JSON.parse(answer.body)).toMatchObject<Expected>({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'The request body is too large: this route accepts at most 256 KB',
      speech: 'The request body is too large: this route accepts at most 256 KB.',
    });
    expect(answer.endedCleanly).toBe(true); // the server's end after the answer, not a reset
  }

  it('answers 413 from the declared length, with a sentence and speech, and closes the connection unread', async () => {
    const megabyte = 1024 * 1024;
    const answer = await rawRequest(port, headFor(`Content-Length: ${8 * megabyte}\r\n`), repeated(Buffer.alloc(64 * 1024, 'a'), 128));
    expectRefusal(answer);
    // Nothing drained the body: the client could not hand over the 8 MB it declared before it had its answer.
    expect(answer.written).toBeLessThan(8 * megabyte);
  });

  it('cuts a chunked body off at the limit, though it never ends', async () => {
    const answer = await rawRequest(port, headFor('Transfer-Encoding: chunked\r\n'), framed(repeated(Buffer.alloc(16 * 1024, 'a'), 100_000)));
    expectRefusal(answer);
    expect(answer.written).toBeGreaterThan(BODY_LIMIT);
  });

  it('lets a chunked body under the limit through to the route', async () => {
    const body = JSON.stringify({ messages: 'not a list' });
    const answer = await rawRequest(port, headFor('Transfer-Encoding: chunked\r\nConnection: close\r\n'), framed(repeated(Buffer.from(body), 1), true));
    // The parsed body reached validation (a body the parser had not read would be a different sentence).
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject<Expected>({ statusCode: 400, message: expect.stringMatching(/messages/) });
  });

  it('gives fetch (which reads while it sends) the 413 too, and the next request on a new connection its answer', async () => {
    const base = `http://127.0.0.1:${port}`;
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const refused = await fetch(`${base}/gantry/chat`, { method: 'POST', headers, body: 'x'.repeat(1024 * 1024) });
    expect(refused.status).toBe(413);
    expect(refused.headers.get('connection')).toBe('close');
    expect(await refused.json()).toMatchObject<Expected>({ statusCode: 413, speech: expect.any(String) });
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
  });

  it('refuses a declared length over the limit whatever the route or method, before the route is even looked at', async () => {
    const head = `PUT /no/such/route HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${BODY_LIMIT + 1}\r\n\r\n`;
    const answer = await rawRequest(port, head, repeated(Buffer.alloc(1024, 'a'), 1));
    expectRefusal(answer);
  });
});

import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Requests Node's HTTP parser refuses before any middleware runs (a request line or headers past 16 KB, a
 * header line without a colon, a malformed chunk, both Content-Length and Transfer-Encoding): Node's default
 * answer is a bare status line with no body. Gantry's is the same status with {statusCode, error, message, speech}.
 */
const CASES: Array<{ name: string; raw: string; status: number }> = [
  { name: 'a request line over 16 KB', raw: `GET /gantry/status/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, status: 431 },
  { name: 'a header over 16 KB', raw: `GET /health HTTP/1.1\r\nHost: x\r\nX-Long: ${'a'.repeat(20_000)}\r\n\r\n`, status: 431 },
  { name: 'thousands of headers', raw: `GET /health HTTP/1.1\r\nHost: x\r\n${'X-A: a\r\n'.repeat(3_000)}\r\n`, status: 431 },
  { name: 'a header line without a colon', raw: 'GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', status: 400 },
  { name: 'a NUL in a header', raw: 'GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n', status: 400 },
  { name: 'a space in the path', raw: 'GET /gantry/status/a b HTTP/1.1\r\nHost: x\r\n\r\n', status: 400 },
  {
    name: 'Content-Length with Transfer-Encoding',
    raw: 'POST /gantry/auth HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    status: 400,
  },
  {
    name: 'a malformed chunk',
    raw: 'POST /gantry/auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
    status: 400,
  },
  { name: 'an unknown HTTP version', raw: 'GET /health HTTP/9.9\r\nHost: x\r\n\r\n', status: 400 },
];

/** Sends raw bytes and reads the answer until the server closes the connection (`halfClose`: end our side at once). */
function exchange(port: number, raw: string, halfClose = true): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    if (halfClose) socket.end(Buffer.from(raw, 'latin1'));
    else socket.write(Buffer.from(raw, 'latin1'));
  });
}

describe('Requests the HTTP parser refuses', () => {
  let t: TestApp;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp();
    server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it.each(CASES)('answer $name with $status and a JSON message and speech', async ({ raw, status }) => {
    const answer = await exchange(port, raw);
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`);
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(head.toLowerCase()).toContain('connection: close');
    const parsed = JSON.parse(body) as { statusCode: number; message: string; speech: string };
    expect(parsed.statusCode).toBe(status);
    expect(parsed.message.length).toBeGreaterThan(0);
    expect(parsed.speech.length).toBeGreaterThan(0);
    expect(answer).not.toContain('aaaaaaaaaa'); // nothing of the request is echoed back
  });

  it('answer an HTTP/1.1 request without Host with 400 and a JSON message and speech', async () => {
    const answer = await exchange(port, 'GET /health HTTP/1.1\r\n\r\n');
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    const parsed = JSON.parse(body) as { message: string; speech: string };
    expect(parsed.message).toContain('Host');
    expect(parsed.speech.length).toBeGreaterThan(0);
    expect((await exchange(port, 'GET /health HTTP/1.0\r\n\r\n', false)).split('\r\n')[0]).toBe('HTTP/1.1 200 OK'); // HTTP/1.0 has no Host rule
  });

  it('answer an Expect header other than 100-continue with 417 and a JSON message and speech', async () => {
    const answer = await exchange(port, 'GET /health HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nConnection: close\r\n\r\n', false);
    const [head = '', raw = ''] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 417 Expectation Failed');
    const body = JSON.parse(raw) as { message: string; speech: string };
    expect(body.message).toContain('Expect');
    expect(body.speech.length).toBeGreaterThan(0);
  });

  it('keeps serving ordinary requests afterwards', async () => {
    await t.anonymous.get('/health').expect(200);
  });
});

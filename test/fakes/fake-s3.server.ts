import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sigV4Problem } from './sigv4-verifier';
import { FAKE_AWS_CREDENTIALS } from './fake-bedrock.server';

export { FAKE_AWS_CREDENTIALS } from './fake-bedrock.server';

/** S3's own error codes, each with the status and message S3 answers it with. */
const ERRORS = {
  NoSuchKey: [404, 'The specified key does not exist.'],
  NoSuchBucket: [404, 'The specified bucket does not exist'],
  SignatureDoesNotMatch: [403, 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'],
  InvalidAccessKeyId: [403, 'The AWS Access Key Id you provided does not exist in our records.'],
  XAmzContentSHA256Mismatch: [400, 'The provided x-amz-content-sha256 header does not match what was computed.'],
  MethodNotAllowed: [405, 'The specified method is not allowed against this resource.'],
  InternalError: [500, 'We encountered an internal error. Please try again.'],
  SlowDown: [503, 'Please reduce your request rate.'],
} as const;

export type S3ErrorCode = keyof typeof ERRORS;

interface StoredObject {
  bytes: Buffer;
  etag: string;
  lastModified: Date;
  contentType: string;
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function flatHeaders(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : (value ?? '')]));
}

/**
 * A wire-level fake of Amazon S3's object API (path-style: `/<bucket>/<key>`), for the real
 * `@aws-sdk/client-s3`: HeadBucket, PutObject, GetObject and HeadObject, each request's SigV4 signature
 * and `x-amz-content-sha256` checked as S3 checks them, and errors as S3 sends them (an XML `<Error>`
 * body with Code, Message and RequestId; a HEAD gets the status alone). Faults can be injected, and a
 * stored object can be changed behind the client's back.
 */
export class FakeS3 {
  readonly calls: string[] = [];
  private readonly buckets = new Map<string, Map<string, StoredObject>>();
  private readonly faults: Array<{ code: S3ErrorCode; times: number }> = [];
  private server: Server | null = null;

  constructor(buckets: string[]) {
    for (const bucket of buckets) this.buckets.set(bucket, new Map());
  }

  async start(): Promise<string> {
    const server = createServer((request, response) => void this.handle(request, response));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next `times` requests answer this error. */
  fail(code: S3ErrorCode, times: number): void {
    this.faults.push({ code, times });
  }

  objects(bucket: string): Map<string, StoredObject> {
    const objects = this.buckets.get(bucket);
    if (!objects) throw new Error(`no bucket ${bucket}`);
    return objects;
  }

  /** Replaces a stored object's bytes without the client knowing. */
  tamper(bucket: string, key: string, bytes: Buffer): void {
    const stored = this.objects(bucket).get(key);
    if (!stored) throw new Error(`no object ${key}`);
    stored.bytes = bytes;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = request.method ?? 'GET';
    const rawPath = request.url ?? '/';
    const [bucket, ...rest] = decodeURIComponent(rawPath.split('?')[0].slice(1)).split('/');
    const key = rest.join('/');
    this.calls.push(`${method} /${bucket}${key ? `/${key}` : ''}`);
    const refusal = this.refusal(method, rawPath, flatHeaders(request), body) ?? this.missing(method, bucket, key);
    if (refusal) {
      this.error(response, method, refusal, key);
      return;
    }
    const objects = this.objects(bucket);
    if (!key) {
      this.answer(response, 200, { 'x-amz-bucket-region': FAKE_AWS_CREDENTIALS.region });
      return;
    }
    if (method === 'PUT') {
      this.put(response, objects, key, body, request.headers['content-type'] ?? 'binary/octet-stream');
      return;
    }
    const stored = this.objects(bucket).get(key);
    if (!stored) return;
    const headers = {
      'content-type': stored.contentType,
      'content-length': String(stored.bytes.length),
      etag: stored.etag,
      'last-modified': stored.lastModified.toUTCString(),
    };
    response.writeHead(200, { ...headers, 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase() });
    response.end(method === 'HEAD' ? undefined : stored.bytes);
  }

  /** What S3 answers a request for something that is not there, or a method it does not allow there. */
  private missing(method: string, bucket: string, key: string): S3ErrorCode | null {
    const objects = this.buckets.get(bucket);
    if (!objects) return 'NoSuchBucket';
    if (key ? !['GET', 'HEAD', 'PUT'].includes(method) : method !== 'HEAD') return 'MethodNotAllowed';
    if (method !== 'PUT' && key && !objects.has(key)) return 'NoSuchKey';
    return null;
  }

  private refusal(method: string, rawPath: string, headers: Record<string, string>, body: Buffer): S3ErrorCode | null {
    const fault = this.faults.find((candidate) => candidate.times > 0);
    if (fault) {
      fault.times -= 1;
      return fault.code;
    }
    const claimed = headers['x-amz-content-sha256'];
    if (claimed && claimed !== 'UNSIGNED-PAYLOAD' && claimed !== createHash('sha256').update(body).digest('hex')) return 'XAmzContentSHA256Mismatch';
    const problem = sigV4Problem({ method, rawPath, headers, body }, { ...FAKE_AWS_CREDENTIALS, service: 's3' });
    if (problem === null) return null;
    return problem.includes('security token') ? 'InvalidAccessKeyId' : 'SignatureDoesNotMatch';
  }

  private put(response: ServerResponse, objects: Map<string, StoredObject>, key: string, bytes: Buffer, contentType: string): void {
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    objects.set(key, { bytes, etag, lastModified: new Date(), contentType });
    this.answer(response, 200, { etag });
  }

  private answer(response: ServerResponse, status: number, headers: Record<string, string>): void {
    response.writeHead(status, { ...headers, 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(), 'content-length': '0' });
    response.end();
  }

  private error(response: ServerResponse, method: string, code: S3ErrorCode, key: string): void {
    const [status, message] = ERRORS[code];
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    if (method === 'HEAD') {
      response.writeHead(status, { 'x-amz-request-id': requestId });
      response.end();
      return;
    }
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${key ? `<Key>${xmlEscape(key)}</Key>` : ''}<RequestId>${requestId}</RequestId><HostId>${randomBytes(24).toString('base64')}</HostId></Error>`;
    response.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
    response.end(xml);
  }
}

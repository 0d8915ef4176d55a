import { createHash, createHmac } from 'node:crypto';

/**
 * Checks an AWS Signature Version 4 `Authorization` header the way AWS does: parses it, rebuilds the
 * canonical request from what arrived on the wire, and recomputes the signature with the known secret.
 * Written from the SigV4 specification, independently of the SDK's signer.
 */

export interface ReceivedRequest {
  method: string;
  /** The path as sent, still percent-encoded, with its query string if any. */
  rawPath: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface SigV4Expectation {
  accessKeyId: string;
  secretAccessKey: string;
  service: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, SignedHeaders=([a-z0-9;:-]+), Signature=([0-9a-f]{64})$/;

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function uriEscape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Services other than S3 encode each path segment once more when signing. */
function canonicalUri(path: string): string {
  return path.split('/').map(uriEscape).join('/');
}

function canonicalQuery(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .map((pair) => pair.split('=').map((part) => uriEscape(decodeURIComponent(part))))
    .sort(([a, av], [b, bv]) => (a === b ? (av ?? '').localeCompare(bv ?? '') : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value ?? ''}`)
    .join('&');
}

/** Null when the signature is valid; otherwise why not. */
export function sigV4Problem(request: ReceivedRequest, expected: SigV4Expectation): string | null {
  const match = AUTHORIZATION.exec(request.headers['authorization'] ?? '');
  if (!match) return 'missing or malformed AWS4-HMAC-SHA256 Authorization header';
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  if (accessKeyId !== expected.accessKeyId) return 'The security token included in the request is invalid.';
  if (service !== expected.service) return `credential scope names service ${service}, expected ${expected.service}`;
  const amzDate = request.headers['x-amz-date'];
  if (!amzDate?.startsWith(date)) return 'x-amz-date is missing or does not match the credential scope date';
  const [path, query = ''] = request.rawPath.split('?', 2);
  const names = signedHeaders.split(';');
  // Over HTTP/2 the SDK signs the :authority pseudo-header in place of host.
  if (!names.includes('host') && !names.includes(':authority')) return 'neither host nor :authority is signed';
  const headerLines = names.map((name) => `${name}:${(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [request.method, canonicalUri(path), canonicalQuery(query), headerLines, signedHeaders, sha256(request.body)].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${expected.secretAccessKey}`, date), region), service), 'aws4_request');
  const computed = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return computed === signature ? null : 'The request signature we calculated does not match the signature you provided.';
}

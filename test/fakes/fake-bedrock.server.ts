import { createServer, type Http2ServerRequest, type Http2ServerResponse, type ServerHttp2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { sigV4Problem } from './sigv4-verifier';
import { required } from '../support/expectations';

/**
 * A wire-level fake of Amazon Bedrock Runtime's Converse API. It speaks HTTP/2 in clear text (h2c: the
 * SDK's NodeHttp2Handler connects to an http:// endpoint with prior knowledge), verifies each request's
 * SigV4 signature with the known test secret, and answers with Bedrock's real shapes: the Converse body,
 * and errors as restJson1 sends them (status, `x-amzn-ErrorType` header, `{"message": ...}` body).
 */

export const FAKE_AWS_CREDENTIALS = {
  accessKeyId: 'AKIAGANTRYFAKETEST01',
  secretAccessKey: 'gantry-fake-secret/Key+ForSigV4Tests0123456',
  region: 'eu-west-1',
} as const;

export type BedrockErrorName =
  | 'ThrottlingException'
  | 'ServiceUnavailableException'
  | 'InternalServerException'
  | 'ModelNotReadyException'
  | 'ValidationException'
  | 'AccessDeniedException';

export type FakeBedrockAnswer =
  | { text: string; stopReason?: 'end_turn' | 'max_tokens' | 'stop_sequence'; usage?: { inputTokens: number; outputTokens: number } }
  | { error: BedrockErrorName; message?: string }
  /** Accepts the request and never answers (for timeouts and cancellation). */
  | { hang: true };

export interface FakeBedrockRequest {
  modelId: string;
  path: string;
  headers: Record<string, string>;
  /** The Converse request body as sent. */
  body: ConverseBody;
  signatureValid: boolean;
}

export interface ConverseBody {
  system?: Array<{ text: string }>;
  messages?: Array<{ role: string; content: Array<{ text?: string }> }>;
  inferenceConfig?: { maxTokens?: number };
}

/** The request's system prompt, or a clear failure when it carries none. */
export function systemPromptOf(request: FakeBedrockRequest): string {
  return required(request.body.system?.[0]?.text, 'a system prompt in the Bedrock request');
}

/** The text of the request's first message, or a clear failure when it carries none. */
export function firstMessageOf(request: FakeBedrockRequest): string {
  return required(request.body.messages?.[0]?.content[0]?.text, 'a first message with text in the Bedrock request');
}

export interface FakeBedrockOptions {
  /** Answered in order, one per request. */
  answers?: FakeBedrockAnswer[];
  /** Answers a request when the queue is empty (e.g. by looking at the system prompt). */
  respond?: (request: FakeBedrockRequest) => FakeBedrockAnswer;
}

export interface FakeBedrock {
  /** http://127.0.0.1:<port>: give it to the SDK as AWS_ENDPOINT_URL_BEDROCK_RUNTIME. */
  url: string;
  requests: FakeBedrockRequest[];
  enqueue(...answers: FakeBedrockAnswer[]): void;
  /** The environment that points the real SDK at this fake with the test credentials. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

const ERROR_STATUS: Record<BedrockErrorName, number> = {
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  ServiceUnavailableException: 503,
  InternalServerException: 500,
  ValidationException: 400,
  AccessDeniedException: 403,
};

const ERROR_MESSAGE: Record<BedrockErrorName, string> = {
  ThrottlingException: 'Too many requests, please wait before trying again.',
  ModelNotReadyException: 'Model is not ready to serve inference requests. The model is being loaded.',
  ServiceUnavailableException: 'Bedrock is unable to process your request.',
  InternalServerException: 'The server encountered an internal error while processing the request.',
  ValidationException: 'Malformed input request, please reformat your input and try again.',
  AccessDeniedException: 'You do not have access to the model with the specified model ID.',
};

const CONVERSE_PATH = /^\/model\/([^/]+)\/converse$/;

export async function startFakeBedrock(options: FakeBedrockOptions = {}): Promise<FakeBedrock> {
  const queue = [...(options.answers ?? [])];
  const requests: FakeBedrockRequest[] = [];
  const sessions = new Set<ServerHttp2Session>();
  const server = createServer();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('request', (req, res) => {
    void readBody(req).then((body) => handle(req, res, body));
  });

  function handle(req: Http2ServerRequest, res: Http2ServerResponse, raw: Buffer): void {
    const headers = flatHeaders(req);
    const path = req.url;
    const problem = sigV4Problem({ method: req.method, rawPath: path, headers, body: raw }, { ...FAKE_AWS_CREDENTIALS, service: 'bedrock' });
    const match = CONVERSE_PATH.exec(path.split('?')[0]);
    if (req.method !== 'POST' || !match) {
      sendError(res, 404, 'UnknownOperationException', `no such operation: ${req.method} ${path}`);
      return;
    }
    const request: FakeBedrockRequest = { modelId: decodeURIComponent(match[1]), path, headers, body: parseBody(raw), signatureValid: problem === null };
    requests.push(request);
    if (problem) {
      sendError(res, 403, problem.startsWith('The security token') ? 'UnrecognizedClientException' : 'InvalidSignatureException', problem);
      return;
    }
    const answer = queue.shift() ??
      options.respond?.(request) ?? { error: 'ValidationException', message: 'fake bedrock: no answer scripted for this request' };
    answerWith(res, answer, request);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    enqueue: (...answers) => void queue.push(...answers),
    env: () => ({
      AWS_ACCESS_KEY_ID: FAKE_AWS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_AWS_CREDENTIALS.secretAccessKey,
      AWS_REGION: FAKE_AWS_CREDENTIALS.region,
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: url,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

function answerWith(res: Http2ServerResponse, answer: FakeBedrockAnswer, request: FakeBedrockRequest): void {
  if ('hang' in answer) return;
  if ('error' in answer) {
    sendError(res, ERROR_STATUS[answer.error], answer.error, answer.message ?? ERROR_MESSAGE[answer.error]);
    return;
  }
  const inputTokens = answer.usage?.inputTokens ?? roughTokens(JSON.stringify(request.body));
  const outputTokens = answer.usage?.outputTokens ?? roughTokens(answer.text);
  sendJson(
    res,
    200,
    {},
    {
      metrics: { latencyMs: 42 },
      output: { message: { content: [{ text: answer.text }], role: 'assistant' } },
      stopReason: answer.stopReason ?? 'end_turn',
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    },
  );
}

function sendError(res: Http2ServerResponse, status: number, name: string, message: string): void {
  sendJson(res, status, { 'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/` }, { message });
}

function sendJson(res: Http2ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': crypto.randomUUID(), 'content-length': bytes.length, ...headers });
  res.end(bytes);
}

function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function flatHeaders(req: Http2ServerRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  headers.host ??= headers[':authority'] ?? '';
  return headers;
}

function parseBody(raw: Buffer): ConverseBody {
  try {
    return JSON.parse(raw.toString('utf8')) as ConverseBody;
  } catch {
    return {};
  }
}

function readBody(req: Http2ServerRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A wire-level fake of an OpenAI-compatible chat server (what Ollama and vLLM serve): POST /v1/chat/completions
 * with the real response shape, and errors as OpenAI sends them (`{"error": {message, type, param, code}}`).
 */

export type FakeOpenAiAnswer =
  | { content: string; finishReason?: 'stop' | 'length'; usage?: { promptTokens: number; completionTokens: number } }
  | { status: 400 | 401 | 429 | 500 | 503; message?: string }
  | { hang: true };

export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  max_tokens?: number;
}

export interface FakeOpenAiRequest {
  headers: Record<string, string | string[] | undefined>;
  body: ChatRequestBody;
}

export interface FakeOpenAi {
  /** The base URL to configure as OPENAI_BASE_URL (ends in /v1). */
  url: string;
  requests: FakeOpenAiRequest[];
  enqueue(...answers: FakeOpenAiAnswer[]): void;
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  429: { type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again later.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request.' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' },
};

export async function startFakeOpenAi(
  options: { answers?: FakeOpenAiAnswer[]; respond?: (request: FakeOpenAiRequest) => FakeOpenAiAnswer } = {},
): Promise<FakeOpenAi> {
  const queue = [...(options.answers ?? [])];
  const requests: FakeOpenAiRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => void readJson(req).then((body) => handle(req, res, body)));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function handle(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      sendError(res, 404, `Unknown request URL: ${String(req.method)} ${String(req.url)}`);
      return;
    }
    const request: FakeOpenAiRequest = { headers: req.headers, body: body as ChatRequestBody };
    requests.push(request);
    const answer = queue.shift() ?? options.respond?.(request) ?? { status: 400, message: 'fake openai: no answer scripted for this request' };
    if ('hang' in answer) return;
    if ('status' in answer) {
      sendError(res, answer.status, answer.message);
      return;
    }
    sendJson(res, 200, completion(request.body, answer));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    enqueue: (...answers) => void queue.push(...answers),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function completion(body: ChatRequestBody, answer: Extract<FakeOpenAiAnswer, { content: string }>) {
  const prompt = answer.usage?.promptTokens ?? Math.ceil(JSON.stringify(body.messages).length / 4);
  const completionTokens = answer.usage?.completionTokens ?? Math.ceil(answer.content.length / 4);
  return {
    id: `chatcmpl-${crypto.randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    system_fingerprint: 'fp_gantry_fake',
    choices: [{ index: 0, message: { role: 'assistant', content: answer.content }, logprobs: null, finish_reason: answer.finishReason ?? 'stop' }],
    usage: { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens },
  };
}

function sendError(res: ServerResponse, status: number, message?: string): void {
  const shape = ERROR_TYPES[status] ?? { type: 'invalid_request_error', code: null, message: 'Not found.' };
  sendJson(res, status, { error: { message: message ?? shape.message, type: shape.type, param: null, code: shape.code } });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${crypto.randomUUID().replace(/-/g, '')}` });
  res.end(JSON.stringify(body));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(null);
      }
    });
  });
}

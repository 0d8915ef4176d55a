import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  text?: string;
}

/** Fault injection: the next `times` requests matching `method path` answer `status` with `body`. */
export interface Fault {
  method: string;
  path: RegExp;
  times: number;
  answer: FakeAnswer;
}

/** A tiny JSON HTTP server for wire-level fakes: every call is logged, faults can be injected. */
export class FakeHttpServer {
  readonly calls: string[] = [];
  readonly bodies: FakeRequest[] = [];
  private readonly faults: Fault[] = [];
  private server: Server | null = null;

  constructor(private readonly route: (request: FakeRequest) => FakeAnswer) {}

  async start(): Promise<string> {
    const server = createServer((request, response) => void this.handle(request, response));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  fail(method: string, path: RegExp, times: number, answer: FakeAnswer): void {
    this.faults.push({ method, path, times, answer });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://fake');
    const text = Buffer.concat(chunks).toString('utf8');
    const fake: FakeRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    this.calls.push(`${fake.method} ${fake.path}`);
    this.bodies.push(fake);
    const fault = this.faults.find((candidate) => candidate.times > 0 && candidate.method === fake.method && candidate.path.test(fake.path));
    if (fault) fault.times -= 1;
    const answer = fault?.answer ?? this.route(fake);
    const payload = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    response.writeHead(answer.status, { 'Content-Type': answer.text !== undefined ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' });
    response.end(payload);
  }
}

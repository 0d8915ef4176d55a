import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { LlmCallFailedError } from '../../src/llm/llm.port';
import { AnswerTooLargeError, boundedFetch, boundedNodeStream, MAX_ANSWER_BYTES } from '../../src/llm/bounded-answer';
import { OpenAiLlmClient } from '../../src/llm/openai/openai-llm.client';
import { QUICK_RETRIES } from './llm-test-env';

const HUNDRED_MB = 100 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

/** A model server that answers with 100 MB, declared or not, and counts what it managed to send. */
async function hugeAnswerServer(declare: boolean): Promise<{ url: string; sent: () => number; close: () => Promise<void> }> {
  let sent = 0;
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json', ...(declare ? { 'Content-Length': String(HUNDRED_MB) } : {}) });
    const pump = (): void => {
      while (sent < HUNDRED_MB && !response.destroyed) {
        sent += CHUNK.length;
        if (!response.write(CHUNK)) return void response.once('drain', pump);
      }
      response.end();
    };
    response.write('{"choices":[{"message":{"content":"');
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    sent: () => sent,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("A model's answer is read with a byte limit", () => {
  it.each([true, false])('a 100 MB answer (Content-Length declared: %s) is refused without being read whole', async (declare) => {
    const server = await hugeAnswerServer(declare);
    try {
      const limit = 1024 * 1024;
      const reading = boundedFetch(limit)(`${server.url}/chat/completions`).then((response) => response.text());
      await expect(reading).rejects.toBeInstanceOf(AnswerTooLargeError);
      expect(server.sent()).toBeLessThan(HUNDRED_MB / 4);
    } finally {
      await server.close();
    }
  });

  it('through the OpenAI client, the call fails with a clear error and the answer is never stored', async () => {
    const server = await hugeAnswerServer(false);
    try {
      const client = new OpenAiLlmClient({ openaiBaseUrl: server.url, openaiModel: 'm', llmTimeoutMs: 20_000 }, QUICK_RETRIES, {});
      const call = client.complete({ system: 's', messages: [{ role: 'user', content: 'hi' }], maxOutputTokens: 16 });
      await expect(call).rejects.toBeInstanceOf(LlmCallFailedError);
      expect(server.sent()).toBeLessThan(MAX_ANSWER_BYTES * 4);
    } finally {
      await server.close();
    }
  });

  it('a Node stream (the AWS SDK) past the limit errors, and one declared too large is refused at once', async () => {
    const source = new PassThrough();
    const bounded = boundedNodeStream(source, undefined, 10);
    const failed = new Promise((resolve) => bounded.on('error', resolve));
    bounded.resume();
    source.write(Buffer.alloc(11));
    await expect(failed).resolves.toBeInstanceOf(AnswerTooLargeError);
    expect(() => boundedNodeStream(new PassThrough(), String(HUNDRED_MB))).toThrow(AnswerTooLargeError);
  });
});

/**
 * The peer of `npm run bench:api`: a bare NestJS 11 app on Express (no middleware, no guard, no database)
 * answering GET /health with a constant, in a child process of its own, forked by bench/api-load.ts
 * (`ServerProcess.startBare`). BENCH_BARE_ADAPTER=fastify runs the same app on Nest's Fastify adapter,
 * to show what a move of Gantry to Fastify could gain. It speaks the same IPC as bench/api-server.ts for what the throughput runs
 * need (CPU samples, stop), so both servers are measured the same way in the same run.
 */
import 'reflect-metadata';
import type { Server } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { CallMessage, ChildMessage } from './api-protocol';

const ANSWER = { status: 'online', speech: 'Gantry is online.' } as const;

@Controller('health')
class ConstantHealthController {
  @Get()
  get(): typeof ANSWER {
    return ANSWER;
  }
}

@Module({ controllers: [ConstantHealthController] })
class BareModule {}

function send(message: ChildMessage): void {
  if (process.connected) process.send?.(message);
}

async function main(): Promise<void> {
  const app: INestApplication =
    process.env.BENCH_BARE_ADAPTER === 'fastify'
      ? await NestFactory.create(BareModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(BareModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const close = (): void => void app.close().finally(() => process.exit(0));
  process.on('disconnect', close);
  process.on('message', (message: CallMessage) => {
    if (message?.kind !== 'call') return;
    if (message.name === 'cpu') {
      const usage = process.cpuUsage();
      const loop = performance.eventLoopUtilization();
      send({ kind: 'reply', id: message.id, result: { cpuMs: (usage.user + usage.system) / 1000, loopActiveMs: loop.active, loopIdleMs: loop.idle } });
    } else if (message.name === 'stop') {
      send({ kind: 'reply', id: message.id, result: null });
      close();
    } else {
      send({ kind: 'failed', id: message.id, message: `the bare app does not answer ${message.name}` });
    }
  });
  const address = (app.getHttpServer() as Server).address();
  send({ kind: 'ready', port: typeof address === 'object' && address ? address.port : 0, token: '' });
}

main().catch((error: unknown) => {
  send({ kind: 'boot-failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});

import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { NestFactory } from '@nestjs/core';
import { errorMessage } from '../kernel/error-message';
import { ProjectionRunner } from '../missions/read/projection-runner';
import type { FromReadSide, ReadSideThreadData, ToReadSide } from './read-side.protocol';
import { ReadSideModule } from './read-side.module';
import { WokenEventStore } from './woken-event-store';

/** The worker thread that runs the projections off the HTTP event loop (started by ReadSideThread). */
async function run(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('read-side.thread runs as a worker thread');
  const send = (message: FromReadSide) => port.postMessage(message);
  const { config } = workerData as ReadSideThreadData;
  try {
    const app = await NestFactory.createApplicationContext(ReadSideModule.forRoot(config), { logger: ['warn', 'error'], abortOnError: false });
    const store = app.get(WokenEventStore);
    app.get(ProjectionRunner).onApplied((missionIds) => send({ kind: 'applied', missionIds: [...missionIds] }));
    port.on('message', (message: ToReadSide) => {
      if (message.kind === 'appended') store.wake();
      else void app.close().finally(() => port.close());
    });
    send({ kind: 'ready' });
  } catch (error) {
    send({ kind: 'failed', message: errorMessage(error) });
    port.close();
  }
}

void run();

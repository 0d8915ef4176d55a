/**
 * The server side of `npm run bench:abuse`, forked by bench/abuse.bench.ts: Gantry's HTTP app as `gantry
 * serve` builds it, on 127.0.0.1 behind a trusted loopback proxy (so the bench can send guesses from many
 * addresses), against the scratch database in BENCH_ABUSE_DATABASE_URL, with the default limits, with its
 * own event-loop delay histogram (perf_hooks.monitorEventLoopDelay) that the parent resets and reads over
 * IPC. It adds BENCH_ABUSE_USERS users and hands the parent an API token for each.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../src/app.module';
import { ApiTokenStore } from '../src/auth/tokens/api-token-store';
import { ADMIN_NAME } from '../src/auth/users/user-name';
import { UsersService } from '../src/auth/users/users.service';
import { loadConfig } from '../src/config/gantry-config';
import { configureHttpApp } from '../src/http/http-app';

export interface DelayFigures {
  p50: number;
  p99: number;
  max: number;
  /** The server process's CPU time (all threads: the libuv pool's password hashing too) per wall-clock time since the reset, in percent of one core. */
  cpuPercent: number;
}

let phaseStarted = { cpu: process.cpuUsage(), at: performance.now() };

const histogram = monitorEventLoopDelay({ resolution: 10 });

/** BENCH_ABUSE_QUERIES=1: counts the server's SQL statements per phase (by their first words) and prints the most frequent. */
const queryCounts = new Map<string, number>();
function countQueries(): void {
  const query = Reflect.get(Client.prototype, 'query') as (...args: unknown[]) => unknown;
  Client.prototype.query = function (this: Client, ...args: unknown[]): unknown {
    const [first] = args;
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?');
    const key = text.replace(/\s+/g, ' ').slice(0, 90);
    queryCounts.set(key, (queryCounts.get(key) ?? 0) + 1);
    return query.apply(this, args);
  } as typeof Client.prototype.query;
}

function printQueryCounts(): void {
  if (queryCounts.size === 0) return;
  const top = [...queryCounts].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.error(top.map(([text, count]) => `    ${String(count).padStart(7)}  ${text}`).join('\n'));
}

async function boot(): Promise<void> {
  if (process.env.BENCH_ABUSE_QUERIES === '1') countQueries();
  const password = randomBytes(18).toString('base64url');
  process.env.GANTRY_PASSWORD = password;
  delete process.env.GANTRY_PASSWORD_HASH;
  const config = loadConfig(
    {
      DATABASE_URL: process.env.BENCH_ABUSE_DATABASE_URL ?? '',
      PORT: '0',
      TRUST_PROXY: 'loopback',
    },
    mkdtempSync(join(tmpdir(), 'gantry-bench-abuse-')),
  );
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { abortOnError: false, logger: ['error'] });
  configureHttpApp(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const tokenStore = app.get(ApiTokenStore, { strict: false });
  const token = (await tokenStore.create(ADMIN_NAME, 'bench')).token;
  const users = app.get(UsersService, { strict: false });
  const userTokens: string[] = [];
  for (let index = 0; index < Number(process.env.BENCH_ABUSE_USERS ?? '1'); index += 1) {
    const { name } = await users.add(`bench-user-${index}`); // one at a time: each is an argon2 hash
    userTokens.push((await tokenStore.create(name, 'bench')).token);
  }
  histogram.enable();
  process.on('message', (message: string) => {
    if (message === 'reset') {
      histogram.reset();
      queryCounts.clear();
      phaseStarted = { cpu: process.cpuUsage(), at: performance.now() };
    }
    if (message === 'read') {
      const cpu = process.cpuUsage(phaseStarted.cpu);
      const cpuPercent = (100 * (cpu.user + cpu.system)) / 1000 / (performance.now() - phaseStarted.at);
      const figures: DelayFigures = { p50: histogram.percentile(50) / 1e6, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, cpuPercent };
      printQueryCounts();
      process.send?.({ kind: 'delay', figures });
    }
    if (message === 'stop') void app.close().then(() => process.exit(0));
  });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
  process.send?.({ kind: 'ready', port, token, password, userTokens });
}

void boot().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

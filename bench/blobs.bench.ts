/**
 * `npm run bench:blobs`: the blob store that evidence and deployed releases live in, beside the local disk
 * they lived on before, in the same run. (1) put and get latency of evidence-sized blobs in PostgreSQL
 * against writeFile/readFile; (2) a deployed app's files served over HTTP from the store (one indexed
 * read of the live release per request, files by hash through the in-memory cache) against express.static
 * from a folder, both bare Express servers in this process, with autocannon.
 * Short settings: BENCH_BLOBS=50 BENCH_LARGE=3 BENCH_SECONDS=2.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import { PostgresBlobStore } from '../src/blob-store/postgres/postgres-blob-store';
import { Database } from '../src/database/database';
import { AppReleases } from '../src/deploy/local/app-releases';
import { findAppFile } from '../src/deploy/local/app-file';
import { GANTRY_SCHEMA } from '../src/gantry-schema';
import { BenchServer } from './bench-server';
import { fixed, ms, ratio, section, table } from './report';
import { positiveInt } from './settings';

const SMALL = positiveInt('BENCH_BLOBS', 300);
const LARGE = positiveInt('BENCH_LARGE', 10);
const SECONDS = positiveInt('BENCH_SECONDS', 5);
const CONNECTIONS = positiveInt('BENCH_CONNECTIONS', 10);

interface Latencies {
  p50: number;
  p99: number;
}

function percentiles(samples: number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

async function timeEach<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<Latencies> {
  const samples: number[] = [];
  for (const item of items) {
    const start = process.hrtime.bigint();
    await work(item);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return percentiles(samples);
}

async function diskPut(folder: string, name: string, bytes: Buffer): Promise<void> {
  const target = join(folder, name);
  await writeFile(`${target}.tmp`, bytes);
  await rename(`${target}.tmp`, target);
}

async function latencyRows(store: PostgresBlobStore, folder: string): Promise<string[][]> {
  const rows: string[][] = [];
  for (const [label, size, count] of [
    ['4 KiB', 4096, SMALL],
    ['1 MiB', 1024 * 1024, LARGE],
    ['4 MiB (4 chunks)', 4 * 1024 * 1024, LARGE],
  ] as const) {
    const blobs = Array.from({ length: count }, () => randomBytes(size));
    const keys: string[] = [];
    const pgPut = await timeEach(blobs, async (bytes) => keys.push(await store.put(bytes)));
    const pgGet = await timeEach(keys, (key) => store.get(key));
    const diskWrite = await timeEach(blobs, (bytes) => diskPut(folder, `${label.replace(/\W/g, '')}-${blobs.indexOf(bytes)}`, bytes));
    const diskRead = await timeEach(blobs, (bytes) => readFile(join(folder, `${label.replace(/\W/g, '')}-${blobs.indexOf(bytes)}`)));
    rows.push([
      label,
      String(count),
      ms(pgPut.p50),
      ms(pgPut.p99),
      ms(diskWrite.p50),
      ms(diskWrite.p99),
      ms(pgGet.p50),
      ms(pgGet.p99),
      ms(diskRead.p50),
      ms(diskRead.p99),
    ]);
  }
  return rows;
}

const SITE = {
  'index.html': `<!doctype html><title>Bench</title>${'<p>lorem ipsum</p>'.repeat(100)}`,
  'style.css': 'body { font-family: sans-serif; }\n'.repeat(50),
  'app.js': 'export const tip = (bill, percent) => Math.round(bill * percent) / 100;\n'.repeat(40),
};

async function listen(app: express.Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function hammer(url: string): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, timeout: 10 });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function servingRows(releases: AppReleases, folder: string): Promise<string[][]> {
  const files = Object.entries(SITE).map(([path, text]) => ({ path, content: Buffer.from(text) }));
  await releases.write('bench-app', 'ab'.repeat(32), 'bench', files);
  await releases.goLive('bench-app', 'ab'.repeat(32));
  for (const file of files) await writeFile(join(folder, file.path), file.content);

  const fromStore = express();
  fromStore.get('/apps/bench-app/*path', async (request, response) => {
    const live = await releases.live('bench-app');
    const found = live ? findAppFile(live.files, request.path.slice('/apps/bench-app/'.length), request.path) : null;
    const bytes = found?.kind === 'file' ? await releases.file(found.sha256) : null;
    if (bytes === null) response.status(404).end();
    else response.type('html').end(bytes);
  });
  const fromDisk = express();
  fromDisk.use('/apps/bench-app', express.static(folder, { etag: false, lastModified: false }));

  const rows: string[][] = [];
  const [store, disk] = [await listen(fromStore), await listen(fromDisk)];
  try {
    const storeRun = await hammer(`${store.url}/apps/bench-app/index.html`);
    const diskRun = await hammer(`${disk.url}/apps/bench-app/index.html`);
    rows.push([
      'index.html (2 KB)',
      fixed(storeRun.rps),
      fixed(storeRun.p99),
      String(storeRun.errors),
      fixed(diskRun.rps),
      fixed(diskRun.p99),
      String(diskRun.errors),
      ratio(storeRun.rps / diskRun.rps),
    ]);
  } finally {
    await store.close();
    await disk.close();
  }
  return rows;
}

async function main(): Promise<void> {
  const server = await BenchServer.start();
  const folder = mkdtempSync(join(tmpdir(), 'gantry-bench-blobs-'));
  const database = await Database.open({ databaseUrl: await server.createDatabase('gantry_blobs'), dataDir: folder, timeoutMs: 10_000, schema: GANTRY_SCHEMA });
  try {
    const store = new PostgresBlobStore(database.pool);
    console.log(
      `Node ${process.version}, ${cpus().length} CPU(s), load average ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')} at start; ${server.description}`,
    );
    section('Evidence: put and get, PostgreSQL blob store beside the local disk (temp file + rename, readFile)');
    mkdirSync(join(folder, 'disk'), { recursive: true });
    console.log(
      table(
        ['size', 'n', 'PG put p50', 'p99', 'disk put p50', 'p99', 'PG get p50', 'p99', 'disk get p50', 'p99'],
        await latencyRows(store, join(folder, 'disk')),
      ),
    );
    console.log('Milliseconds per call, one call at a time. A PG get checks the SHA-256 of what it read.');
    section(`A deployed app's page over HTTP: ${CONNECTIONS} connections, ${SECONDS} s each, bare Express in this process`);
    const site = join(folder, 'site');
    mkdirSync(site, { recursive: true });
    console.log(
      table(
        ['file', 'store req/s', 'p99 ms', 'errors', 'disk req/s', 'p99 ms', 'errors', 'store/disk'],
        await servingRows(new AppReleases(database.pool, store), site),
      ),
    );
    console.log('store: the live release read from PostgreSQL per request, the file by hash from the in-memory cache; disk: express.static.');
    console.log(
      `Load average at end: ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await database.close();
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

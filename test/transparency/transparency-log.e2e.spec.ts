import { loadConfig } from '../../src/config/gantry-config';
import { MemoryMerkleTree } from '../../src/kernel/transparency/memory-tree';
import { parseCheckpoint } from '../../src/kernel/transparency/checkpoint';
import { leafHashOfChainHash } from '../../src/kernel/transparency/merkle-hash';
import { verifyConsistency, verifyInclusion } from '../../src/kernel/transparency/merkle-proof';
import { parseVerifierKey, verifyNote } from '../../src/kernel/transparency/signed-note';
import { EVENT_STORE, type EventStore } from '../../src/missions/ports/event-store.port';
import type { ErrorBody, OpenApiBody } from '../support/bodies';
import { newEvent, uniqueStream } from '../support/events';
import { createTestApp, type TestApp } from '../support/test-app';
import { until } from './log-parts';

interface InclusionBody {
  leaf_index: number;
  tree_size: number;
  leaf_hash: string;
  proof: string[];
  speech: string;
}
interface ConsistencyBody {
  from: number;
  to: number;
  proof: string[];
}

const hashes = (proof: string[]): Buffer[] => proof.map((hash) => Buffer.from(hash, 'hex'));

describe('The transparency log over HTTP', () => {
  let t: TestApp;
  let vkey: string;

  beforeAll(async () => {
    t = await createTestApp({
      config: { transparencyLog: { ...loadConfig({}).transparencyLog, checkpointIntervalMs: 100 } },
    });
    const store = t.app.get<EventStore>(EVENT_STORE);
    const stream = uniqueStream('log-http');
    await store.append(stream, [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');
    await store.append(stream, [newEvent('D'), newEvent('E')], 2);
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  async function checkpoint(): Promise<{ size: number; root: Buffer }> {
    const response = await t.anonymous.get('/gantry/log/checkpoint');
    const text = verifyNote(response.text, vkey);
    if (!text.valid) throw new Error(text.reason);
    const parsed = parseCheckpoint(text.text);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.checkpoint;
  }

  it('serves the verifier key to anyone, as text', async () => {
    const response = await t.anonymous.get('/gantry/log/key').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    vkey = response.text.trim();
    expect(parseVerifierKey(vkey)).toMatchObject({ ok: true, key: { name: t.config.transparencyLog.origin } });
  });

  it('serves the latest signed checkpoint to anyone, covering the events within seconds', async () => {
    await until(async () => (await t.anonymous.get('/gantry/log/checkpoint')).status === 200 && (await checkpoint()).size >= 5);
    const response = await t.anonymous.get('/gantry/log/checkpoint').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect((await checkpoint()).size).toBe(5);
  });

  it('proves inclusion and consistency to a signed-in caller, in hex, against the signed checkpoint', async () => {
    const { size, root } = await checkpoint();
    const events = await t.app.get<EventStore>(EVENT_STORE).readAll();
    for (let leaf = 0; leaf < size; leaf += 1) {
      const body = (await t.http.get(`/gantry/log/proof/inclusion?leaf=${leaf}&size=${size}`).expect(200)).body as InclusionBody;
      expect(body.leaf_hash).toBe(leafHashOfChainHash(events.events[leaf].hash).toString('hex'));
      expect(verifyInclusion(Buffer.from(body.leaf_hash, 'hex'), leaf, size, hashes(body.proof), root)).toBe(true);
    }
    const three = (await t.http.get('/gantry/log/proof/inclusion?leaf=0&size=3').expect(200)).body as InclusionBody;
    expect(three.proof).toHaveLength(2);
    const body = (await t.http.get(`/gantry/log/proof/consistency?from=3&to=${size}`).expect(200)).body as ConsistencyBody;
    const treeOf3 = new MemoryMerkleTree();
    treeOf3.append(...events.events.slice(0, 3).map((event) => leafHashOfChainHash(event.hash)));
    expect(body).toMatchObject({ from: 3, to: size });
    expect(verifyConsistency(3, size, treeOf3.root(), root, hashes(body.proof))).toBe(true);
    expect(verifyConsistency(3, size, Buffer.alloc(32), root, hashes(body.proof))).toBe(false);
  });

  it('asks for a caller before any proof', async () => {
    await t.anonymous.get('/gantry/log/proof/inclusion?leaf=0&size=1').expect(401);
    await t.anonymous.get('/gantry/log/proof/consistency?from=1&to=2').expect(401);
  });

  it.each([
    ['inclusion?leaf=abc&size=3'],
    ['inclusion?leaf=-1&size=3'],
    ['inclusion?leaf=1.5&size=3'],
    ['inclusion?leaf=1e2&size=300'],
    ['inclusion?size=3'],
    ['inclusion?leaf=0'],
    ['inclusion?leaf=0&leaf=1&size=3'],
    ['inclusion?leaf=3&size=3'],
    ['inclusion?leaf=0&size=0'],
    ['inclusion?leaf=0&size=6'],
    ['inclusion?leaf=0&size=99999999999999999999'],
    ['consistency?from=3&to=2'],
    ['consistency?from=0&to=2'],
    ['consistency?from=1&to=6'],
    ['consistency?from=x&to=2'],
    ['consistency?from=1'],
  ])('answers 400 with a sentence, never a 500, to /gantry/log/proof/%s', async (query) => {
    const response = await t.http.get(`/gantry/log/proof/${query}`).expect(400);
    const body = response.body as ErrorBody;
    expect(body.speech).toEqual(expect.stringMatching(/\w+/));
    expect(body.message).toEqual(expect.any(String));
  });

  it('lists its routes in the OpenAPI document', async () => {
    const document = (await t.http.get('/openapi.json').expect(200)).body as OpenApiBody;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/gantry/log/key', '/gantry/log/checkpoint', '/gantry/log/proof/inclusion', '/gantry/log/proof/consistency']),
    );
  });
});

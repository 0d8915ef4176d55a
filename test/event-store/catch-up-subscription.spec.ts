import { CatchUpSubscription } from '../../src/missions/application/feed/catch-up-subscription';
import { CheckpointMovedError } from '../../src/missions/ports/checkpoint-store.port';
import { START, type RecordedEvent } from '../../src/missions/ports/event-store.port';
import { PostgresCheckpointStore } from '../../src/missions/infrastructure/postgres-checkpoint-store';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { newEvent, uniqueStream } from '../support/events';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('CatchUpSubscription with a durable checkpoint', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.database.pool);
    checkpoints = new PostgresCheckpointStore(db.database.pool);
  });
  afterAll(async () => db.drop());

  it('resumes after the last handled event when started again', async () => {
    const stream = uniqueStream();
    await store.append(stream, [newEvent('A'), newEvent('B')], 'no_stream');
    const first: string[] = [];
    await new CatchUpSubscription('resume', store, checkpoints, async (e) => void first.push(e.type)).catchUp();
    await store.append(stream, [newEvent('C')], 1);
    const second: string[] = [];
    const handled = await new CatchUpSubscription('resume', store, checkpoints, async (e) => void second.push(e.type)).catchUp();
    expect(first).toEqual(['A', 'B']);
    expect(second).toEqual(['C']);
    expect(handled).toBe(1);
  });

  it('does not move the checkpoint past an event whose handler failed', async () => {
    const stream = uniqueStream();
    await store.append(stream, [newEvent('Good'), newEvent('Poison'), newEvent('After')], 'no_stream');
    const failing = new CatchUpSubscription('poison', store, checkpoints, async (event) => {
      if (event.type === 'Poison') throw new Error('handler failed');
    });
    await expect(failing.catchUp()).rejects.toThrow('handler failed');
    const retried: string[] = [];
    await new CatchUpSubscription('poison', store, checkpoints, async (e) => void retried.push(e.type)).catchUp();
    expect(retried).toEqual(['Poison', 'After']);
  });

  it('follows new appends while running, woken by the append', async () => {
    const stream = uniqueStream();
    const seen: RecordedEvent[] = [];
    let arrived: () => void = () => undefined;
    const subscription = new CatchUpSubscription('live', store, checkpoints, async (event) => {
      if (event.stream !== stream) return;
      seen.push(event);
      if (seen.length === 3) arrived();
    }, { pollIntervalMs: 60_000 });
    const allArrived = new Promise<void>((resolve) => (arrived = resolve));
    subscription.start();
    await store.append(stream, [newEvent('A')], 'no_stream');
    await store.append(stream, [newEvent('B'), newEvent('C')], 0);
    await allArrived;
    await subscription.stop();
    expect(seen.map((event) => event.revision)).toEqual([0, 1, 2]);
  });

  it('refuses to save over a checkpoint that another process moved', async () => {
    await checkpoints.save('contended', START, '5/10');
    await expect(checkpoints.save('contended', START, '5/11')).rejects.toBeInstanceOf(CheckpointMovedError);
    await expect(checkpoints.save('contended', '5/9', '5/12')).rejects.toBeInstanceOf(CheckpointMovedError);
    await checkpoints.save('contended', '5/10', '6/1');
    expect(await checkpoints.load('contended')).toBe('6/1');
  });
});

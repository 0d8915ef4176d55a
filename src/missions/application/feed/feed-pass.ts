import type { EventStore, GlobalPosition, ReadAllResult, RecordedEvent } from '../../ports/event-store.port';
import type { FeedFailure, FeedProcessor } from './feed-processor';

export type { FeedFailure } from './feed-processor';
import type { PoisonWatch } from './poison-watch';

/** All the feed consumer needs of the event store: reading the global feed. */
export type FeedReader = Pick<EventStore, 'readAll'>;

export interface PassOptions {
  batchSize: number;
  /** Leaves a checkpoint out of this pass (e.g. while it waits to retry). */
  skip(checkpoint: string, at: GlobalPosition): boolean;
  /** Events to hand a checkpoint at once (fewer while a suspect event is handed over alone); `batchSize` when absent. */
  batchSizeFor?(checkpoint: string, at: GlobalPosition): number;
  onFailure(failure: FeedFailure): void | Promise<void>;
  onSuccess?(checkpoints: readonly string[]): void;
}

/** A processor's checkpoints that stand at the same position. */
interface Member {
  processor: FeedProcessor;
  checkpoints: string[];
}

/** The checkpoints that stand at one position and read the same number of events from there. */
interface Group {
  from: GlobalPosition;
  size: number;
  members: Member[];
}

/**
 * One page of the feed for each position a checkpoint stands at, handed to every processor with a
 * checkpoint there: one read however many processors share the position. Resolves with the number of
 * events read, 0 when all are caught up. A processor that fails is reported and does not stop the others.
 */
export async function feedPass(feed: FeedReader, processors: readonly FeedProcessor[], options: PassOptions): Promise<number> {
  let read = 0;
  for (const group of await groupByPosition(processors, options)) read += await readAndHand(feed, group, options);
  return read;
}

/**
 * Passes until every checkpoint is caught up, for tests, rebuilds and tools. With a poison watch, an event
 * a processor cannot handle is parked and the drain goes on past it; a checkpoint that fails otherwise (a
 * transient failure, or a processor that never parks) sits out the rest of the drain while the others go
 * on, and the first such failure is thrown at the end.
 */
export async function drainFeed(feed: FeedReader, processors: readonly FeedProcessor[], batchSize: number, watch?: PoisonWatch): Promise<number> {
  const failed = new Set<string>();
  const errors: unknown[] = [];
  const options: PassOptions = {
    batchSize,
    skip: (checkpoint) => failed.has(checkpoint),
    batchSizeFor: (checkpoint, at) => watch?.batchSize(checkpoint, at, batchSize) ?? batchSize,
    onSuccess: (checkpoints) => checkpoints.forEach((checkpoint) => watch?.succeeded(checkpoint)),
    onFailure: async (failure) => {
      const verdict = (await watch?.inspect(failure)) ?? { parked: [], isolating: [] };
      const settled = new Set([...verdict.parked, ...verdict.isolating]);
      const stuck = failure.checkpoints.filter((checkpoint) => !settled.has(checkpoint));
      if (stuck.length > 0 || failure.checkpoints.length === 0) errors.push(failure.error);
      stuck.forEach((checkpoint) => failed.add(checkpoint));
    },
  };
  let read = 0;
  for (let step = -1; step !== 0; read += step) step = await feedPass(feed, processors, options);
  if (errors.length > 0) throw errors[0];
  return read;
}

async function groupByPosition(processors: readonly FeedProcessor[], options: PassOptions): Promise<Group[]> {
  const groups = new Map<string, Group>();
  for (const processor of processors) {
    const positions = await processor.positions().catch((error: unknown) => fail(processor, [], null, [], error, options));
    for (const [checkpoint, position] of positions ?? []) {
      if (!options.skip(checkpoint, position)) join(groups, position, options.batchSizeFor?.(checkpoint, position) ?? options.batchSize, processor, checkpoint);
    }
  }
  return [...groups.values()];
}

function join(groups: Map<string, Group>, from: GlobalPosition, size: number, processor: FeedProcessor, checkpoint: string): void {
  const key = `${from} ${size}`;
  const group = groups.get(key) ?? { from, size, members: [] };
  const member = group.members.find((candidate) => candidate.processor === processor);
  if (member) member.checkpoints.push(checkpoint);
  else group.members.push({ processor, checkpoints: [checkpoint] });
  groups.set(key, group);
}

async function readAndHand(feed: FeedReader, { from, size, members }: Group, options: PassOptions): Promise<number> {
  let page: ReadAllResult;
  try {
    page = await feed.readAll({ after: from, maxCount: size });
  } catch (error) {
    for (const { processor, checkpoints } of members) await fail(processor, checkpoints, from, [], error, options);
    return 0;
  }
  if (page.events.length === 0) return 0;
  const hand = ({ processor, checkpoints }: Member): Promise<void> =>
    processor.handleBatch({ events: page.events, from, to: page.last, checkpoints }).then(
      () => options.onSuccess?.(checkpoints),
      (error: unknown) => fail(processor, checkpoints, from, page.events, error, options),
    );
  await Promise.all(members.map(hand));
  return page.events.length;
}

async function fail(
  processor: FeedProcessor,
  checkpoints: readonly string[],
  from: GlobalPosition | null,
  events: readonly RecordedEvent[],
  error: unknown,
  options: PassOptions,
): Promise<undefined> {
  processor.forgetPositions();
  await options.onFailure({ processor, checkpoints, from, events, error });
  return undefined;
}

import type { EventStore, GlobalPosition, ReadAllResult } from '../../ports/event-store.port';
import type { FeedProcessor } from './feed-processor';

/** All the feed consumer needs of the event store: reading the global feed. */
export type FeedReader = Pick<EventStore, 'readAll'>;

export interface FeedFailure {
  processor: FeedProcessor;
  /** The checkpoints the processor failed to move; none when it could not tell where they stand. */
  checkpoints: readonly string[];
  /** Where they stood; null when the processor could not tell. */
  from: GlobalPosition | null;
  error: unknown;
}

export interface PassOptions {
  batchSize: number;
  /** Leaves a checkpoint out of this pass (e.g. while it waits to retry). */
  skip(checkpoint: string, at: GlobalPosition): boolean;
  onFailure(failure: FeedFailure): void;
  onSuccess?(checkpoints: readonly string[]): void;
}

/** A processor's checkpoints that stand at the same position. */
interface Member {
  processor: FeedProcessor;
  checkpoints: string[];
}

/**
 * One page of the feed for each position a checkpoint stands at, handed to every processor with a
 * checkpoint there: one read however many processors share the position. Resolves with the number of
 * events read, 0 when all are caught up. A processor that fails is reported and does not stop the others.
 */
export async function feedPass(feed: FeedReader, processors: readonly FeedProcessor[], options: PassOptions): Promise<number> {
  let read = 0;
  for (const [from, members] of await groupByPosition(processors, options)) read += await readAndHand(feed, from, members, options);
  return read;
}

/**
 * Passes until every checkpoint is caught up, for tests, rebuilds and tools. A checkpoint that fails sits
 * out the rest of the drain while the others go on; the first failure is thrown at the end.
 */
export async function drainFeed(feed: FeedReader, processors: readonly FeedProcessor[], batchSize: number): Promise<number> {
  const failed = new Set<string>();
  const errors: unknown[] = [];
  const options: PassOptions = {
    batchSize,
    skip: (checkpoint) => failed.has(checkpoint),
    onFailure: ({ checkpoints, error }) => {
      errors.push(error);
      checkpoints.forEach((checkpoint) => failed.add(checkpoint));
    },
  };
  let read = 0;
  for (let step = -1; step !== 0; read += step) step = await feedPass(feed, processors, options);
  if (errors.length > 0) throw errors[0];
  return read;
}

async function groupByPosition(processors: readonly FeedProcessor[], options: PassOptions): Promise<Map<GlobalPosition, Member[]>> {
  const groups = new Map<GlobalPosition, Member[]>();
  for (const processor of processors) {
    const positions = await processor.positions().catch((error: unknown) => fail(processor, [], null, error, options));
    for (const [checkpoint, position] of positions ?? []) {
      if (!options.skip(checkpoint, position)) join(groups, position, processor, checkpoint);
    }
  }
  return groups;
}

function join(groups: Map<GlobalPosition, Member[]>, position: GlobalPosition, processor: FeedProcessor, checkpoint: string): void {
  const members = groups.get(position) ?? [];
  const member = members.find((candidate) => candidate.processor === processor);
  if (member) member.checkpoints.push(checkpoint);
  else members.push({ processor, checkpoints: [checkpoint] });
  groups.set(position, members);
}

async function readAndHand(feed: FeedReader, from: GlobalPosition, members: Member[], options: PassOptions): Promise<number> {
  let page: ReadAllResult;
  try {
    page = await feed.readAll({ after: from, maxCount: options.batchSize });
  } catch (error) {
    members.forEach(({ processor, checkpoints }) => fail(processor, checkpoints, from, error, options));
    return 0;
  }
  if (page.events.length === 0) return 0;
  const hand = ({ processor, checkpoints }: Member): Promise<void> =>
    processor.handleBatch({ events: page.events, from, to: page.last, checkpoints }).then(
      () => options.onSuccess?.(checkpoints),
      (error: unknown) => fail(processor, checkpoints, from, error, options),
    );
  await Promise.all(members.map(hand));
  return page.events.length;
}

function fail(processor: FeedProcessor, checkpoints: readonly string[], from: GlobalPosition | null, error: unknown, options: PassOptions): undefined {
  processor.forgetPositions();
  options.onFailure({ processor, checkpoints, from, error });
  return undefined;
}

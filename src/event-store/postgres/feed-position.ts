import { START, type GlobalPosition } from '../../missions/ports/event-store.port';

/** A position in the PostgreSQL global feed: the writing transaction's id, then the row's sequence number. */
export interface FeedPosition {
  transactionId: string;
  globalPosition: string;
}

const FORMAT = /^(\d+)\/(\d+)$/;

export function encodeFeedPosition(position: FeedPosition): GlobalPosition {
  return `${position.transactionId}/${position.globalPosition}`;
}

export function decodeFeedPosition(position: GlobalPosition): FeedPosition {
  if (position === START) return { transactionId: '0', globalPosition: '0' };
  const match = FORMAT.exec(position);
  if (!match) throw new Error(`"${position}" is not a position of the PostgreSQL event store`);
  return { transactionId: match[1], globalPosition: match[2] };
}

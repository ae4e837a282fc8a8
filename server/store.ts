/**
 * Where a relay keeps each answer's events, so that any instance sharing the store can
 * replay them to a reconnecting client and follow the rest live.
 *
 * An answer's events are numbered 1, 2, 3… in arrival order (the SSE `id:` sent to the
 * widget). The last event of an answer carries `end`; nothing follows it.
 */
export interface StoredEvent {
  /** Position in the answer, from 1. */
  seq: number;
  /** The SSE `data` exactly as the upstream sent it (or the relay's own error payload). */
  data?: string;
  /** The SSE `event` name the upstream gave, if any. */
  event?: string;
  /** The upstream's own event id, if it sent one (to resume the upstream after a takeover). */
  upstreamId?: string;
  /** Set on the last event: why the answer ended. */
  end?: 'done' | 'error' | 'cancelled';
}

/** One read: events after the given position, and whether the last of them ends the answer. */
export interface ReadResult {
  events: StoredEvent[];
  ended: boolean;
}

export interface EventStore {
  /** `memory` or `redis`, for /health. */
  readonly kind: string;
  /** Whether other instances share it (and can take an answer over). */
  readonly shared: boolean;
  /**
   * Registers a new answer owned by `owner` (an instance id). False when the stream id
   * is already known: the request is then a resume.
   */
  create(streamId: string, owner: string): Promise<boolean>;
  /** Whether the stream is stored (not expired, not unknown). */
  known(streamId: string): Promise<boolean>;
  /** Appends events in order (their `seq` chosen by the owner, each one more than the last). */
  append(streamId: string, events: readonly StoredEvent[]): Promise<void>;
  /**
   * Events after `afterSeq`; waits up to `waitMs` for at least one when none is there yet
   * (an empty result then means: nothing new yet).
   */
  read(streamId: string, afterSeq: number, waitMs: number): Promise<ReadResult>;
  /** Every stored event (for a takeover: what the upstream already sent). */
  all(streamId: string): Promise<StoredEvent[]>;
  /** Whether the stream's owner is alive (its lease is held). */
  ownerAlive(streamId: string): Promise<boolean>;
  /** Takes the lease of a stream whose owner is gone; false when another instance has it. */
  claim(streamId: string, owner: string): Promise<boolean>;
  /** Keeps this owner's leases alive; returns the stream ids whose lease it lost. */
  renew(streamIds: readonly string[], owner: string): Promise<string[]>;
  /** Gives a lease up (the answer ended). */
  release(streamId: string, owner: string): Promise<void>;
  /** Counts a client attaching to the stream; returns the new attach count. */
  attach(streamId: string): Promise<number>;
  /** The current attach count (a later attach means a resume reached some instance). */
  attaches(streamId: string): Promise<number>;
  /** Asks the stream's owner, wherever it runs, to cancel its upstream request. */
  cancel(streamId: string): Promise<void>;
  /** Called with a stream id whenever any instance asks for a cancel. */
  onCancel(listener: (streamId: string) => void): void;
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The store could not be reached or failed: the relay answers 503. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

import { StoreError, type EventStore, type ReadResult, type StoredEvent } from './store.js';

interface MemoryStream {
  events: StoredEvent[];
  owner?: string;
  attaches: number;
  expiresAt: number;
  /** Readers waiting for the next event. */
  waiters: Set<() => void>;
}

export interface MemoryStoreOptions {
  /** How long an answer stays replayable after its last event (ms). */
  ttlMs?: number;
  /** Events kept per answer; older ones are dropped (a resume from before them replays from the oldest kept). */
  maxEvents?: number;
}

/**
 * The default store: one process, nothing to install. Resumes work against the instance
 * that streamed the answer; a second instance cannot see these events (use Redis).
 */
export class MemoryStore implements EventStore {
  readonly shared = false;
  readonly kind = 'memory';
  private readonly streams = new Map<string, MemoryStream>();
  private readonly cancelListeners: ((streamId: string) => void)[] = [];
  private readonly ttlMs: number;
  private readonly maxEvents: number;
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor({ ttlMs = 10 * 60_000, maxEvents = 10_000 }: MemoryStoreOptions = {}) {
    this.ttlMs = ttlMs;
    this.maxEvents = maxEvents;
    this.sweeper = setInterval(() => this.sweep(), Math.min(ttlMs, 60_000));
    this.sweeper.unref();
  }

  async create(streamId: string, owner: string): Promise<boolean> {
    if (this.live(streamId)) return false;
    this.streams.set(streamId, { events: [], owner, attaches: 0, expiresAt: Date.now() + this.ttlMs, waiters: new Set() });
    return true;
  }

  async known(streamId: string): Promise<boolean> {
    return this.live(streamId) !== undefined;
  }

  async append(streamId: string, events: readonly StoredEvent[]): Promise<void> {
    const stream = this.live(streamId);
    if (!stream) return;
    for (const event of events) {
      const last = stream.events.at(-1);
      // Positions only grow: a stale owner (one that lost its lease) cannot write over another.
      if (last && event.seq <= last.seq) throw new StoreError(`Event ${event.seq} of stream ${streamId} is already stored.`);
      stream.events.push(event);
      if (stream.events.length > this.maxEvents) stream.events.shift();
    }
    stream.expiresAt = Date.now() + this.ttlMs;
    for (const wake of stream.waiters) wake();
    stream.waiters.clear();
  }

  async read(streamId: string, afterSeq: number, waitMs: number): Promise<ReadResult> {
    const stream = this.live(streamId);
    if (!stream) return { events: [], ended: true };
    let events = stream.events.filter((e) => e.seq > afterSeq);
    if (!events.length && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done() {
          clearTimeout(timer);
          stream!.waiters.delete(done);
          resolve();
        }
        stream.waiters.add(done);
      });
      events = stream.events.filter((e) => e.seq > afterSeq);
    }
    return { events, ended: events.at(-1)?.end !== undefined };
  }

  async all(streamId: string): Promise<StoredEvent[]> {
    return [...(this.live(streamId)?.events ?? [])];
  }

  async ownerAlive(streamId: string): Promise<boolean> {
    return this.live(streamId)?.owner !== undefined;
  }

  async claim(streamId: string, owner: string): Promise<boolean> {
    const stream = this.live(streamId);
    if (!stream || stream.owner !== undefined) return false;
    stream.owner = owner;
    return true;
  }

  async renew(streamIds: readonly string[], owner: string): Promise<string[]> {
    return streamIds.filter((id) => this.live(id)?.owner !== owner);
  }

  async release(streamId: string, owner: string): Promise<void> {
    const stream = this.live(streamId);
    if (stream?.owner === owner) stream.owner = undefined;
  }

  async attach(streamId: string): Promise<number> {
    const stream = this.live(streamId);
    return stream ? ++stream.attaches : 0;
  }

  async attaches(streamId: string): Promise<number> {
    return this.live(streamId)?.attaches ?? 0;
  }

  async cancel(streamId: string): Promise<void> {
    for (const listener of this.cancelListeners) listener(streamId);
  }

  onCancel(listener: (streamId: string) => void): void {
    this.cancelListeners.push(listener);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  private live(streamId: string): MemoryStream | undefined {
    const stream = this.streams.get(streamId);
    if (stream && stream.expiresAt <= Date.now() && stream.owner === undefined) {
      this.streams.delete(streamId);
      return undefined;
    }
    return stream;
  }

  private sweep(): void {
    for (const id of this.streams.keys()) this.live(id);
  }
}

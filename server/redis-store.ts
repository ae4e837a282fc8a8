import { createClient } from 'redis';
import { StoreError, type EventStore, type ReadResult, type StoredEvent } from './store.js';

type Client = ReturnType<typeof createClient>;

export interface RedisStoreOptions {
  /** `redis://host:port` (or `rediss://…`). */
  url: string;
  /** How long an answer stays replayable after its last event (ms). */
  ttlMs?: number;
  /** Events kept per answer (XADD MAXLEN ~). */
  maxEvents?: number;
  /** An owner's lease: another instance takes a stream over this long after its owner died (ms). */
  leaseMs?: number;
  /** A store operation failing or waiting longer than this is an error (ms): the relay answers 503. */
  timeoutMs?: number;
  /** Connections reserved for blocking reads (XREAD BLOCK) of streams owned by other instances. */
  maxBlockingConnections?: number;
}

const CANCEL_CHANNEL = 'stream-chat:cancel';
const READ_COUNT = 512;

// Compare-and-act scripts: only the lease holder may extend or drop its lease.
// RENEW takes three keys per stream (owner, events, meta) and keeps the answer's TTL too.
const RENEW = `local lost = {}
for i = 1, #KEYS, 3 do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
    redis.call('EXPIRE', KEYS[i + 1], ARGV[3])
    redis.call('EXPIRE', KEYS[i + 2], ARGV[3])
  else
    lost[#lost + 1] = (i + 2) / 3
  end
end
return lost`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** The keys of one stream; the `{id}` hash tag keeps them in one cluster slot. */
const keys = (id: string) => ({
  events: `stream-chat:{${id}}:events`,
  meta: `stream-chat:{${id}}:meta`,
  owner: `stream-chat:{${id}}:owner`,
  attaches: `stream-chat:{${id}}:attaches`,
});

/**
 * Redis Streams as the shared store: each answer is a stream (`XADD` with explicit ids
 * `0-<seq>`, trimmed with `MAXLEN ~`, expiring with `EXPIRE`); readers of an answer this
 * instance writes are woken in-process, readers of another instance's answer wait with
 * `XREAD BLOCK` on a connection of their own (a blocking command would stall every other
 * command pipelined on a shared connection). Owners hold a lease key with a short TTL
 * that they renew; a cancel is published on a channel every instance subscribes to.
 * Commands are never queued while Redis is unreachable: they fail, within `timeoutMs`.
 */
export class RedisStore implements EventStore {
  readonly shared = true;
  readonly kind = 'redis';
  private readonly client: Client;
  private readonly subscriber: Client;
  private readonly idleBlocking: Client[] = [];
  /** Every blocking connection, idle or busy. */
  private readonly blockingClients = new Set<Client>();
  private readonly writing = new Set<string>();
  /** The last position this process appended to each stream it writes. */
  private readonly lastAppended = new Map<string, number>();
  /** Readers waiting for this process's next append to a stream. */
  private readonly waiters = new Map<string, Set<(event: StoredEvent) => void>>();
  private readonly cancelListeners: ((streamId: string) => void)[] = [];
  private readonly ttlSeconds: number;
  private readonly maxEvents: number;
  private readonly leaseMs: number;
  private readonly timeoutMs: number;
  private readonly maxBlocking: number;
  private lastError = '';
  private readyWait?: Promise<void>;
  /** The main connection has been up once: a later loss fails commands at once. */
  private wasReady = false;

  constructor({ url, ttlMs = 10 * 60_000, maxEvents = 10_000, leaseMs = 3000, timeoutMs = 5000, maxBlockingConnections = 64 }: RedisStoreOptions) {
    this.ttlSeconds = Math.max(1, Math.ceil(ttlMs / 1000));
    this.maxEvents = maxEvents;
    this.leaseMs = leaseMs;
    this.timeoutMs = timeoutMs;
    this.maxBlocking = maxBlockingConnections;
    this.client = this.connect(createClient({
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: timeoutMs, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
    }));
    this.subscriber = this.connect(this.client.duplicate());
    this.subscriber
      .subscribe(CANCEL_CHANNEL, (streamId) => this.cancelListeners.forEach((listener) => listener(streamId)))
      .catch(() => {}); // retried by the client on reconnect; failures show as errors elsewhere
  }

  async create(streamId: string, owner: string): Promise<boolean> {
    const k = keys(streamId);
    const created = await this.run(() => this.client.set(k.meta, owner, { condition: 'NX', expiration: { type: 'EX', value: this.ttlSeconds } }));
    if (created !== 'OK') return false;
    await this.run(() => this.client.set(k.owner, owner, { expiration: { type: 'PX', value: this.leaseMs } }));
    this.writing.add(streamId);
    return true;
  }

  async known(streamId: string): Promise<boolean> {
    return (await this.run(() => this.client.exists(keys(streamId).meta))) === 1;
  }

  async append(streamId: string, events: readonly StoredEvent[]): Promise<void> {
    const k = keys(streamId);
    const trim = { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: this.maxEvents } } as const;
    const first = events[0]?.seq === 1;
    const last = events.at(-1);
    if (!last) return;
    // All in one write, in order (no MULTI: node-redis's MULTI queueing stalled under bursts).
    // The TTL is set with the first and the last event, and renewed with the lease.
    await this.run(() =>
      Promise.all([
        ...events.map((event) => this.client.xAdd(k.events, `0-${event.seq}`, fieldsOf(event), trim)),
        ...(first || last.end !== undefined ? [this.client.expire(k.events, this.ttlSeconds), this.client.expire(k.meta, this.ttlSeconds)] : []),
      ]),
    );
    if (last.end !== undefined) {
      this.writing.delete(streamId);
      this.lastAppended.delete(streamId);
    } else this.lastAppended.set(streamId, last.seq);
    this.waiters.get(streamId)?.forEach((deliver) => events.forEach(deliver));
  }

  async read(streamId: string, afterSeq: number, waitMs: number): Promise<ReadResult> {
    const key = keys(streamId).events;
    const range = () => this.run(() => this.client.xRange(key, `(0-${afterSeq}`, '+', { COUNT: READ_COUNT }));
    if (!this.writing.has(streamId)) {
      const first = await range();
      if (first.length || waitMs <= 0) return result(first);
      return result(await this.blockingRead(key, afterSeq, waitMs));
    }
    // Written here: this process's appends are handed to the reader, no blocking read.
    const appended: StoredEvent[] = [];
    let wake = () => {};
    const arrived = new Promise<void>((resolve) => (wake = resolve));
    const deliver = (event: StoredEvent) => {
      appended.push(event);
      wake();
    };
    const set = this.waiters.get(streamId) ?? new Set();
    set.add(deliver);
    this.waiters.set(streamId, set);
    try {
      // A reader that has everything this process appended waits for the next append alone.
      if (this.lastAppended.get(streamId) !== afterSeq || waitMs <= 0) {
        const first = await range();
        if (first.length || waitMs <= 0) return result(first);
      }
      if (!appended.length) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([arrived, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
        clearTimeout(timer);
      }
      const events = appended.filter((e) => e.seq > afterSeq);
      // Handed over in order from the next position on; anything else is read from Redis.
      if (events.length && events[0].seq !== afterSeq + 1) return result(await range());
      return { events, ended: events.at(-1)?.end !== undefined };
    } finally {
      set.delete(deliver);
      if (!set.size && this.waiters.get(streamId) === set) this.waiters.delete(streamId);
    }
  }

  async all(streamId: string): Promise<StoredEvent[]> {
    return result(await this.run(() => this.client.xRange(keys(streamId).events, '-', '+'))).events;
  }

  async ownerAlive(streamId: string): Promise<boolean> {
    return (await this.run(() => this.client.exists(keys(streamId).owner))) === 1;
  }

  async claim(streamId: string, owner: string): Promise<boolean> {
    const won = await this.run(() =>
      this.client.set(keys(streamId).owner, owner, { condition: 'NX', expiration: { type: 'PX', value: this.leaseMs } }),
    );
    if (won === 'OK') this.writing.add(streamId);
    return won === 'OK';
  }

  async renew(streamIds: readonly string[], owner: string): Promise<string[]> {
    if (!streamIds.length) return [];
    const lost = (await this.run(() =>
      this.client.eval(RENEW, {
        keys: streamIds.flatMap((id) => [keys(id).owner, keys(id).events, keys(id).meta]),
        arguments: [owner, String(this.leaseMs), String(this.ttlSeconds)],
      }),
    )) as number[];
    return lost.map((i) => streamIds[i - 1]);
  }

  async release(streamId: string, owner: string): Promise<void> {
    this.writing.delete(streamId);
    this.lastAppended.delete(streamId);
    await this.run(() => this.client.eval(RELEASE, { keys: [keys(streamId).owner], arguments: [owner] }));
  }

  async attach(streamId: string): Promise<number> {
    const k = keys(streamId);
    const [count] = await this.run(() => Promise.all([this.client.incr(k.attaches), this.client.expire(k.attaches, this.ttlSeconds)]));
    return count;
  }

  async attaches(streamId: string): Promise<number> {
    return Number((await this.run(() => this.client.get(keys(streamId).attaches))) ?? 0);
  }

  async cancel(streamId: string): Promise<void> {
    await this.run(() => this.client.publish(CANCEL_CHANNEL, streamId));
  }

  onCancel(listener: (streamId: string) => void): void {
    this.cancelListeners.push(listener);
  }

  async ping(): Promise<void> {
    await this.run(() => this.client.ping());
  }

  async close(): Promise<void> {
    for (const client of [this.client, this.subscriber, ...this.blockingClients]) client.destroy();
  }

  /** XREAD BLOCK on a dedicated connection; without a free one, a short pause then a plain read. */
  private async blockingRead(key: string, afterSeq: number, waitMs: number) {
    let blocking = this.idleBlocking.pop();
    if (!blocking && this.blockingClients.size >= this.maxBlocking) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, 100)));
      return this.run(() => this.client.xRange(key, `(0-${afterSeq}`, '+', { COUNT: READ_COUNT }));
    }
    try {
      if (!blocking) {
        const fresh = (blocking = this.watch(this.client.duplicate()));
        this.blockingClients.add(fresh);
        await this.run(() => fresh.connect());
      }
      const connection = blocking;
      const reply = (await this.run(() => connection.xRead({ key, id: `0-${afterSeq}` }, { BLOCK: waitMs, COUNT: READ_COUNT }), waitMs)) as
        | { messages: { id: string; message: Record<string, string> }[] }[]
        | null;
      this.idleBlocking.push(blocking);
      return reply?.[0]?.messages ?? [];
    } catch (error) {
      if (blocking) {
        this.blockingClients.delete(blocking);
        blocking.destroy();
      }
      throw error;
    }
  }

  /** Starts a client's connection (the reconnect strategy keeps trying). */
  private connect(client: Client): Client {
    this.watch(client).connect().catch(() => {});
    return client;
  }

  /** Reports a client's errors once per change; they are never thrown. */
  private watch(client: Client): Client {
    client.on('error', (error: Error) => {
      if (error.message !== this.lastError) console.error(`stream-chat relay: Redis: ${error.message}`);
      this.lastError = error.message;
    });
    client.on('ready', () => {
      this.lastError = '';
      if (client === this.client) this.wasReady = true;
    });
    return client;
  }

  /** Runs a command once Redis is ready, failing with a StoreError within the timeout. */
  private async run<T>(command: () => Promise<T>, extraMs = 0): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      const fail = () => reject(new StoreError(`Redis did not answer within ${this.timeoutMs} ms${this.lastError ? ` (${this.lastError})` : ''}.`));
      // Timers run before I/O in each turn of the event loop: after a stall (a burst of
      // requests, GC) a reply already received is read first (setImmediate follows I/O).
      timer = setTimeout(() => setImmediate(fail), this.timeoutMs + extraMs);
    });
    try {
      await Promise.race([this.whenReady(), deadline]);
      return await Promise.race([command(), deadline]);
    } catch (error) {
      throw error instanceof StoreError ? error : new StoreError(`Redis failed: ${(error as Error).message}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once connected; while reconnecting after a loss, fails at once (no command waits on an outage). */
  private whenReady(): Promise<void> {
    if (this.client.isReady) return Promise.resolve();
    if (this.wasReady) return Promise.reject(new StoreError(`Redis is unreachable${this.lastError ? ` (${this.lastError})` : ''}.`));
    // One listener however many commands wait.
    return (this.readyWait ??= new Promise((resolve) =>
      this.client.once('ready', () => {
        this.readyWait = undefined;
        resolve();
      }),
    ));
  }
}

/** An event as stream entry fields (short names). */
function fieldsOf(event: StoredEvent): Record<string, string> {
  const fields: Record<string, string> = {};
  if (event.data !== undefined) fields.d = event.data;
  if (event.event !== undefined) fields.e = event.event;
  if (event.upstreamId !== undefined) fields.u = event.upstreamId;
  if (event.end !== undefined) fields.end = event.end;
  return fields;
}

/** Stream entries (`0-<seq>` ids and short field names) as events. */
function result(entries: { id: string; message: Record<string, string> }[]): ReadResult {
  const events = entries.map(({ id, message }): StoredEvent => {
    const event: StoredEvent = { seq: Number(id.slice(id.indexOf('-') + 1)) };
    if (message.d !== undefined) event.data = message.d;
    if (message.e !== undefined) event.event = message.e;
    if (message.u !== undefined) event.upstreamId = message.u;
    if (message.end !== undefined) event.end = message.end as StoredEvent['end'];
    return event;
  });
  return { events, ended: events.at(-1)?.end !== undefined };
}

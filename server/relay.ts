import { randomUUID } from 'node:crypto';
import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';
import { formatSse, readSse } from './sse.js';
import { StoreError, type EventStore, type StoredEvent } from './store.js';
import { errorPayload, providerMessage, upstreamRequest, UPSTREAM_FORMATS, type ChatMessage, type UpstreamFormat } from './upstream.js';

export interface RelayLimits {
  /** Messages per request (default 100). */
  maxMessages?: number;
  /** Characters of all messages together (default 100,000). */
  maxChars?: number;
}

/** What `authorize` sees of a validated request. */
export interface RelayChat {
  streamId: string;
  model: string;
  messages: readonly ChatMessage[];
  /** True for a reconnect (the request carries `Last-Event-ID`). */
  resume: boolean;
}

export interface RelayOptions {
  /** The full URL the relay POSTs to, e.g. `https://api.openai.com/v1/chat/completions`. */
  upstream: string;
  /** The upstream's API: `openai` (chat completions, the default), `anthropic` (Messages API) or `ai-sdk` (a UI message stream route). */
  format?: UpstreamFormat;
  /** The provider key (the CLI reads it from `UPSTREAM_API_KEY`). Never sent to the browser. */
  apiKey?: string;
  /** Models a client may ask for; a request without `model` gets the first. */
  models: readonly string[];
  /** The system prompt, prepended by the relay; clients may not send their own. */
  system?: string;
  /** Where answers are kept for resumes: an EventStore, a `redis://` URL, or nothing (in memory, one instance). */
  store?: EventStore | string;
  limits?: RelayLimits;
  /**
   * Called for every validated request before anything goes upstream: return (or resolve
   * to) a Response to refuse it (401, 429…), nothing to let it through. The place for
   * authentication and per-user rate limits.
   */
  authorize?: (request: Request, chat: RelayChat) => void | Response | Promise<void | Response>;
  /** Origins allowed to call the relay from a browser (`*` for any); none: no CORS headers. */
  cors?: readonly string[];
  /** Extra headers for the upstream request. */
  upstreamHeaders?: Record<string, string>;
  /** `max_tokens` for Anthropic (default 4096). */
  maxTokens?: number;
  /** How long a closed client connection waits for a resume before the upstream request is cancelled (ms, default 500). */
  resumeGraceMs?: number;
  /** How long an owner's lease lives without renewal: the takeover delay after an instance dies (ms, default 3000). */
  leaseMs?: number;
}

/** The handler, plus `close()` to stop its timers and store connections. */
export type Relay = ((request: Request) => Promise<Response>) & { close(): Promise<void>; readonly store: EventStore };

const WAIT_MS = 1000;
const KEEP_ALIVE_MS = 15_000;
const STREAM_ID = /^[\w.:-]{1,200}$/;
const encoder = new TextEncoder();

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * A web-standard handler between `<stream-chat>` and a model provider: it keeps the key,
 * the model allowlist and the system prompt on the server, and makes every answer
 * resumable from any instance that shares the store.
 *
 * Every upstream event is appended to the store (numbered from 1) by the instance that
 * owns the upstream request, and every client, first connection or resume, reads the
 * answer from the store: SSE with `id: <n>`, the upstream's own payloads unchanged.
 * `POST` streams an answer (`X-Stream-Id`, `Last-Event-ID`), `GET …/health` reports
 * whether the store answers, `OPTIONS` answers CORS preflights.
 */
export function createRelay(options: RelayOptions): Relay {
  const format = options.format ?? 'openai';
  if (!UPSTREAM_FORMATS.includes(format)) throw new TypeError(`Unknown upstream format "${format}" (use ${UPSTREAM_FORMATS.join(', ')}).`);
  if (!options.models.length) throw new TypeError('createRelay needs at least one allowed model.');
  new URL(options.upstream); // throws on a malformed URL, at start rather than at the first request
  const maxMessages = options.limits?.maxMessages ?? 100;
  const maxChars = options.limits?.maxChars ?? 100_000;
  const graceMs = options.resumeGraceMs ?? 500;
  const leaseMs = options.leaseMs ?? 3000;
  const store =
    typeof options.store === 'string' ? new RedisStore({ url: options.store, leaseMs }) : (options.store ?? new MemoryStore());
  const instance = randomUUID();
  /** Upstream requests this instance owns, by stream id. */
  const pumps = new Map<string, AbortController>();
  /** Their pumps, to let them finish on close. */
  const running = new Set<Promise<void>>();
  const start = (streamId: string, chat: RelayChat, from: Parameters<typeof pump>[2]) => {
    const pumping = pump(streamId, chat, from).finally(() => running.delete(pumping));
    running.add(pumping);
  };

  store.onCancel((streamId) => pumps.get(streamId)?.abort());
  const renewal = setInterval(async () => {
    try {
      for (const lost of await store.renew([...pumps.keys()], instance)) pumps.get(lost)?.abort('lost');
    } catch {
      // The store is unreachable: the pumps fail on their next append.
    }
  }, leaseMs / 3);
  renewal.unref();

  /** Streams the upstream's answer into the store, after `from.seq` events already there. */
  async function pump(streamId: string, chat: RelayChat, from: { seq: number; seen?: Set<string>; lastUpstreamId?: string }) {
    const abort = new AbortController();
    pumps.set(streamId, abort);
    let seq = from.seq;
    let skip = from.seen ? 0 : from.seq; // without upstream ids, a takeover drops the events already stored, by count
    let end: StoredEvent['end'] = 'done';
    let data: string | undefined;
    try {
      const { url, init } = upstreamRequest({
        url: options.upstream, format, apiKey: options.apiKey, model: chat.model, system: options.system,
        messages: [...chat.messages], streamId, maxTokens: options.maxTokens ?? 4096,
        lastEventId: from.lastUpstreamId, headers: options.upstreamHeaders,
      });
      const response = await fetch(url, { ...init, signal: abort.signal });
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok) throw new Refusal(502, await providerMessage(response), 'upstream');
      if (!type.startsWith('text/event-stream') || !response.body) {
        await response.body?.cancel();
        throw new Refusal(502, `The model provider answered ${type || 'no content type'}, not an event stream.`, 'upstream');
      }
      // The upstream is read on while earlier events are written: what arrives during a
      // write goes out together in the next one, so a slow store adds one round trip, not one per event.
      let queue: StoredEvent[] = [];
      let writes = Promise.resolve();
      let failure: unknown;
      for await (const event of readSse(response.body)) {
        if (failure) throw failure;
        if (from.seen && event.id !== undefined && from.seen.has(event.id)) continue;
        if (skip > 0 && skip--) continue;
        queue.push({ seq: ++seq, data: event.data, event: event.event, upstreamId: event.id });
        if (queue.length > 1) continue;
        writes = writes.then(() => {
          const batch = queue;
          queue = [];
          return failure ? undefined : store.append(streamId, batch).catch((error) => void (failure ??= error));
        });
      }
      await writes;
      if (failure) throw failure;
    } catch (error) {
      if (error instanceof StoreError || abort.signal.reason === 'lost' || abort.signal.reason === 'handover') {
        // Nothing more can be written, or another instance writes now (or will, after a
        // handover): readers see the store's state.
        pumps.delete(streamId);
        if (error instanceof StoreError) console.error(`stream-chat relay: stream ${streamId}: ${error.message}`);
        if (abort.signal.reason === 'handover') await store.release(streamId, instance).catch(() => {});
        return;
      }
      if (abort.signal.aborted) end = 'cancelled';
      else {
        end = 'error';
        data = errorPayload(format, error instanceof Refusal ? error.message : `The model provider could not be reached: ${(error as Error).message}`);
      }
    }
    pumps.delete(streamId);
    try {
      await store.append(streamId, [{ seq: ++seq, data, end }]);
      await store.release(streamId, instance);
    } catch (error) {
      console.error(`stream-chat relay: stream ${streamId}: ${(error as Error).message}`);
    }
  }

  /**
   * When a stream's owner died mid-answer (its lease expired), takes the stream over:
   * requests the upstream again and continues after the last stored event.
   */
  async function takeOverIfOrphaned(streamId: string, chat: RelayChat): Promise<'ended' | undefined> {
    if (pumps.has(streamId) || (await store.ownerAlive(streamId))) return;
    const events = await store.all(streamId);
    if (events.at(-1)?.end !== undefined) return 'ended';
    if (!(await store.claim(streamId, instance))) return;
    // The owner may have ended the answer just before its lease went.
    const last = events.at(-1)?.seq ?? 0;
    if ((await store.read(streamId, last, 0)).events.length) return void (await store.release(streamId, instance));
    const ids = events.flatMap((e) => (e.upstreamId !== undefined ? [e.upstreamId] : []));
    start(streamId, chat, { seq: last, seen: ids.length ? new Set(ids) : undefined, lastUpstreamId: ids.at(-1) });
  }

  /** The SSE body for one client: the stored events after `afterSeq`, then live ones. */
  function eventStream(streamId: string, afterSeq: number, attach: number, chat: RelayChat, clientGone: AbortSignal) {
    let after = afterSeq;
    let finished = false;
    let lastWrite = Date.now();
    let gone = false;
    const leave = () => {
      if (gone) return;
      gone = true;
      if (finished) return;
      // A closed connection cancels the upstream request unless a resume reaches some instance meanwhile.
      setTimeout(async () => {
        try {
          if ((await store.attaches(streamId)) === attach) await store.cancel(streamId);
        } catch (error) {
          console.error(`stream-chat relay: stream ${streamId}: ${(error as Error).message}`);
        }
      }, graceMs).unref();
    };
    clientGone.addEventListener('abort', leave);
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          for (;;) {
            const { events, ended } = await store.read(streamId, after, WAIT_MS);
            if (gone) return;
            let text = '';
            for (const event of events) if (event.data !== undefined) text += formatSse(event.seq, event.data, event.event);
            if (events.length) after = events.at(-1)!.seq;
            if (!text && Date.now() - lastWrite >= KEEP_ALIVE_MS) text = ': keep-alive\n\n';
            if (text) {
              controller.enqueue(encoder.encode(text));
              lastWrite = Date.now();
            }
            if (ended) {
              finished = true;
              controller.close();
              return;
            }
            if (text) return;
            // Nothing new for a while: the owner may be gone (take over), or the answer
            // ended before the position the client gave (nothing more will come).
            if ((await takeOverIfOrphaned(streamId, chat)) === 'ended') {
              finished = true;
              controller.close();
              return;
            }
          }
        } catch (error) {
          // The store failed mid-answer: say so in the stream's own format, and end it.
          finished = true;
          const message = `The relay lost its store: ${(error as Error).message}`;
          controller.enqueue(encoder.encode(formatSse(undefined, errorPayload(format, message))));
          controller.close();
        }
      },
      cancel: leave,
    });
  }

  async function chat(request: Request, cors: Headers): Promise<Response> {
    const streamId = request.headers.get('x-stream-id') ?? randomUUID();
    if (!STREAM_ID.test(streamId)) throw new Refusal(400, 'X-Stream-Id must be 1 to 200 letters, digits or ._:- characters.', 'invalid_stream_id');
    const lastEventId = request.headers.get('last-event-id');
    const afterSeq = lastEventId && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : 0;
    const body = await readBody(request, maxChars);
    const { model, messages } = validate(body, options.models, maxMessages, maxChars);
    const chat: RelayChat = { streamId, model, messages, resume: lastEventId !== null };

    const refused = await options.authorize?.(request, chat);
    if (refused) return refused;
    // A resume of an answer no longer stored is refused: a fresh answer under old ids would garble it.
    if (chat.resume && !(await store.known(streamId))) throw new Refusal(410, 'This answer is no longer stored on the relay; ask again.', 'stream_expired');
    const created = !chat.resume && (await store.create(streamId, instance));
    if (created) start(streamId, chat, { seq: 0 });
    const attach = await store.attach(streamId);
    if (!created) await takeOverIfOrphaned(streamId, chat);

    const headers = new Headers(cors);
    headers.set('content-type', 'text/event-stream; charset=utf-8');
    headers.set('cache-control', 'no-cache, no-transform');
    headers.set('x-accel-buffering', 'no'); // nginx: do not buffer the stream
    headers.set('x-stream-id', streamId);
    if (format === 'ai-sdk') headers.set('x-vercel-ai-ui-message-stream', 'v1');
    return new Response(eventStream(streamId, afterSeq, attach, chat, request.signal), { headers });
  }

  async function health(cors: Headers): Promise<Response> {
    try {
      await store.ping();
      return json(200, { ok: true, store: store.kind }, cors);
    } catch (error) {
      return json(503, { ok: false, store: store.kind, error: { message: (error as Error).message, code: 'store_unavailable' } }, cors);
    }
  }

  const handler = async (request: Request): Promise<Response> => {
    const cors = corsHeaders(request, options.cors);
    try {
      if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: preflight(request, cors) });
      if (request.method === 'GET' && new URL(request.url).pathname.endsWith('/health')) return await health(cors);
      if (request.method !== 'POST') return json(405, { error: { message: 'Use POST to stream an answer, GET /health to check the relay.', code: 'method_not_allowed' } }, cors);
      return await chat(request, cors);
    } catch (error) {
      if (error instanceof Refusal) return json(error.status, { error: { message: error.message, code: error.code } }, cors);
      if (error instanceof StoreError) return json(503, { error: { message: `The relay's store is unavailable: ${error.message}`, code: 'store_unavailable' } }, cors);
      console.error('stream-chat relay:', error);
      return json(500, { error: { message: 'The relay failed.', code: 'internal' } }, cors);
    }
  };
  return Object.assign(handler, {
    store,
    /**
     * Stops the relay. With a shared store, its answers in progress are handed over (their
     * leases released: the next resume, on another instance, takes each over at once);
     * in memory they end `cancelled`.
     */
    async close() {
      clearInterval(renewal);
      for (const abort of pumps.values()) abort.abort(store.shared ? 'handover' : undefined);
      await Promise.race([Promise.allSettled(running), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await store.close();
    },
  });
}

/** The body as JSON; refused when larger than the conversation limit allows. */
async function readBody(request: Request, maxChars: number): Promise<unknown> {
  // JSON escaping and the message objects around the text: a generous bound on the bytes.
  const maxBytes = maxChars * 6 + 64 * 1024;
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw new Refusal(413, `The request is larger than ${maxBytes} bytes.`, 'too_large');
  const text = await request.text();
  if (text.length > maxBytes) throw new Refusal(413, `The request is larger than ${maxBytes} bytes.`, 'too_large');
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal(400, 'The request body is not JSON.', 'invalid_body');
  }
}

/** The model and messages of a chat request, or a Refusal saying what is wrong. */
function validate(body: unknown, models: readonly string[], maxMessages: number, maxChars: number): { model: string; messages: ChatMessage[] } {
  if (typeof body !== 'object' || body === null) throw new Refusal(400, 'The request body must be a JSON object.', 'invalid_body');
  const { model = models[0], messages } = body as { model?: unknown; messages?: unknown };
  if (typeof model !== 'string' || !models.includes(model)) {
    throw new Refusal(400, `The model ${JSON.stringify(model)} is not allowed on this relay.`, 'model_not_allowed');
  }
  if (!Array.isArray(messages) || !messages.length) throw new Refusal(400, '`messages` must be a non-empty array.', 'invalid_body');
  if (messages.length > maxMessages) throw new Refusal(413, `The conversation has ${messages.length} messages; this relay accepts ${maxMessages}.`, 'too_many_messages');
  let chars = 0;
  const checked = messages.map((m: unknown, i): ChatMessage => {
    const { role, content, id, parts } = (m ?? {}) as Record<string, unknown>;
    if (role === 'system') {
      throw new Refusal(400, 'System messages are set by the relay; remove the system prompt from the request (the widget\'s `system` attribute).', 'system_not_allowed');
    }
    if (role !== 'user' && role !== 'assistant') throw new Refusal(400, `Message ${i} has role ${JSON.stringify(role)}; use "user" or "assistant".`, 'invalid_message');
    if (typeof content !== 'string' && !Array.isArray(parts)) throw new Refusal(400, `Message ${i} has no text content.`, 'invalid_message');
    const message: ChatMessage = { role, content: typeof content === 'string' ? content : '' };
    if (typeof id === 'string') message.id = id;
    if (Array.isArray(parts)) message.parts = parts;
    chars += message.content.length + (message.parts ? JSON.stringify(message.parts).length : 0);
    return message;
  });
  if (chars > maxChars) throw new Refusal(413, `The conversation has ${chars} characters; this relay accepts ${maxChars}.`, 'too_large');
  return { model, messages: checked };
}

function json(status: number, body: unknown, cors: Headers): Response {
  const headers = new Headers(cors);
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(body), { status, headers });
}

/** CORS headers for an allowed origin (none when `allowed` is empty). */
function corsHeaders(request: Request, allowed: readonly string[] = []): Headers {
  const headers = new Headers();
  const origin = request.headers.get('origin');
  if (allowed.includes('*')) headers.set('access-control-allow-origin', '*');
  else if (origin && allowed.includes(origin)) {
    headers.set('access-control-allow-origin', origin);
    headers.set('vary', 'origin');
  }
  if (headers.has('access-control-allow-origin')) headers.set('access-control-expose-headers', 'x-stream-id');
  return headers;
}

function preflight(request: Request, cors: Headers): Headers {
  const headers = new Headers(cors);
  if (!headers.has('access-control-allow-origin')) return headers;
  headers.set('access-control-allow-methods', 'POST, GET, OPTIONS');
  headers.set('access-control-allow-headers', request.headers.get('access-control-request-headers') ?? 'content-type, x-stream-id, last-event-id');
  headers.set('access-control-max-age', '600');
  return headers;
}

import { emit } from '../emit.js';
import type { ChatChange, ChatMessage, ChatSessionApi, ChatSessionOptions, ChatStats, ConnectionState } from '../types.js';
import type { Clock } from './clock.js';
import { DEFAULT_CONFIG, cooldownOf, type ChatConfig } from './config.js';
import { Conversation } from './conversation.js';
import { EndpointPool } from './endpoint-pool.js';
import { StreamError } from './errors.js';
import { httpTransport } from './http-transport.js';
import { requestOptionsError } from './options.js';
import { runStream, type StreamObserver, type StreamResult } from './stream-runner.js';
import { isWebSocketUrl, type Transport } from './transport.js';
import { WebSocketHub } from './websocket-transport.js';

/** A session's options, with what tests replace. */
export interface SessionOptions extends ChatSessionOptions {
  /** Replaces the HTTP / WebSocket transports (tests, custom backends). */
  transportFor?: (url: string) => Transport;
  clock?: Clock;
  random?: () => number;
}

/** The refusal of a send or regenerate without an endpoint (named, so a UI can say it in its own words). */
function noEndpoint(): Error {
  return Object.assign(new Error('<stream-chat>: no endpoint is set.'), { name: 'NoEndpointError' });
}

/** The answer being streamed: its message, how to stop it, and when it ends. */
interface ActiveAnswer {
  message: ChatMessage;
  abort: AbortController;
  done: Promise<ChatMessage>;
}

/**
 * One conversation with a streaming AI backend, without any UI: it owns the messages,
 * `send` / `regenerate` / `stop` / `clear`, the connection state, the stats, the endpoint
 * pool and the WebSocket connections, and dispatches the `<stream-chat>` events
 * (`message-send`, `stream-start`, `stream-chunk`, `stream-complete`, `stream-cancel`,
 * `stream-error`, `connection-change`). `<stream-chat>` is one UI over it; render your own
 * from `messages` on `onChange` (or on the events).
 */
export class ChatSession extends EventTarget implements ChatSessionApi {
  readonly conversation = new Conversation();
  readonly pool = new EndpointPool();
  state: ConnectionState = 'idle';
  /** The endpoint of the current (or last) attempt. */
  endpoint?: string;

  readonly #sockets = new WebSocketHub();
  readonly #readConfig: () => ChatConfig;
  readonly #target: EventTarget;
  readonly #onChange: (change: ChatChange) => void;
  /** The answer streaming now. */
  #active?: ActiveAnswer;
  readonly #totals = { bytesReceived: 0, chunksReceived: 0, reconnects: 0, streams: 0, errors: 0 };
  #lastStream?: ChatStats['lastStream'];

  constructor(private readonly options: SessionOptions = {}) {
    super();
    const { config } = options;
    this.#readConfig = typeof config === 'function' ? config : () => ({ ...DEFAULT_CONFIG, ...config });
    this.#target = options.eventTarget ?? this;
    this.#onChange = options.onChange ?? (() => {});
  }

  get config(): ChatConfig {
    return this.#readConfig();
  }

  /** The conversation, oldest first. */
  get messages(): readonly ChatMessage[] {
    return this.conversation.messages;
  }

  /** Whether an answer is streaming. */
  get busy(): boolean {
    return this.#active !== undefined;
  }

  get stats(): ChatStats {
    return { ...this.#totals, lastStream: this.#lastStream && { ...this.#lastStream }, endpoints: this.pool.stats() };
  }

  /** Sends `text` as a user message and streams the answer; resolves with it whatever its status. */
  async send(text: string): Promise<ChatMessage> {
    const content = String(text ?? '');
    if (!content.trim()) throw new Error('<stream-chat>: nothing to send (the message is empty).');
    this.applyConfig();
    if (this.pool.size === 0) throw noEndpoint();
    const message = this.conversation.create('user', content, 'complete');
    message.completedAt = message.createdAt;
    if (!emit(this.#target, 'message-send', { message }, { cancelable: true })) {
      throw new DOMException('The send was cancelled by a message-send listener.', 'AbortError');
    }
    // Checked again after every wait, right before this send starts: another send may
    // have started meanwhile. No wait at all when nothing streams: the send starts at once.
    while (this.#active) await this.#stopActive();
    this.conversation.push(message);
    this.#onChange('messages');
    return this.#ask();
  }

  /** Asks again for the answer to the last user message. */
  async regenerate(): Promise<ChatMessage> {
    this.applyConfig();
    if (this.pool.size === 0) throw noEndpoint();
    while (this.#active) await this.#stopActive();
    const lastUser = this.conversation.lastOfRole('user');
    if (!lastUser) throw new Error('<stream-chat>: there is no message to answer again.');
    const messages = this.conversation.messages;
    const after = messages[messages.indexOf(lastUser) + 1];
    if (after) this.conversation.truncateFrom(after);
    return this.#ask();
  }

  /** Cancels the streaming answer; its partial text stays. */
  stop(): void {
    this.#active?.abort.abort();
  }

  /** Empties the conversation. */
  clear(): void {
    this.stop();
    this.conversation.clear();
    this.#onChange('messages');
  }

  /** Stops the stream and closes the WebSocket connections (the session can be used again). */
  dispose(): void {
    this.stop();
    this.#sockets.close();
  }

  /** Keeps the pool and the conversation's bound in step with the configuration. */
  applyConfig(): void {
    const { endpoint, balance, maxMessages } = this.config;
    const urls = (endpoint ?? '').split(/\s+/).filter(Boolean);
    if (urls.join(' ') !== this.pool.urls.join(' ')) {
      this.pool.setUrls(urls);
      this.#sockets.retain(urls);
    }
    this.pool.balance = balance;
    this.pool.cooldownMs = cooldownOf(this.config);
    if (maxMessages !== this.conversation.maxMessages) this.conversation.setMax(maxMessages);
  }

  /** Stops the streaming answer and waits for it to end. */
  async #stopActive(): Promise<void> {
    const done = this.#active?.done;
    this.stop();
    await done;
  }

  #ask(): Promise<ChatMessage> {
    const config = this.config;
    const history = this.conversation.history(config.system);
    const message = this.conversation.push(this.conversation.create('assistant', '', 'pending'));
    const abort = new AbortController();
    // Active before the stream starts: a listener of its first events can already stop it.
    const active: ActiveAnswer = { message, abort, done: Promise.resolve(message) };
    this.#active = active;
    active.done = this.#stream(message, history, config, abort.signal);
    this.#onChange('messages');
    return active.done;
  }

  async #stream(
    message: ChatMessage,
    history: ReturnType<Conversation['history']>,
    config: ChatConfig,
    signal: AbortSignal,
  ): Promise<ChatMessage> {
    const started = performance.now();
    const stream: NonNullable<ChatStats['lastStream']> = { messageId: message.id, bytes: 0, chunks: 0, reconnects: 0 };
    this.#lastStream = stream;
    this.#totals.streams++;
    let result: StreamResult;
    try {
      const misconfigured = requestOptionsError(config);
      if (misconfigured) throw misconfigured;
      const body = config.requestBody
        ? config.requestBody({ messages: history, model: config.model, streamId: message.id })
        : { ...(config.model ? { model: config.model } : {}), stream: true, messages: history };
      result = await runStream(
        { streamId: message.id, body, config },
        {
          pool: this.pool,
          transportFor: this.options.transportFor ?? ((url) => (isWebSocketUrl(url) ? this.#sockets.transport : httpTransport)),
          clock: this.options.clock,
          random: this.options.random,
        },
        this.#observe(message, stream, started),
        signal,
      );
    } catch (error) {
      // A failing requestBody hook (or a bug) must not leave the message spinning: it ends
      // as an error the user can see, and the session stays usable.
      const reason =
        error instanceof StreamError
          ? error
          : new StreamError('protocol', `The request could not be made: ${(error as Error)?.message ?? error}`);
      emit(this.#target, 'stream-error', { messageId: message.id, error: reason.toInfo(), willRetry: false, attempt: 1 });
      result = { status: 'error', retries: 0, error: reason };
    }

    message.status = result.status;
    message.completedAt = Date.now();
    message.metadata.durationMs = stream.durationMs = Math.round(performance.now() - started);
    message.metadata.retries = result.retries;
    if (result.endpoint) message.metadata.endpoint = result.endpoint;
    if (result.model) message.metadata.model = result.model;
    if (result.usage) message.metadata.usage = result.usage;
    if (result.finishReason) message.metadata.finishReason = result.finishReason;
    if (result.error && result.status !== 'cancelled') message.metadata.error = result.error.toInfo();

    if (this.#active?.message === message) this.#active = undefined;
    this.#setState(result.status === 'error' ? 'error' : 'idle', result.endpoint, 0);
    if (result.status === 'cancelled') emit(this.#target, 'stream-cancel', { messageId: message.id, content: message.content });
    emit(this.#target, 'stream-complete', { messageId: message.id, message });
    this.#onChange('messages');
    return message;
  }

  /** What the runner reports, applied to the message, the stats and the events. */
  #observe(message: ChatMessage, stream: NonNullable<ChatStats['lastStream']>, started: number): StreamObserver {
    let index = 0;
    let announcedStart = false;
    let attempt = 0;
    let current: string | undefined; // the endpoint of the attempt under way
    return {
      connecting: (endpoint, number) => {
        attempt = number;
        current = endpoint;
        if (number > 0) {
          stream.reconnects++;
          this.#totals.reconnects++;
        }
        this.#setState(number > 0 ? 'reconnecting' : 'connecting', endpoint, number);
      },
      opened: (endpoint, protocol) => {
        stream.endpoint = endpoint;
        stream.protocol = protocol;
        message.metadata.endpoint = endpoint;
        this.#setState('streaming', endpoint, attempt);
        if (!announcedStart) {
          announcedStart = true;
          emit(this.#target, 'stream-start', { messageId: message.id, endpoint, protocol });
        }
      },
      delta: (text) => {
        if (index === 0) {
          stream.firstChunkMs = message.metadata.firstChunkMs = Math.round(performance.now() - started);
          message.status = 'streaming';
        }
        message.content += text;
        stream.chunks++;
        this.#totals.chunksReceived++;
        emit(this.#target, 'stream-chunk', {
          messageId: message.id,
          chunk: { index: index++, content: text, timestamp: Date.now() },
          content: message.content,
        });
        this.#onChange('delta');
      },
      restart: () => {
        message.metadata.reasoning = undefined;
      },
      reasoning: (text) => {
        message.metadata.reasoning = (message.metadata.reasoning ?? '') + text;
      },
      bytes: (count) => {
        stream.bytes += count;
        this.#totals.bytesReceived += count;
      },
      failed: (error, willRetry, number) => {
        this.#totals.errors++;
        emit(this.#target, 'stream-error', { messageId: message.id, error: error.toInfo(), willRetry, attempt: number });
        if (willRetry) this.#setState('reconnecting', current, number);
      },
    };
  }

  /** Sets the state; a move to another endpoint in the same state is a change too. */
  #setState(state: ConnectionState, endpoint: string | undefined, attempt: number): void {
    if (state === this.state && (endpoint === this.endpoint || state === 'idle' || state === 'error')) return;
    const previous = this.state;
    this.state = state;
    this.endpoint = endpoint;
    emit(this.#target, 'connection-change', { state, previous, endpoint, attempt });
    this.#onChange('state');
  }
}

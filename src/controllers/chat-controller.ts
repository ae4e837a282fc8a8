import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Conversation } from '../core/conversation.js';
import { EndpointPool, type Balance } from '../core/endpoint-pool.js';
import { StreamError } from '../core/errors.js';
import { httpTransport } from '../core/http-transport.js';
import { toMessages } from '../core/message-input.js';
import { PartsAssembler, answerApproval, awaitsApproval } from '../core/message-parts.js';
import { requestOptionsError } from '../core/options.js';
import { runStream, type StreamResult } from '../core/stream-runner.js';
import { isWebSocketUrl } from '../core/transport.js';
import { WebSocketHub } from '../core/websocket-transport.js';
import { emit } from '../emit.js';
import { partEvents } from './part-events.js';
import type {
  ChatMessage, ChatStats, ConnectionState, FormatOption, ProtocolOption, RequestBodyInput,
} from '../types.js';

/** The refusal of a send or regenerate without an endpoint (named, so the UI can say it in its own words). */
function noEndpoint(): Error {
  return Object.assign(new Error('<stream-chat>: no endpoint is set.'), { name: 'NoEndpointError' });
}

/** The element's configuration, as the controller reads it at each send. */
export interface ChatConfig {
  endpoint: string;
  protocol: ProtocolOption;
  format: FormatOption;
  contentPath?: string;
  model?: string;
  system?: string;
  headers: Record<string, string>;
  /** The request header that carries the stream id (`stream-id-header`); empty: none. */
  streamIdHeader: string;
  credentials: RequestCredentials;
  maxRetries: number;
  retryDelay: number;
  retryMaxDelay: number;
  idleTimeout: number;
  balance: Balance;
  maxEventBytes: number;
  maxAnswerChars: number;
  requestBody?: (input: RequestBodyInput) => Record<string, unknown>;
}

export type ChatHost = ReactiveControllerHost & HTMLElement & { readonly chatConfig: ChatConfig };

/**
 * Conversation and streams of one `<stream-chat>`: sends messages, runs each answer's
 * stream, keeps messages, state and stats, dispatches the element's events, and asks the
 * host to re-render at most once per animation frame however fast chunks arrive.
 */
export class ChatController implements ReactiveController {
  readonly conversation = new Conversation();
  readonly pool = new EndpointPool();
  private readonly sockets = new WebSocketHub();
  state: ConnectionState = 'idle';
  private endpoint?: string;
  /** Set while an answer streams. */
  active?: { message: ChatMessage; abort: AbortController; done: Promise<ChatMessage> };
  private readonly totals = { bytesReceived: 0, chunksReceived: 0, reconnects: 0, streams: 0, errors: 0 };
  private lastStream?: ChatStats['lastStream'];
  private frame?: number;
  private frameTimer?: ReturnType<typeof setTimeout>;
  /** Whether the last render was driven by a frame (not the fallback timer). */
  private byFrame = true;

  /** `onChange` is told when messages change (`urgent`: not mid-stream), for persistence. */
  constructor(
    private readonly host: ChatHost,
    private readonly onChange: (urgent: boolean) => void = () => {},
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
    this.cancelFrame();
    this.sockets.close();
  }

  get stats(): ChatStats {
    return { ...this.totals, lastStream: this.lastStream && { ...this.lastStream }, endpoints: this.pool.stats() };
  }

  /** Sends `text` as a user message and streams the answer. */
  async send(text: string): Promise<ChatMessage> {
    const content = String(text ?? '');
    if (!content.trim()) throw new Error('<stream-chat>: nothing to send (the message is empty).');
    this.syncEndpoints();
    if (this.pool.size === 0) throw noEndpoint();
    const message = this.conversation.create('user', content, 'complete');
    message.completedAt = message.createdAt;
    if (!emit(this.host, 'message-send', { message }, { cancelable: true })) {
      throw new DOMException('The send was cancelled by a message-send listener.', 'AbortError');
    }
    // Checked again after every wait, right before this send starts: another send may
    // have started meanwhile. No wait at all when nothing streams: the send starts at once.
    while (this.active) await this.stopActive();
    this.conversation.push(message);
    this.onChange(true);
    return this.ask();
  }

  /** Asks again for the answer to the last user message. */
  async regenerate(): Promise<ChatMessage> {
    this.syncEndpoints();
    if (this.pool.size === 0) throw noEndpoint();
    while (this.active) await this.stopActive();
    const lastUser = this.conversation.lastOfRole('user');
    if (!lastUser) throw new Error('<stream-chat>: there is no message to answer again.');
    const messages = this.conversation.messages;
    const after = messages[messages.indexOf(lastUser) + 1];
    if (after) this.conversation.truncateFrom(after);
    return this.ask();
  }

  stop(): void {
    this.active?.abort.abort();
  }

  clear(): void {
    this.stop();
    this.conversation.clear();
    this.onChange(true);
    this.host.requestUpdate();
  }

  /**
   * Answers a tool call's approval request and, once every request of that answer is
   * answered, continues the conversation into the same assistant message (as the AI
   * SDK's `useChat` does); resolves with that message.
   */
  async respondToToolApproval(approvalId: string, approved: boolean, reason?: string): Promise<ChatMessage> {
    const message = this.conversation.messages.at(-1)!;
    this.syncEndpoints();
    if (this.pool.size === 0) throw noEndpoint();
    const { part, index } = answerApproval(message, approvalId, approved, reason);
    emit(this.host, 'stream-part', { messageId: message.id, part, index });
    this.onChange(true);
    this.host.requestUpdate();
    // Answered while the request still streams: that answer ends first, uncut.
    if (this.active?.message === message) await this.active.done;
    if (this.conversation.messages.at(-1) !== message || awaitsApproval(message)) return message;
    // Another response (to a second request) has continued it already.
    if (this.active?.message === message) return this.active.done;
    while (this.active) await this.stopActive();
    return this.ask(message);
  }

  /** Replaces the conversation (history from a server); throws a TypeError and changes nothing on bad input. */
  setMessages(input: unknown): void {
    const messages = toMessages(input);
    this.stop();
    this.active = undefined;
    this.conversation.replaceAll(messages);
    this.onChange(true);
    this.host.requestUpdate();
  }

  /** Stops the streaming answer and waits for it to end. */
  private async stopActive(): Promise<void> {
    const done = this.active?.done;
    this.stop();
    await done;
  }

  /** Keeps the pool in step with the `endpoint` and `balance` attributes. */
  syncEndpoints(): void {
    const { endpoint, balance } = this.host.chatConfig;
    const urls = (endpoint ?? '').split(/\s+/).filter(Boolean);
    if (urls.join(' ') !== this.pool.urls.join(' ')) {
      this.pool.setUrls(urls);
      this.sockets.retain(urls);
    }
    this.pool.balance = balance;
  }

  /** Streams an answer: a new one, or `continuing` an answer after a tool approval. */
  private ask(continuing?: ChatMessage): Promise<ChatMessage> {
    const config = this.host.chatConfig;
    const history = this.conversation.history(config.system, continuing);
    const message = continuing ?? this.conversation.push(this.conversation.create('assistant', '', 'pending'));
    if (continuing) Object.assign(continuing, { status: 'pending', completedAt: undefined, metadata: { ...continuing.metadata, error: undefined } });
    const abort = new AbortController();
    // Active before the stream starts: a listener of its first events can already stop it.
    const active: NonNullable<ChatController['active']> = { message, abort, done: Promise.resolve(message) };
    this.active = active;
    active.done = this.stream(message, history, config, abort.signal);
    this.host.requestUpdate();
    return active.done;
  }

  private async stream(
    message: ChatMessage,
    history: ReturnType<Conversation['history']>,
    config: ChatConfig,
    signal: AbortSignal,
  ): Promise<ChatMessage> {
    const started = performance.now();
    const stream = { messageId: message.id, bytes: 0, chunks: 0, reconnects: 0 } as NonNullable<ChatStats['lastStream']>;
    this.lastStream = stream;
    this.totals.streams++;
    let index = 0;
    let announcedStart = false;
    let current: string | undefined; // the endpoint of the attempt under way
    let currentAttempt = 0;
    let result: StreamResult;
    const parts = new PartsAssembler(message, partEvents(this.host, message, () => {
      if (message.status === 'pending') message.status = 'streaming';
      this.scheduleRender();
      this.onChange(false);
    }));
    try {
      const misconfigured = requestOptionsError(config);
      if (misconfigured) throw misconfigured;
      const body = config.requestBody
        ? config.requestBody({ messages: history, model: config.model, streamId: message.id })
        : { ...(config.model ? { model: config.model } : {}), stream: true, messages: history.filter((m) => m.content).map(({ role, content }) => ({ role, content })) };
      result = await runStream(
        {
          streamId: message.id,
          body,
          pool: this.pool,
          transportFor: (url) => (isWebSocketUrl(url) ? this.sockets.transport : httpTransport),
          protocol: config.protocol,
          format: config.format,
          contentPath: config.contentPath,
          headers: config.headers,
          streamIdHeader: config.streamIdHeader,
          credentials: config.credentials,
          maxRetries: config.maxRetries,
          retryDelayMs: config.retryDelay,
          retryMaxDelayMs: config.retryMaxDelay,
          idleTimeoutMs: config.idleTimeout,
          maxEventBytes: config.maxEventBytes,
          maxAnswerChars: config.maxAnswerChars,
        },
        {
          connecting: (endpoint, attempt) => {
            current = endpoint;
            currentAttempt = attempt;
            if (attempt > 0) {
              stream.reconnects++;
              this.totals.reconnects++;
            }
            this.setState(attempt > 0 ? 'reconnecting' : 'connecting', endpoint, attempt);
          },
          opened: (endpoint, protocol) => {
            stream.endpoint = endpoint;
            stream.protocol = protocol;
            message.metadata.endpoint = endpoint;
            this.setState('streaming', endpoint, currentAttempt);
            if (!announcedStart) {
              announcedStart = true;
              emit(this.host, 'stream-start', { messageId: message.id, endpoint, protocol });
            }
          },
          delta: (text, id) => {
            if (index === 0) {
              stream.firstChunkMs = message.metadata.firstChunkMs = Math.round(performance.now() - started);
              message.status = 'streaming';
            }
            parts.text(text, id);
            stream.chunks++;
            this.totals.chunksReceived++;
            emit(this.host, 'stream-chunk', {
              messageId: message.id,
              chunk: { index: index++, content: text, timestamp: Date.now() },
              content: message.content,
            });
            this.scheduleRender();
            this.onChange(false);
          },
          restart: () => parts.reset(),
          reasoning: (text, id) => parts.reasoning(text, id),
          part: (event) => parts.apply(event),
          bytes: (count) => {
            stream.bytes += count;
            this.totals.bytesReceived += count;
          },
          failed: (error, willRetry, attempt) => {
            this.totals.errors++;
            emit(this.host, 'stream-error', { messageId: message.id, error: error.toInfo(), willRetry, attempt });
            if (willRetry) this.setState('reconnecting', current, attempt);
          },
        },
        signal,
      );
    } catch (error) {
      // A failing requestBody hook (or a bug) must not leave the message spinning: it ends
      // as an error the user can see, and the element stays usable.
      const reason =
        error instanceof StreamError
          ? error
          : new StreamError('protocol', `The request could not be made: ${(error as Error)?.message ?? error}`);
      emit(this.host, 'stream-error', { messageId: message.id, error: reason.toInfo(), willRetry: false, attempt: 1 });
      result = { status: 'error', retries: 0, error: reason };
    }

    parts.end(result.status);
    message.status = result.status;
    message.completedAt = Date.now();
    message.metadata.durationMs = stream.durationMs = Math.round(performance.now() - started);
    message.metadata.retries = result.retries;
    if (result.endpoint) message.metadata.endpoint = result.endpoint;
    if (result.model) message.metadata.model = result.model;
    if (result.usage) message.metadata.usage = result.usage;
    if (result.finishReason) message.metadata.finishReason = result.finishReason;
    if (result.error && result.status !== 'cancelled') message.metadata.error = result.error.toInfo();

    if (this.active?.message === message) this.active = undefined;
    this.cancelFrame();
    this.setState(result.status === 'error' ? 'error' : 'idle', result.endpoint, 0);
    if (result.status === 'cancelled') emit(this.host, 'stream-cancel', { messageId: message.id, content: message.content });
    emit(this.host, 'stream-complete', { messageId: message.id, message });
    this.onChange(true);
    this.host.requestUpdate();
    return message;
  }

  /** Sets the state; a move to another endpoint in the same state is a change too. */
  private setState(state: ConnectionState, endpoint: string | undefined, attempt: number): void {
    if (state === this.state && (endpoint === this.endpoint || state === 'idle' || state === 'error')) return;
    const previous = this.state;
    this.state = state;
    this.endpoint = endpoint;
    emit(this.host, 'connection-change', { state, previous, endpoint, attempt });
    this.host.requestUpdate();
  }

  /**
   * One host update per animation frame, whatever the chunk rate. rAF does not run in a
   * hidden tab (nor, sometimes, in a page the browser stopped drawing), so a timer backs
   * it up there.
   */
  scheduleRender(): void {
    if (this.frame !== undefined || this.frameTimer !== undefined) return;
    const flush = (byFrame: boolean) => {
      this.cancelFrame();
      this.byFrame = byFrame;
      this.host.requestUpdate();
    };
    this.frame = requestAnimationFrame(() => flush(true));
    this.frameTimer = setTimeout(() => flush(false), document.hidden ? 0 : 250);
  }

  /** Whether the page is being drawn: not hidden, and its renders come with frames. */
  get pageDrawn(): boolean {
    return this.byFrame && !document.hidden;
  }

  private cancelFrame(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    clearTimeout(this.frameTimer);
    this.frame = this.frameTimer = undefined;
  }
}

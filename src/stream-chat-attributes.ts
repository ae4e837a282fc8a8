import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { headersConverter, listConverter } from './attribute-converters.js';
import { DEFAULT_CONFIG, type ChatConfig } from './core/config.js';
import type { Balance } from './core/endpoint-pool.js';
import { OPTION_VALUES, warnInvalidOption, type EnumeratedOption } from './core/options.js';
import { DEFAULT_STRINGS } from './strings.js';
import type { ChatStrings, FormatOption, ProtocolOption, RequestBodyInput } from './types.js';

/**
 * The attributes (and properties) of `<stream-chat>`, and their mapping onto the one
 * `ChatConfig` the session reads at each send. A new option: a property here, a field of
 * `ChatConfig` (src/core/config.ts) with its default, and one line in `config`.
 */
export class StreamChatAttributes extends LitElement {
  /** Backend URL; several whitespace-separated URLs form a pool. `ws:`/`wss:` use WebSocket. */
  @property() endpoint = DEFAULT_CONFIG.endpoint;
  /** `sse`, `websocket`, `ndjson`, `text` or `auto` (by URL scheme and response Content-Type). */
  @property() protocol: ProtocolOption = DEFAULT_CONFIG.protocol;
  /** Payload format: `openai`, `openai-responses`, `anthropic`, `ai-sdk`, `ollama`, `native`, `text` or `auto`. */
  @property() format: FormatOption = DEFAULT_CONFIG.format;
  /** Dot path to the text delta in each JSON payload (`choices.0.delta.content`), for any other backend. */
  @property({ attribute: 'content-path' }) contentPath?: string;
  /** Sent as `model` in the request body. */
  @property() model?: string;
  /** System prompt, sent as the first message. */
  @property() system?: string;
  /** Extra request headers: a JSON object in the attribute, an object as property. Never shown or stored. */
  @property({ converter: headersConverter }) headers: Record<string, string> = {};
  /** The request header that carries the stream id over HTTP; empty: none (for backends whose CORS does not allow it). */
  @property({ attribute: 'stream-id-header' }) streamIdHeader = DEFAULT_CONFIG.streamIdHeader;
  /** fetch credentials mode. */
  @property() credentials: RequestCredentials = DEFAULT_CONFIG.credentials;
  /** Reconnect attempts per stream before giving up. */
  @property({ attribute: 'max-retries', type: Number }) maxRetries = DEFAULT_CONFIG.maxRetries;
  /** Base backoff in ms (exponential with full jitter). */
  @property({ attribute: 'retry-delay', type: Number }) retryDelay = DEFAULT_CONFIG.retryDelay;
  /** Backoff cap in ms. */
  @property({ attribute: 'retry-max-delay', type: Number }) retryMaxDelay = DEFAULT_CONFIG.retryMaxDelay;
  /** ms without any byte before a stream counts as stalled. */
  @property({ attribute: 'idle-timeout', type: Number }) idleTimeout = DEFAULT_CONFIG.idleTimeout;
  /** Pool strategy: `failover` or `round-robin`. */
  @property() balance: Balance = DEFAULT_CONFIG.balance;
  /** ms between health checks of pool endpoints (0 = off). */
  @property({ attribute: 'health-interval', type: Number }) healthInterval = DEFAULT_CONFIG.healthInterval;
  /** Health check path, resolved against each endpoint: a pool probes `GET` on it and expects 2xx. */
  @property({ attribute: 'health-path' }) healthPath = DEFAULT_CONFIG.healthPath;
  /** Storage key; when set, the conversation survives a page reload. */
  @property() persist?: string;
  /** Messages kept in memory (and storage); older ones are dropped. */
  @property({ attribute: 'max-messages', type: Number }) maxMessages = DEFAULT_CONFIG.maxMessages;
  /** Largest single event or line accepted, in characters. */
  @property({ attribute: 'max-event-bytes', type: Number }) maxEventBytes = DEFAULT_CONFIG.maxEventBytes;
  /** Longest answer kept, in characters (0 = no cap): past it the stream is stopped with finish reason `length`. */
  @property({ attribute: 'max-answer-chars', type: Number }) maxAnswerChars = DEFAULT_CONFIG.maxAnswerChars;
  /** Composer placeholder (`strings.placeholder` when left at its default). */
  @property() placeholder = DEFAULT_STRINGS.placeholder;
  /** Render text without markdown. */
  @property({ type: Boolean, reflect: true }) plain = false;
  /** `light`, `dark` or `auto` (follows `prefers-color-scheme`). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';
  /** Origins images in answers may load from (`*` = any https/http origin). None by default: images show as links. */
  @property({ attribute: 'image-origins', converter: listConverter }) imageOrigins: string[] = [];
  /** Hides the model / tokens / timing line under answers. */
  @property({ attribute: 'hide-metadata', type: Boolean, reflect: true }) hideMetadata = false;
  /** Replaces any visible string (i18n). */
  @property({ attribute: false }) strings: Partial<ChatStrings> = {};
  /** Shapes the request body for backends that are not OpenAI-compatible. */
  @property({ attribute: false }) requestBody?: (input: RequestBodyInput) => Record<string, unknown>;

  /** A misspelled enumerated value is warned about on the console, naming the valid ones. */
  override willUpdate(changed: PropertyValues<this>): void {
    for (const name of Object.keys(OPTION_VALUES) as EnumeratedOption[]) if (changed.has(name)) warnInvalidOption(name, this[name]);
  }

  private textOf?: { strings: Partial<ChatStrings>; text: ChatStrings };
  /** The visible strings (one object per `strings` value: settled messages compare it). */
  protected get text(): ChatStrings {
    if (this.textOf?.strings !== this.strings) this.textOf = { strings: this.strings, text: { ...DEFAULT_STRINGS, ...this.strings } };
    return this.textOf.text;
  }

  /** The composer's placeholder: the attribute, or `strings.placeholder` while the attribute keeps its default. */
  protected get placeholderText(): string {
    return this.placeholder === DEFAULT_STRINGS.placeholder ? this.text.placeholder : this.placeholder;
  }

  /** The attributes as the session's configuration (read at each send). */
  protected get config(): ChatConfig {
    const { endpoint, protocol, format, headers, credentials, maxRetries, retryDelay, retryMaxDelay, idleTimeout, balance } = this;
    const { healthInterval, healthPath, maxMessages, maxEventBytes, maxAnswerChars, requestBody, streamIdHeader } = this;
    return {
      endpoint: endpoint ?? '', protocol, format, headers: headers ?? {}, credentials, maxRetries, retryDelay, retryMaxDelay, idleTimeout,
      balance, healthInterval, healthPath, maxMessages, maxEventBytes, maxAnswerChars, requestBody, streamIdHeader: streamIdHeader ?? DEFAULT_CONFIG.streamIdHeader,
      contentPath: this.contentPath || undefined, model: this.model || undefined, system: this.system || undefined,
    };
  }
}

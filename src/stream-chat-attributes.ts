import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { headersConverter, listConverter } from './attribute-converters.js';
import { DEFAULT_CONFIG, type ChatConfig } from './core/config.js';
import type { Balance } from './core/endpoint-pool.js';
import { OPTION_VALUES, warnInvalidOption, type EnumeratedOption } from './core/options.js';
import type { RevealMode } from './render/reveal.js';
import { DEFAULT_STRINGS } from './strings.js';
import type { ChatStrings, CodeHighlighter, FormatOption, ProtocolOption, RequestBodyInput } from './types.js';

/**
 * The attributes (and properties) of `<stream-chat>`, and their mapping onto the one
 * `ChatConfig` the session reads at each send. A new option: a property here, a field of
 * `ChatConfig` (src/core/config.ts) with its default, and one line in `config`.
 */
export class StreamChatAttributes extends LitElement {
  // `static properties` rather than decorators: the decorators' helpers cost ~0.6 KB gzip.
  static override properties: PropertyDeclarations = {
    endpoint: {},
    protocol: {},
    format: {},
    contentPath: { attribute: 'content-path' },
    model: {},
    system: {},
    headers: { converter: headersConverter },
    streamIdHeader: { attribute: 'stream-id-header' },
    credentials: {},
    maxRetries: { attribute: 'max-retries', type: Number },
    retryDelay: { attribute: 'retry-delay', type: Number },
    retryMaxDelay: { attribute: 'retry-max-delay', type: Number },
    idleTimeout: { attribute: 'idle-timeout', type: Number },
    balance: {},
    healthInterval: { attribute: 'health-interval', type: Number },
    healthPath: { attribute: 'health-path' },
    persist: {},
    maxMessages: { attribute: 'max-messages', type: Number },
    maxEventBytes: { attribute: 'max-event-bytes', type: Number },
    maxAnswerChars: { attribute: 'max-answer-chars', type: Number },
    placeholder: {},
    plain: { type: Boolean, reflect: true },
    theme: { reflect: true },
    layout: { reflect: true },
    imageOrigins: { attribute: 'image-origins', converter: listConverter },
    hideMetadata: { attribute: 'hide-metadata', type: Boolean, reflect: true },
    reveal: {},
    // Not `scroll`: that is Element's own method.
    scrollMode: { attribute: 'scroll' },
    strings: { attribute: false },
    highlight: { attribute: false },
    requestBody: { attribute: false },
  };

  /** Backend URL; several whitespace-separated URLs form a pool. `ws:`/`wss:` use WebSocket. */
  endpoint = DEFAULT_CONFIG.endpoint;
  /** `sse`, `websocket`, `ndjson`, `text` or `auto` (by URL scheme and response Content-Type). */
  protocol: ProtocolOption = DEFAULT_CONFIG.protocol;
  /** Payload format: `openai`, `openai-responses`, `anthropic`, `ai-sdk`, `ollama`, `native`, `text` or `auto`. */
  format: FormatOption = DEFAULT_CONFIG.format;
  /** Dot path to the text delta in each JSON payload (`choices.0.delta.content`), for any other backend. */
  contentPath?: string;
  /** Sent as `model` in the request body. */
  model?: string;
  /** System prompt, sent as the first message. */
  system?: string;
  /** Extra request headers: a JSON object in the attribute, an object as property. Never shown or stored. */
  headers: Record<string, string> = {};
  /** The request header that carries the stream id over HTTP; empty: none (for backends whose CORS does not allow it). */
  streamIdHeader = DEFAULT_CONFIG.streamIdHeader;
  /** fetch credentials mode. */
  credentials: RequestCredentials = DEFAULT_CONFIG.credentials;
  /** Reconnect attempts per stream before giving up. */
  maxRetries = DEFAULT_CONFIG.maxRetries;
  /** Base backoff in ms (exponential with full jitter). */
  retryDelay = DEFAULT_CONFIG.retryDelay;
  /** Backoff cap in ms. */
  retryMaxDelay = DEFAULT_CONFIG.retryMaxDelay;
  /** ms without any byte before a stream counts as stalled. */
  idleTimeout = DEFAULT_CONFIG.idleTimeout;
  /** Pool strategy: `failover` or `round-robin`. */
  balance: Balance = DEFAULT_CONFIG.balance;
  /** ms between health checks of pool endpoints (0 = off). */
  healthInterval = DEFAULT_CONFIG.healthInterval;
  /** Health check path, resolved against each endpoint: a pool probes `GET` on it and expects 2xx. */
  healthPath = DEFAULT_CONFIG.healthPath;
  /** Storage key; when set, the conversation survives a page reload. */
  persist?: string;
  /** Messages kept in memory (and storage); older ones are dropped. */
  maxMessages = DEFAULT_CONFIG.maxMessages;
  /** Largest single event or line accepted, in characters. */
  maxEventBytes = DEFAULT_CONFIG.maxEventBytes;
  /** Longest answer kept, in characters (0 = no cap): past it the stream is stopped with finish reason `length`. */
  maxAnswerChars = DEFAULT_CONFIG.maxAnswerChars;
  /** Composer placeholder (`strings.placeholder` when left at its default). */
  placeholder = DEFAULT_STRINGS.placeholder;
  /** Render text without markdown. */
  plain = false;
  /** `light`, `dark` or `auto` (follows `prefers-color-scheme`). */
  theme: 'light' | 'dark' | 'auto' = 'auto';
  /** `document` (answers full width, questions in bubbles) or `bubbles` (both in bubbles). */
  layout: 'document' | 'bubbles' = 'document';
  /** Origins images in answers may load from (`*` = any https/http origin). None by default: images show as links. */
  imageOrigins: string[] = [];
  /** Hides the model / tokens / timing line under answers. */
  hideMetadata = false;
  /**
   * How a streaming answer's text comes onto the screen: `none` (as it arrives), `fade`
   * (at a pace that adapts to the backlog, each new block fading in) or `typewriter` (at
   * that pace, character by character). Off under `prefers-reduced-motion`.
   */
  reveal: RevealMode = 'none';
  /**
   * The `scroll` attribute. `follow`: the log follows the streaming answer while the
   * reader is at the bottom. `top`: a question sent is scrolled to the top of the log and
   * its answer grows below it.
   */
  scrollMode: 'follow' | 'top' = 'follow';
  /** Replaces any visible string (i18n). */
  strings: Partial<ChatStrings> = {};
  /**
   * Highlights each code block once it is finished (in idle time, never per frame):
   * `(code, language)` returns HTML, which is sanitized and kept only if it holds nothing
   * but `<span class>` and the code's own text. Its `styles`, if any, are adopted into the
   * shadow root. `stream-chat-element/highlight` provides one.
   */
  highlight?: CodeHighlighter;
  /** Shapes the request body for backends that are not OpenAI-compatible. */
  requestBody?: (input: RequestBodyInput) => Record<string, unknown>;

  /** A misspelled enumerated value is warned about on the console, naming the valid ones. */
  override willUpdate(changed: PropertyValues<this>): void {
    for (const name of Object.keys(OPTION_VALUES) as EnumeratedOption[]) if (changed.has(name)) warnInvalidOption(name, this[name]);
    if (changed.has('scrollMode')) warnInvalidOption('scroll', this.scrollMode);
  }

  #textOf?: { strings: Partial<ChatStrings>; text: ChatStrings };
  /** The visible strings (one object per `strings` value: settled messages compare it). */
  protected get text(): ChatStrings {
    if (this.#textOf?.strings !== this.strings) this.#textOf = { strings: this.strings, text: { ...DEFAULT_STRINGS, ...this.strings } };
    return this.#textOf.text;
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

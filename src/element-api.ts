import type {
  ChatMessage, ChatStats, ChatStrings, ConnectionState, FormatOption, ProtocolOption, RequestBodyInput,
} from './types.js';

/**
 * The public surface of `<stream-chat>`: what the published `stream-chat.d.ts` declares
 * (on an `HTMLElement`, so it needs no Lit types); the element implements it.
 */
export interface StreamChatProperties {
  /** Backend URL; several whitespace-separated URLs form a pool. `ws:`/`wss:` use WebSocket. */
  endpoint: string;
  /** `sse`, `websocket`, `ndjson`, `text` or `auto` (by URL scheme and response Content-Type). */
  protocol: ProtocolOption;
  /** Payload format: `openai`, `openai-responses`, `anthropic`, `ai-sdk`, `ollama`, `native`, `text` or `auto`. */
  format: FormatOption;
  /** Dot path to the text delta in each JSON payload (`choices.0.delta.content`), for any other backend. */
  contentPath?: string;
  /** Sent as `model` in the request body. */
  model?: string;
  /** System prompt, sent as the first message. */
  system?: string;
  /** Extra request headers. Never shown, logged or stored. */
  headers: Record<string, string>;
  /** The request header that carries the stream id over HTTP (default `X-Stream-Id`); empty: none. */
  streamIdHeader: string;
  /** fetch credentials mode. */
  credentials: RequestCredentials;
  /** Reconnect attempts per stream before giving up. */
  maxRetries: number;
  /** Base backoff in ms (exponential with full jitter). */
  retryDelay: number;
  /** Backoff cap in ms. */
  retryMaxDelay: number;
  /** ms without any byte before a stream counts as stalled. */
  idleTimeout: number;
  /** Pool strategy. */
  balance: 'failover' | 'round-robin';
  /** ms between health checks of pool endpoints (0 = off). */
  healthInterval: number;
  /** Health check path, resolved against each endpoint. */
  healthPath: string;
  /** Storage key; when set, the conversation survives a page reload. */
  persist?: string;
  /** Messages kept in memory, in the DOM and in storage. */
  maxMessages: number;
  /** Largest single event, line or frame accepted, in characters. */
  maxEventBytes: number;
  /** Longest answer kept, in characters (0 = no cap). */
  maxAnswerChars: number;
  /** Composer placeholder. */
  placeholder: string;
  /** Render answers as plain text, no markdown. */
  plain: boolean;
  /** `light`, `dark` or `auto` (follows `prefers-color-scheme`). */
  theme: 'light' | 'dark' | 'auto';
  /** Origins images in answers may load from (`*` = any http(s) origin). */
  imageOrigins: string[];
  /** Hides the model / tokens / timing line under answers. */
  hideMetadata: boolean;
  /** Replaces any visible string (i18n). */
  strings: Partial<ChatStrings>;
  /** Shapes the request body for backends that are not OpenAI-compatible. */
  requestBody?: (input: RequestBodyInput) => Record<string, unknown>;

  /** The conversation, oldest first. */
  readonly messages: readonly ChatMessage[];
  readonly state: ConnectionState;
  readonly stats: ChatStats;

  /** Sends `text` and resolves with the final assistant message, whatever its status. */
  send(text: string): Promise<ChatMessage>;
  /** Cancels the streaming answer; its partial text stays. */
  stop(): void;
  /** Asks again for the answer to the last user message. */
  regenerate(): Promise<ChatMessage>;
  /** Empties the conversation (and its stored copy). */
  clear(): void;
}

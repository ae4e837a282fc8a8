/** Public types of `<stream-chat>` (see CONTRACT.md). */

export type ConnectionState = 'idle' | 'connecting' | 'streaming' | 'reconnecting' | 'error';

export type MessageRole = 'system' | 'user' | 'assistant';

export type MessageStatus = 'pending' | 'streaming' | 'complete' | 'cancelled' | 'interrupted' | 'error';

export type ErrorCode = 'network' | 'http' | 'auth' | 'rate_limit' | 'timeout' | 'protocol' | 'server' | 'aborted' | 'config';

export interface ChatErrorInfo {
  code: ErrorCode | string;
  message: string;
  status?: number;
  /** The backend's own words (an error body or payload), or what exactly could not be read. */
  detail?: string;
}

export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

export interface ChatMessage {
  id: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  createdAt: number;
  completedAt?: number;
  metadata: {
    model?: string;
    finishReason?: string;
    endpoint?: string;
    usage?: Usage;
    firstChunkMs?: number;
    durationMs?: number;
    retries?: number;
    error?: ChatErrorInfo;
    /** Reasoning ("thinking") text, for formats that stream it apart from the answer. */
    reasoning?: string;
  };
}

/** Pool strategy: first healthy endpoint in order, or round-robin over the healthy ones. */
export type Balance = 'failover' | 'round-robin';

export type Protocol = 'sse' | 'websocket' | 'ndjson' | 'text';
export type ProtocolOption = Protocol | 'auto';

export type FormatName = 'openai' | 'openai-responses' | 'anthropic' | 'ai-sdk' | 'ollama' | 'native' | 'text';
export type FormatOption = FormatName | 'auto';

export interface EndpointStats {
  url: string;
  healthy: boolean;
  consecutiveFailures: number;
  lastError?: ChatErrorInfo;
  latencyMs?: number;
  lastChecked?: number;
}

export interface StreamStats {
  messageId: string;
  endpoint?: string;
  protocol?: Protocol;
  bytes: number;
  chunks: number;
  reconnects: number;
  firstChunkMs?: number;
  durationMs?: number;
}

export interface ChatStats {
  /** Bytes received over every stream since the element was created. */
  bytesReceived: number;
  /** Text chunks received over every stream. */
  chunksReceived: number;
  /** Reconnect attempts made over every stream. */
  reconnects: number;
  /** Streams started. */
  streams: number;
  /** Errors seen (each failed attempt counts). */
  errors: number;
  /** The current or last stream. */
  lastStream?: StreamStats;
  endpoints: EndpointStats[];
}

/** What the `requestBody` property receives to shape a request body. */
export interface RequestBodyInput {
  messages: { role: MessageRole; content: string }[];
  model?: string;
  streamId: string;
}

/**
 * Highlights one code block: `(code, language)` (the fence's language as written, `''`
 * without one) returns the code as HTML. The widget sanitizes it and keeps it only if it
 * holds nothing but `<span class>` and exactly the code's text.
 */
export interface CodeHighlighter {
  (code: string, language: string): string;
  /** Styles for the spans, which the element adopts into its shadow root with the hook. */
  styles?: CSSStyleSheet;
}

/** Visible strings; every one can be replaced through the `strings` property. */
export interface ChatStrings {
  placeholder: string;
  send: string;
  stop: string;
  retry: string;
  regenerate: string;
  copy: string;
  copied: string;
  copyFailed: string;
  /** Error lines, by error code (`{status}`: the HTTP status); the backend's own message follows when it sent one. */
  errorNetwork: string;
  errorHttp: string;
  errorAuth: string;
  errorRateLimit: string;
  errorTimeout: string;
  errorProtocol: string;
  errorServer: string;
  noEndpoint: string;
  copyCode: string;
  jumpToLatest: string;
  responding: string;
  responseComplete: string;
  responseStopped: string;
  reconnecting: string;
  interrupted: string;
  inputLabel: string;
  logLabel: string;
  you: string;
  assistant: string;
  empty: string;
  /** After "N": the answer's output (completion) tokens. */
  tokens: string;
  firstToken: string;
  /** Marks a stopped answer in its metadata line. */
  stopped: string;
  /** Status line when Enter is pressed while an answer streams (the typed text is kept). */
  stillStreaming: string;
}

/**
 * The one configuration of a chat: the element maps its attributes onto it (same names,
 * camelCased), a headless `ChatSession` takes it directly, and it flows unchanged to the
 * stream runner and the transports. A new option is added here and read where it is used.
 */
export interface ChatConfig {
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
  /** Backoff cap in ms; a server-requested delay is capped by it too. */
  retryMaxDelay: number;
  /** ms without any byte before a stream counts as stalled. */
  idleTimeout: number;
  /** Pool strategy. */
  balance: Balance;
  /** ms between health checks of pool endpoints (0 = off); also how long a failed endpoint is set aside. */
  healthInterval: number;
  /** Health check path, resolved against each endpoint. */
  healthPath: string;
  /** Messages kept in memory (and, in the element, in the DOM and in storage); older ones are dropped. */
  maxMessages: number;
  /** Largest single event, line or frame accepted, in characters. */
  maxEventBytes: number;
  /** Longest answer kept, in characters (0 = no cap). */
  maxAnswerChars: number;
  /** Shapes the request body for backends that are not OpenAI-compatible. */
  requestBody?: (input: RequestBodyInput) => Record<string, unknown>;
}

/**
 * What changed in a `ChatSession`: `messages` (one was added, removed or ended: worth
 * saving at once), `delta` (an answer grew; it can happen thousands of times a second:
 * coalesce, e.g. once per animation frame) or `state` (the connection state).
 */
export type ChatChange = 'messages' | 'delta' | 'state';

/** What a `ChatSession` is given. */
export interface ChatSessionOptions {
  /** The configuration (defaults fill what is left out), or a function read at each send. */
  config?: Partial<ChatConfig> | (() => ChatConfig);
  /** Where the events are dispatched (an element passes itself); the session by default. */
  eventTarget?: EventTarget;
  /** Something to render changed (see `ChatChange`). */
  onChange?: (change: ChatChange) => void;
}

/** The public surface of `ChatSession`, the chat without UI under `<stream-chat>`. */
export interface ChatSessionApi extends EventTarget {
  readonly config: ChatConfig;
  /** The conversation, oldest first. */
  readonly messages: readonly ChatMessage[];
  readonly state: ConnectionState;
  readonly stats: ChatStats;
  /** Whether an answer is streaming. */
  readonly busy: boolean;
  /** Sends `text` as a user message and streams the answer; resolves with it whatever its status. */
  send(text: string): Promise<ChatMessage>;
  /** Asks again for the answer to the last user message. */
  regenerate(): Promise<ChatMessage>;
  /** Cancels the streaming answer; its partial text stays. */
  stop(): void;
  /** Empties the conversation. */
  clear(): void;
  /** Stops the stream and closes the WebSocket connections (the session can be used again). */
  dispose(): void;
  /** Applies a changed `endpoint`, `balance` or `maxMessages` at once (otherwise at the next send). */
  applyConfig(): void;
}

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

/** One piece of a structured answer (CONTRACT.md "Structured answers"). */
export type MessagePart =
  | { type: 'text'; text: string; state: 'streaming' | 'done' }
  | { type: 'reasoning'; text: string; state: 'streaming' | 'done'; durationMs?: number; signature?: string; redacted?: boolean }
  | ToolPart
  | { type: 'source'; sourceId: string; url?: string; title?: string; mediaType?: string; filename?: string }
  | { type: 'file'; url: string; mediaType: string; filename?: string }
  | { type: 'data'; name: string; id?: string; data: unknown };

export type ToolState =
  | 'input-streaming' | 'input-available' | 'approval-requested' | 'approval-responded'
  | 'output-available' | 'output-error' | 'output-denied';

/** A tool call: streamed for the page to run (or approve), or run by the provider itself. */
export interface ToolPart {
  type: 'tool';
  toolCallId: string;
  toolName: string;
  state: ToolState;
  /** Parsed arguments (partial JSON while `input-streaming`). */
  input?: unknown;
  output?: unknown;
  errorText?: string;
  preliminary?: boolean;
  /** True for tools the provider ran itself (web search…). */
  providerExecuted?: boolean;
  /** `requestReason` is the server's, `reason` the user's. */
  approval?: { id: string; approved?: boolean; reason?: string; requestReason?: string };
}

export interface ChatMessage {
  id: string;
  role: MessageRole;
  content: string;
  /** The answer's pieces in arrival order; `content` is its text parts joined. */
  parts: MessagePart[];
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
  /** Every message with its id and parts (an AI SDK route turns them into UI messages). */
  messages: { id: string; role: MessageRole; content: string; parts: MessagePart[] }[];
  model?: string;
  streamId: string;
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
  tokens: string;
  firstToken: string;
  /** Reasoning disclosure: while it streams, once done ("Thought for 4 s"), without a duration. */
  thinking: string;
  thoughtFor: string;
  thought: string;
  reasoningRedacted: string;
  /** Tool card states. */
  toolRunning: string;
  toolDone: string;
  toolFailed: string;
  toolAwaitingApproval: string;
  toolDenied: string;
  toolOutput: string;
  /** The status region while a tool runs: "Using tool <name>…". */
  usingTool: string;
  sources: string;
  approve: string;
  deny: string;
}

/** Tool names mapped to a function that draws that tool's call instead of the default card. */
export type ToolRenderers = Record<string, (part: ToolPart) => Node>;

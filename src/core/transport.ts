import type { Protocol } from '../types.js';
import type { ChatConfig } from './config.js';

/** One unit of payload as a transport delivers it: an SSE event, an NDJSON line, a WebSocket frame or a text chunk. */
export interface Frame {
  data: string;
  /** The SSE event's own `id` field, when it has one. */
  id?: string;
  /** SSE event type ('message' when the event names none). */
  event?: string;
}

/** Where a transport delivers what it reads. */
export interface TransportSink {
  /** The response started; `headers` are the HTTP response's (format hints). */
  open(info: { protocol: Protocol; headers?: Headers }): void;
  /** Returns true when the stream has ended (its end marker was read): the transport stops reading. */
  frame(frame: Frame): boolean;
  bytes(count: number): void;
  /** A server-requested reconnection delay (SSE `retry:`). */
  retryHint(ms: number): void;
}

/** What one attempt sends. */
export interface StreamRequest {
  url: string;
  streamId: string;
  /** The JSON request body (messages, model…). */
  body: Record<string, unknown>;
  /** The chat's configuration, as given (headers, credentials, protocol, idleTimeout, maxEventBytes…). */
  config: ChatConfig;
  /** Resume point of an interrupted SSE stream. */
  lastEventId?: string;
  /** Resume point of an interrupted WebSocket stream. */
  lastSeq?: number;
  signal: AbortSignal;
}

/** Runs one attempt: resolves at the end of the response, rejects with a StreamError. */
export type Transport = (request: StreamRequest, sink: TransportSink) => Promise<void>;

export function isWebSocketUrl(url: string): boolean {
  return /^wss?:/i.test(url);
}

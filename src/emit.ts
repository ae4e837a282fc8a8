import type { ChatErrorInfo, ChatMessage, ConnectionState, Protocol } from './types.js';

/** Every event `<stream-chat>` dispatches, with its detail. */
export interface StreamChatEventMap {
  'message-send': { message: ChatMessage };
  'stream-start': { messageId: string; endpoint: string; protocol: Protocol };
  'stream-chunk': { messageId: string; chunk: { index: number; content: string; timestamp: number }; content: string };
  'stream-complete': { messageId: string; message: ChatMessage };
  'stream-cancel': { messageId: string; content: string };
  'stream-error': { messageId: string; error: ChatErrorInfo; willRetry: boolean; attempt: number };
  'connection-change': { state: ConnectionState; previous: ConnectionState; endpoint?: string; attempt: number };
}

/**
 * Dispatches one of the element's events: a CustomEvent that bubbles and crosses shadow
 * roots. Returns false when a cancelable event was prevented.
 */
export function emit<K extends keyof StreamChatEventMap>(
  target: EventTarget,
  name: K,
  detail: StreamChatEventMap[K],
  options: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }),
  );
}

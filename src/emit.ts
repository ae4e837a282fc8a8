import type { ChatErrorInfo, ChatMessage, ConnectionState, MessagePart, Protocol, ToolPart } from './types.js';

/** Every event `<stream-chat>` dispatches, with its detail. */
export interface StreamChatEventMap {
  'message-send': { message: ChatMessage };
  'stream-start': { messageId: string; endpoint: string; protocol: Protocol };
  'stream-chunk': { messageId: string; chunk: { index: number; content: string; timestamp: number }; content: string };
  'stream-complete': { messageId: string; message: ChatMessage };
  'stream-cancel': { messageId: string; content: string };
  'stream-error': { messageId: string; error: ChatErrorInfo; willRetry: boolean; attempt: number };
  'connection-change': { state: ConnectionState; previous: ConnectionState; endpoint?: string; attempt: number };
  /** A non-text part was added or changed (`part: null, removed: true` when it was removed). */
  'stream-part': { messageId: string; part: MessagePart | null; index: number; removed?: true };
  /** A tool call asks for approval; `preventDefault()` keeps the widget's own buttons from showing. */
  'tool-approval': { messageId: string; part: ToolPart };
  /** A transient AI SDK data part (never stored in `parts`). */
  'stream-data': { messageId: string; name: string; id?: string; data: unknown };
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

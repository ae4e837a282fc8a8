import type { ChatErrorInfo, ChatMessage, ConnectionState, Protocol } from './types.js';

/** `message-send`: a user message is about to be sent; cancelable. */
export interface MessageSendDetail {
  message: ChatMessage;
}

/** `stream-start`: the response started streaming. */
export interface StreamStartDetail {
  messageId: string;
  endpoint: string;
  protocol: Protocol;
}

/** `stream-chunk`: one chunk of text; `content` is the text so far. */
export interface StreamChunkDetail {
  messageId: string;
  chunk: { index: number; content: string; timestamp: number };
  content: string;
}

/** `stream-complete`: the answer ended, whatever its status (read `message.status`). */
export interface StreamCompleteDetail {
  messageId: string;
  message: ChatMessage;
}

/** `stream-cancel`: the answer was stopped. */
export interface StreamCancelDetail {
  messageId: string;
  content: string;
}

/** `stream-error`: one attempt failed. */
export interface StreamErrorDetail {
  messageId: string;
  error: ChatErrorInfo;
  willRetry: boolean;
  attempt: number;
}

/** `connection-change`: the connection state changed, or moved to another endpoint. */
export interface ConnectionChangeDetail {
  state: ConnectionState;
  previous: ConnectionState;
  endpoint?: string;
  attempt: number;
}

/** `stream-part`: a non-text part of the answer was added, changed, or removed (`part: null`). */
export interface StreamPartDetail {
  messageId: string;
  part: { type: string; [field: string]: unknown } | null;
  index: number;
  removed?: true;
}

/** `tool-approval`: a tool call asks for approval; cancelable (keeps the widget's own buttons hidden). */
export interface ToolApprovalDetail {
  messageId: string;
  part: { type: 'tool'; toolCallId: string; toolName: string; [field: string]: unknown };
}

/** `stream-data`: a transient AI SDK data part (never stored in `parts`). */
export interface StreamDataDetail {
  messageId: string;
  name: string;
  id?: string;
  data: unknown;
}

/** The `detail` of every event `<stream-chat>` dispatches. */
export interface StreamChatEventDetails {
  'message-send': MessageSendDetail;
  'stream-start': StreamStartDetail;
  'stream-chunk': StreamChunkDetail;
  'stream-complete': StreamCompleteDetail;
  'stream-cancel': StreamCancelDetail;
  'stream-error': StreamErrorDetail;
  'connection-change': ConnectionChangeDetail;
  'stream-part': StreamPartDetail;
  'tool-approval': ToolApprovalDetail;
  'stream-data': StreamDataDetail;
}

/** Every event `<stream-chat>` dispatches: CustomEvents that bubble and cross shadow roots. */
export type StreamChatEventMap = { [K in keyof StreamChatEventDetails]: CustomEvent<StreamChatEventDetails[K]> };

declare global {
  // The events bubble out of the element, so any element's listener gets them typed.
  interface HTMLElementEventMap extends StreamChatEventMap {}
}

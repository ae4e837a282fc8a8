import type { ChatConfig, CodeHighlighter, ChatMessage, ChatStats, ChatStrings, ConnectionState } from './types.js';

/**
 * The public surface of `<stream-chat>`: what the published `stream-chat.d.ts` declares
 * (on an `HTMLElement`, so it needs no Lit types); the element implements it. Its
 * attributes are the `ChatConfig` a headless `ChatSession` takes, and the look's own.
 */
export interface StreamChatProperties extends ChatConfig {
  /** Storage key; when set, the conversation survives a page reload. */
  persist?: string;
  /** Composer placeholder. */
  placeholder: string;
  /** Render answers as plain text, no markdown. */
  plain: boolean;
  /** `light`, `dark` or `auto` (follows `prefers-color-scheme`). */
  theme: 'light' | 'dark' | 'auto';
  /** `document` (answers full width, questions in bubbles) or `bubbles` (both in bubbles). */
  layout: 'document' | 'bubbles';
  /** Origins images in answers may load from (`*` = any http(s) origin). */
  imageOrigins: string[];
  /** Hides the model / tokens / timing line under answers. */
  hideMetadata: boolean;
  /** How a streaming answer's text comes onto the screen: `none`, `fade` or `typewriter`. */
  reveal: 'none' | 'fade' | 'typewriter';
  /** The `scroll` attribute: `follow` the streaming answer, or scroll a question sent to the `top` of the log. */
  scrollMode: 'follow' | 'top';
  /** Replaces any visible string (i18n). */
  strings: Partial<ChatStrings>;
  /** Highlights each finished code block once: `(code, language)` → HTML, sanitized by the widget. */
  highlight?: CodeHighlighter;

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

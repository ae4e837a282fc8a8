import type { ChatMessage, MessagePart, MessageRole, MessageStatus } from '../types.js';

/** An id that needs no secure context (`crypto.randomUUID` does). */
export function newId(prefix = 'msg'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return `${prefix}_${Date.now().toString(36)}${Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('')}`;
}

export type HistoryMessage = Pick<ChatMessage, 'id' | 'role' | 'content' | 'parts'>;

/** The parts of a message that is plain text. */
export const textParts = (text: string): MessagePart[] => (text ? [{ type: 'text', text, state: 'done' }] : []);

const FINISHED: ReadonlySet<MessageStatus> = new Set(['complete', 'cancelled', 'interrupted', 'error']);

export const isFinished = (message: ChatMessage) => FINISHED.has(message.status);

/**
 * The messages of one conversation, bounded by `maxMessages` (oldest dropped first,
 * never one that is still streaming). A streamed answer keeps one string, not an
 * object per chunk.
 */
export class Conversation {
  private list: ChatMessage[] = [];

  constructor(public maxMessages = 500) {}

  get messages(): readonly ChatMessage[] {
    return this.list;
  }

  create(role: MessageRole, content: string, status: MessageStatus): ChatMessage {
    return { id: newId(), role, content, parts: textParts(content), status, createdAt: Date.now(), metadata: {} };
  }

  push(message: ChatMessage): ChatMessage {
    this.list.push(message);
    this.trim();
    return message;
  }

  /** Drops `message` and everything after it. */
  truncateFrom(message: ChatMessage): void {
    const index = this.list.indexOf(message);
    if (index >= 0) this.list.splice(index);
  }

  /** Applies a new bound at once. */
  setMax(max: number): void {
    this.maxMessages = max;
    this.trim();
  }

  replaceAll(messages: ChatMessage[]): void {
    this.list = messages;
    this.trim();
  }

  clear(): void {
    this.list = [];
  }

  lastOfRole(role: MessageRole): ChatMessage | undefined {
    return this.list.findLast((m) => m.role === role);
  }

  /**
   * The history a request sends: every message with text or parts, in order, with its id
   * and parts (an AI SDK route reads them as UI messages). `continuing` is an answer that
   * goes on after a tool approval: it is sent too.
   */
  history(system?: string, continuing?: ChatMessage): HistoryMessage[] {
    const messages = this.list
      .filter((m) => (m.content || m.parts.length) && (m.role === 'user' || isFinished(m) || m === continuing))
      .map(({ id, role, content, parts }) => ({ id, role, content, parts }));
    return system ? [{ id: 'system', role: 'system', content: system, parts: textParts(system) }, ...messages] : messages;
  }

  private trim(): void {
    const max = Math.max(1, Math.floor(this.maxMessages) || 1);
    while (this.list.length > max) {
      const index = this.list.findIndex(isFinished);
      if (index < 0) break;
      this.list.splice(index, 1);
    }
  }
}

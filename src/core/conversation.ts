import type { ChatMessage, MessageRole, MessageStatus } from '../types.js';

/** An id that needs no secure context (`crypto.randomUUID` does). */
export function newId(prefix = 'msg'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return `${prefix}_${Date.now().toString(36)}${Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('')}`;
}

const FINISHED: ReadonlySet<MessageStatus> = new Set(['complete', 'cancelled', 'interrupted', 'error']);

export const isFinished = (message: ChatMessage) => FINISHED.has(message.status);

/**
 * The messages of one conversation, bounded by `maxMessages` (oldest dropped first,
 * never one that is still streaming). A streamed answer keeps one string, not an
 * object per chunk.
 */
export class Conversation {
  #list: ChatMessage[] = [];

  constructor(public maxMessages = 500) {}

  get messages(): readonly ChatMessage[] {
    return this.#list;
  }

  create(role: MessageRole, content: string, status: MessageStatus): ChatMessage {
    return { id: newId(), role, content, status, createdAt: Date.now(), metadata: {} };
  }

  push(message: ChatMessage): ChatMessage {
    this.#list.push(message);
    this.#trim();
    return message;
  }

  /** Drops `message` and everything after it. */
  truncateFrom(message: ChatMessage): void {
    const index = this.#list.indexOf(message);
    if (index >= 0) this.#list.splice(index);
  }

  /** Applies a new bound at once. */
  setMax(max: number): void {
    this.maxMessages = max;
    this.#trim();
  }

  replaceAll(messages: ChatMessage[]): void {
    this.#list = messages;
    this.#trim();
  }

  clear(): void {
    this.#list = [];
  }

  lastOfRole(role: MessageRole): ChatMessage | undefined {
    return this.#list.findLast((m) => m.role === role);
  }

  /** The history a request sends: every message with text, in order. */
  history(system?: string): { role: MessageRole; content: string }[] {
    const messages = this.#list
      .filter((m) => m.content && (m.role === 'user' || isFinished(m)))
      .map(({ role, content }) => ({ role, content }));
    return system ? [{ role: 'system', content: system }, ...messages] : messages;
  }

  #trim(): void {
    const max = Math.max(1, Math.floor(this.maxMessages) || 1);
    while (this.#list.length > max) {
      const index = this.#list.findIndex(isFinished);
      if (index < 0) break;
      this.#list.splice(index, 1);
    }
  }
}

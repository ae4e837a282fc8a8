import type { ChatMessage } from '../types.js';

/** Where a persisted conversation lives. */
export interface ConversationStore {
  load(key: string): Promise<ChatMessage[] | undefined>;
  save(key: string, messages: readonly ChatMessage[]): Promise<void>;
  remove(key: string): Promise<void>;
}

const DB = 'stream-chat';
const STORE = 'conversations';
/** Upper bound of what one conversation stores (characters of text). */
const MAX_STORED_CHARS = 4_000_000;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * IndexedDB: one record per key, written whole in one transaction, so two tabs with the
 * same key never interleave half-written conversations (the last write wins).
 */
export class IndexedDbStore implements ConversationStore {
  #db?: Promise<IDBDatabase>;

  #open(): Promise<IDBDatabase> {
    return (this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('IndexedDB is blocked'));
    }).catch((error) => {
      this.#db = undefined; // tried again next time: a blocked database may free up
      throw error;
    }));
  }

  async #store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.#open()).transaction(STORE, mode).objectStore(STORE);
  }

  async load(key: string): Promise<ChatMessage[] | undefined> {
    const value = await request((await this.#store('readonly')).get(key));
    return Array.isArray(value?.messages) ? value.messages : undefined;
  }

  async save(key: string, messages: readonly ChatMessage[]): Promise<void> {
    await request((await this.#store('readwrite')).put({ messages: bounded(messages), savedAt: Date.now() }, key));
  }

  async remove(key: string): Promise<void> {
    await request((await this.#store('readwrite')).delete(key));
  }
}

/** Drops the oldest messages until the text fits the storage bound. */
function bounded(messages: readonly ChatMessage[]): ChatMessage[] {
  let total = 0;
  let start = messages.length;
  while (start > 0 && total + messages[start - 1].content.length <= MAX_STORED_CHARS) total += messages[--start].content.length;
  return messages.slice(start).map((m) => ({ ...m, metadata: { ...m.metadata } }));
}

/** Whether a stored value looks like a message (storage is input like any other). */
export function isMessage(value: unknown): value is ChatMessage {
  const m = value as ChatMessage;
  return (
    !!m && typeof m.id === 'string' && typeof m.content === 'string' && typeof m.createdAt === 'number' &&
    ['system', 'user', 'assistant'].includes(m.role) && typeof m.status === 'string' && !!m.metadata && typeof m.metadata === 'object'
  );
}

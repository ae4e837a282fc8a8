import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Conversation } from '../core/conversation.js';
import { IndexedDbStore, isMessage, type ConversationStore } from '../core/storage.js';

/** While an answer streams, it is saved at most this often. */
const SAVE_INTERVAL_MS = 400;

/**
 * `persist="key"`: restores the conversation on connect and saves it (throttled) as it
 * changes. An answer that was still streaming when the page went away comes back
 * `interrupted`, its partial text kept. Storage that is missing, blocked or full falls
 * back to memory with one console warning, never an exception.
 */
export class PersistController implements ReactiveController {
  #timer?: ReturnType<typeof setTimeout>;
  #loadedKey?: string;
  #warned = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly conversation: Conversation,
    private readonly key: () => string | undefined,
    private readonly store: ConversationStore = new IndexedDbStore(),
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.restore();
  }

  hostDisconnected(): void {
    this.#flush();
  }

  /** (Re)loads when the key changes; only into an empty conversation, so nothing typed is lost. */
  async restore(): Promise<void> {
    const key = this.key();
    if (!key || key === this.#loadedKey) return;
    this.#loadedKey = key;
    const stored = await this.#attempt(() => this.store.load(key));
    if (!stored || this.conversation.messages.length || key !== this.key()) return;
    const messages = stored.filter(isMessage).map((m) =>
      m.status === 'pending' || m.status === 'streaming' ? { ...m, status: 'interrupted' as const, completedAt: m.completedAt ?? Date.now() } : m,
    );
    this.conversation.replaceAll(messages);
    this.host.requestUpdate();
  }

  /** The conversation changed: save at once when `now`, else at most every SAVE_INTERVAL_MS. */
  changed(now = false): void {
    if (!this.key()) return;
    if (now) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), SAVE_INTERVAL_MS);
  }

  async clear(): Promise<void> {
    clearTimeout(this.#timer);
    const key = this.key();
    if (key) await this.#attempt(() => this.store.remove(key));
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const key = this.key();
    if (key && key === this.#loadedKey) void this.#attempt(() => this.store.save(key, this.conversation.messages));
  }

  async #attempt<T>(action: () => Promise<T>): Promise<T | undefined> {
    try {
      return await action();
    } catch (error) {
      if (!this.#warned) {
        this.#warned = true;
        console.warn(`<stream-chat persist="${this.key()}">: storage is unavailable; the conversation is kept in memory only.`, error);
      }
      return undefined;
    }
  }
}

import { html, nothing, render, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ComposerSizeController } from './controllers/composer-size-controller.js';
import { HealthController } from './controllers/health-controller.js';
import { PersistController } from './controllers/persist-controller.js';
import { ScrollController } from './controllers/scroll-controller.js';
import { ChatSession } from './core/chat-session.js';
import { onIdle } from './core/platform.js';
import type { StreamChatProperties } from './element-api.js';
import { Announcer } from './render/announcer.js';
import { COPIED_MS, onCopyCodeClick, writeClipboard } from './render/clipboard.js';
import { composerView, type ComposerContext } from './render/composer-view.js';
import { warmUpRenderer } from './render/content-directive.js';
import { DOWN, icon } from './render/icons.js';
import { messageView, type MessageViewContext } from './render/message-view.js';
import { FramePacer } from './render/pacing.js';
import { styles } from './styles.js';
import { StreamChatAttributes } from './stream-chat-attributes.js';
import type { ChatMessage, ChatStats, ConnectionState, MessageRole } from './types.js';

export type * from './types.js';
export type * from './events.js';
export type { StreamChatProperties } from './element-api.js';
export { ChatSession } from './core/chat-session.js';

/**
 * A chat that streams an AI backend's answer as it is generated, over SSE, WebSocket or
 * HTTP streaming, rendering markdown safely and incrementally.
 *
 * @summary Embeddable streaming AI chat.
 *
 * @event {CustomEvent<MessageSendDetail>} message-send - `{ message }` before a user message is sent; cancelable.
 * @event {CustomEvent<StreamStartDetail>} stream-start - `{ messageId, endpoint, protocol }` when an answer starts streaming.
 * @event {CustomEvent<StreamChunkDetail>} stream-chunk - `{ messageId, chunk: { index, content, timestamp }, content }` for every chunk.
 * @event {CustomEvent<StreamCompleteDetail>} stream-complete - `{ messageId, message }` when an answer ends, whatever its status.
 * @event {CustomEvent<StreamCancelDetail>} stream-cancel - `{ messageId, content }` when an answer is stopped.
 * @event {CustomEvent<StreamErrorDetail>} stream-error - `{ messageId, error: { code, message, status? }, willRetry, attempt }` for each failed attempt.
 * @event {CustomEvent<ConnectionChangeDetail>} connection-change - `{ state, previous, endpoint, attempt }` when the connection state changes.
 *
 * @slot header - Above the conversation.
 * @slot empty - Shown while the conversation is empty.
 * @slot user-avatar - An avatar (an `<img>`, an icon) shown beside each question: each message shows a copy of it, decorative (`aria-hidden`).
 * @slot assistant-avatar - An avatar shown beside each answer, copied the same way.
 *
 * @csspart log - The scrolling conversation (`role="log"`).
 * @csspart message - Every message: a question's bubble, an answer (a bubble too with `layout="bubbles"`).
 * @csspart user - A user message.
 * @csspart assistant - An assistant message.
 * @csspart content - The text of a message.
 * @csspart cursor - The blinking cursor at the end of a streaming answer.
 * @csspart error - The error line of a failed or interrupted answer.
 * @csspart status - The connection status line.
 * @csspart composer - The form around the input and buttons.
 * @csspart input - The message textarea.
 * @csspart send-button - The Send button.
 * @csspart stop-button - The Stop button (while an answer streams).
 * @csspart actions - The buttons under an answer (copy, regenerate, retry).
 * @csspart metadata - Model, tokens and timing under an answer.
 * @csspart jump-button - The "Jump to latest" button.
 * @csspart copy-code-button - The "Copy code" button on each code block.
 * @csspart code-label - The language named by a code block's fence, beside its "Copy code" button.
 * @csspart retry-button - The Retry button of a failed or interrupted answer.
 * @csspart avatar - The copy of a slotted avatar beside a message.
 *
 * @cssprop --stream-chat-bg - Background.
 * @cssprop --stream-chat-fg - Text colour.
 * @cssprop --stream-chat-muted - Secondary text colour.
 * @cssprop --stream-chat-border - Border colour.
 * @cssprop --stream-chat-input-border - Border of the message input (3:1 against the background).
 * @cssprop --stream-chat-accent - Accent colour: the Send button (and the questions' bubbles with `layout="bubbles"`).
 * @cssprop --stream-chat-accent-fg - Text and icons on the accent colour.
 * @cssprop --stream-chat-user-bg - Question bubble background.
 * @cssprop --stream-chat-user-fg - Question bubble text.
 * @cssprop --stream-chat-assistant-bg - Answer background (none in the document layout, a bubble with `layout="bubbles"`).
 * @cssprop --stream-chat-assistant-fg - Answer text.
 * @cssprop --stream-chat-code-bg - Code background.
 * @cssprop --stream-chat-error - Error text colour.
 * @cssprop --stream-chat-error-bg - Error background.
 * @cssprop --stream-chat-focus - Focus ring colour.
 * @cssprop --stream-chat-font - Font family.
 * @cssprop --stream-chat-mono-font - Code font family.
 * @cssprop --stream-chat-font-size - Base font size.
 * @cssprop --stream-chat-font-size-sm - Small text: metadata, status and error lines (`0.85em`).
 * @cssprop --stream-chat-font-size-lg - Headings in answers (`1.25em`).
 * @cssprop --stream-chat-radius - Corner radius of the widget (`12px`); the other radii derive from it.
 * @cssprop --stream-chat-radius-sm - Small radius: buttons, code blocks, error lines (half the radius).
 * @cssprop --stream-chat-radius-lg - Large radius: bubbles and the composer's field (1.5 times the radius).
 * @cssprop --stream-chat-spacing - Spacing unit (the spacing scale's step 3).
 * @cssprop --stream-chat-space-1 - Spacing scale, step 1 (`4px`).
 * @cssprop --stream-chat-space-2 - Spacing scale, step 2 (`8px`).
 * @cssprop --stream-chat-space-3 - Spacing scale, step 3 (`--stream-chat-spacing`, `12px`): paddings, the log's edges.
 * @cssprop --stream-chat-space-4 - Spacing scale, step 4 (`24px`): between messages.
 * @cssprop --stream-chat-column-width - Widest line of the conversation and the composer, centred in a wider widget (`48rem`).
 * @cssprop --stream-chat-avatar-size - Size of the avatars (`28px`).
 * @cssprop --stream-chat-max-width - Maximum width.
 * @cssprop --stream-chat-height - Height.
 */
export class StreamChat extends StreamChatAttributes implements StreamChatProperties {
  static override styles = styles;
  static override properties = { notice: { state: true }, copiedId: { state: true }, stillStreaming: { state: true }, avatars: { state: true } };

  /** The chat itself (messages, streams, events) without UI; its events are dispatched from the element. */
  readonly #session: ChatSession = new ChatSession({
    config: () => this.config,
    eventTarget: this,
    onChange: (change) => {
      if (change === 'delta') this.#pacer.schedule();
      else this.requestUpdate();
      if (change !== 'state') this.#persistence.changed(change === 'messages');
    },
  });
  readonly #pacer = new FramePacer(this);
  readonly #scroller = new ScrollController(this, () => this.#log);
  readonly #persistence = new PersistController(this, this.#session.conversation, () => this.persist || undefined);
  readonly #health = new HealthController(this, this.#session.pool, () => this.config);
  readonly #announcer = new Announcer(this);

  /** A problem that belongs to no message (no endpoint, a prevented send…). */
  private notice = '';
  private copiedId?: string;
  /** Enter was pressed while an answer streams: the status line says why nothing was sent. */
  private stillStreaming = false;
  /** What the page slotted as each role's avatar; each message shows a copy. */
  private avatars: MessageViewContext['avatars'] = {};
  get #log(): HTMLElement | undefined {
    return this.shadowRoot?.querySelector<HTMLElement>('.log') ?? undefined;
  }

  /** The conversation, oldest first. */
  get messages(): readonly ChatMessage[] {
    return [...this.#session.messages];
  }

  get state(): ConnectionState {
    return this.#session.state;
  }

  get stats(): ChatStats {
    return this.#session.stats;
  }

  /** Sends `text` and resolves with the final assistant message, whatever its status. */
  send(text: string): Promise<ChatMessage> {
    return this.#start(this.#session.send(text));
  }

  /** Cancels the streaming answer; its partial text stays. */
  stop(): void {
    this.#session.stop();
  }

  /** Asks again for the answer to the last user message. */
  regenerate(): Promise<ChatMessage> {
    return this.#start(this.#session.regenerate());
  }

  /** Empties the conversation (and its stored copy). */
  clear(): void {
    this.notice = '';
    this.#session.clear();
    void this.#persistence.clear();
  }

  /** A send or regenerate under way: pinned to the bottom (or its question to the top), announced, a refusal shown in the notice line. */
  #start(pending: Promise<ChatMessage>): Promise<ChatMessage> {
    this.notice = '';
    this.stillStreaming = false;
    this.#scroller.stick(this.scrollMode === 'top');
    pending.catch((error: Error) => {
      this.notice =
        error.name === 'AbortError' ? ''
        : error.name === 'NoEndpointError' ? this.text.noEndpoint
        : error.message.replace(/^<stream-chat>: /, '');
    });
    return this.#announcer.follow(pending, () => this.text);
  }

  constructor() {
    super();
    // Grows the composer where the engine lacks CSS `field-sizing` (it registers itself only there).
    new ComposerSizeController(this, () => this.renderRoot.querySelector('textarea') ?? undefined);
    // Escape stops a stream wherever the focus is inside the widget.
    this.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !this.#session.busy) return;
      event.preventDefault();
      this.stop();
    });
  }

  /**
   * A move (`other.append(el)`, a framework reordering a list) reconnects the element
   * within the same task and keeps its stream; an element still out of the document at
   * the next task was removed for good: its stream stops and its sockets close.
   */
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    setTimeout(() => this.isConnected || this.#session.dispose());
  }

  protected override firstUpdated(): void {
    warmUpRenderer(this.renderRoot);
    onIdle(() => this.#warmUpTemplates());
  }

  /**
   * While the page is idle, renders what a first question brings (the question, the answer
   * under way and ended, the Stop button) once, out of the document: Lit prepares each
   * template on its first use, and the first send paid for five of them, with the first
   * runs of their code (a 16–25 ms task).
   */
  #warmUpTemplates(): void {
    const conversation = this.#session.conversation;
    const view = this.#viewContext();
    const samples = [conversation.create('user', '?', 'complete'), conversation.create('assistant', '', 'streaming'), conversation.create('assistant', '.', 'cancelled')];
    render([...samples.map((m) => messageView(m, true, view)), composerView(this.#composerContext(true))], document.createElement('div'));
  }

  /** Resolves once every answer's text is on screen, paced rendering included. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.#pacer.settle(() => super.getUpdateComplete());
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('persist')) void this.#persistence.restore();
    if (changed.has('endpoint') || changed.has('balance') || changed.has('maxMessages') || changed.has('healthInterval')) this.#session.applyConfig();
    if (changed.has('endpoint') || changed.has('healthInterval') || changed.has('healthPath')) this.#health.reschedule();
    // The highlighter's styles come and go with it.
    if (changed.has('highlight')) {
      const root = this.renderRoot as ShadowRoot;
      const old = changed.get('highlight')?.styles;
      root.adoptedStyleSheets = [...root.adoptedStyleSheets.filter((sheet) => sheet !== old), ...(this.highlight?.styles ? [this.highlight.styles] : [])];
    }
  }

  protected override render() {
    const t = this.text;
    const messages = this.#session.messages;
    const busy = this.#session.busy;
    const lastAssistant = this.#session.conversation.lastOfRole('assistant');
    const view = this.#viewContext();
    return html`
      <slot name="header"></slot>
      <slot name="user-avatar" hidden @slotchange=${this.#onAvatarChange}></slot>
      <slot name="assistant-avatar" hidden @slotchange=${this.#onAvatarChange}></slot>
      <div part="log" class="log" role="log" aria-live="off" aria-label=${t.logLabel} aria-busy=${busy ? 'true' : 'false'}
        tabindex="0" @click=${this.#onLogClick}>
        ${messages.length === 0 ? html`<slot name="empty"><p class="empty">${t.empty}</p></slot>` : nothing}
        ${repeat(messages, (m) => m.id, (m) => messageView(m, m === lastAssistant, view))}
      </div>
      ${this.#scroller.detached
        ? html`<button part="jump-button" class="jump icon" aria-label=${t.jumpToLatest} title=${t.jumpToLatest} @click=${() => this.#scroller.stick()}>${icon(DOWN)}</button>`
        : nothing}
      <div part="status" class="status" role="status">${this.#session.state === 'reconnecting' ? t.reconnecting : this.stillStreaming && busy ? t.stillStreaming : ''}</div>
      <div class="sr-only" aria-live="polite">${this.#announcer.announcement}</div>
      ${this.notice ? html`<div part="error" class="error notice" role="alert">${this.notice}</div>` : nothing}
      ${composerView(this.#composerContext(busy))}
    `;
  }

  #viewContext(): MessageViewContext {
    return {
      strings: this.text, plain: this.plain, imageOrigins: this.imageOrigins, highlight: this.highlight, pacer: this.#pacer, reveal: this.reveal, copiedId: this.copiedId, avatars: this.avatars,
      copy: this.#copy, regenerate: this.#regenerateFromUi,
    };
  }

  #composerContext(busy: boolean): ComposerContext {
    return {
      strings: this.text, busy, send: (text) => this.send(text), stop: () => this.stop(), isBusy: () => this.#session.busy,
      refused: () => (this.stillStreaming = true),
      placeholder: this.placeholderText,
    };
  }

  /** The page slotted, replaced or removed an avatar: the messages show copies of the new one. */
  readonly #onAvatarChange = (event: Event): void => {
    const slot = event.target as HTMLSlotElement;
    this.avatars = { ...this.avatars, [slot.name.replace('-avatar', '') as MessageRole]: slot.assignedElements() };
  };

  /** Retry and Regenerate buttons: a refusal shows in the notice line, as for a send. */
  readonly #regenerateFromUi = () => void this.regenerate().catch(() => {});

  readonly #copy = (m: ChatMessage): Promise<void> =>
    this.#clipboard(m.content, () => {
      this.copiedId = m.id;
      setTimeout(() => this.copiedId === m.id && (this.copiedId = undefined), COPIED_MS);
    });

  /** "Copy code" buttons live in rendered answers, outside Lit's templates: one listener serves them all. */
  readonly #onLogClick = (event: Event): void => onCopyCodeClick(event, this.text, this.#clipboard);

  /** Copies `text`, then `done()`; a page that does not allow it says so in the notice line. */
  readonly #clipboard = (text: string, done: () => void): Promise<void> =>
    writeClipboard(text).then((ok) => (ok ? done() : void (this.notice = this.text.copyFailed)));
}

// Loading the bundle twice must not throw.
if (!customElements.get('stream-chat')) customElements.define('stream-chat', StreamChat);

declare global {
  interface HTMLElementTagNameMap {
    'stream-chat': StreamChat;
  }
}

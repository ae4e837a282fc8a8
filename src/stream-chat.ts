import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { headersConverter, listConverter } from './attributes.js';
import { HealthController } from './controllers/health-controller.js';
import { PersistController } from './controllers/persist-controller.js';
import { ScrollController } from './controllers/scroll-controller.js';
import { ChatSession } from './core/chat-session.js';
import { DEFAULT_CONFIG, type ChatConfig } from './core/config.js';
import type { Balance } from './core/endpoint-pool.js';
import { warmUpRenderer } from './render/content-directive.js';
import { messageView, type MessageViewContext } from './render/message-view.js';
import { FramePacer } from './render/pacing.js';
import { DEFAULT_STRINGS } from './strings.js';
import { styles } from './styles.js';
import type { ChatMessage, ChatStats, ChatStrings, ConnectionState, FormatOption, ProtocolOption, RequestBodyInput } from './types.js';

export type * from './types.js';
export type { StreamChatEventMap } from './emit.js';
export type { ChatConfig } from './core/config.js';
export { ChatSession, type ChatChange, type ChatSessionOptions } from './core/chat-session.js';

/**
 * A chat that streams an AI backend's answer as it is generated, over SSE, WebSocket or
 * HTTP streaming, rendering markdown safely and incrementally.
 *
 * @summary Embeddable streaming AI chat.
 *
 * @event message-send - `{ message }` before a user message is sent; cancelable.
 * @event stream-start - `{ messageId, endpoint, protocol }` when an answer starts streaming.
 * @event stream-chunk - `{ messageId, chunk: { index, content, timestamp }, content }` for every chunk.
 * @event stream-complete - `{ messageId, message }` when an answer ends, whatever its status.
 * @event stream-cancel - `{ messageId, content }` when an answer is stopped.
 * @event stream-error - `{ messageId, error: { code, message, status? }, willRetry, attempt }` for each failed attempt.
 * @event connection-change - `{ state, previous, endpoint, attempt }` when the connection state changes.
 *
 * @slot header - Above the conversation.
 * @slot empty - Shown while the conversation is empty.
 *
 * @csspart log - The scrolling conversation (`role="log"`).
 * @csspart message - Every message bubble.
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
 * @csspart retry-button - The Retry button of a failed or interrupted answer.
 *
 * @cssprop --stream-chat-bg - Background.
 * @cssprop --stream-chat-fg - Text colour.
 * @cssprop --stream-chat-muted - Secondary text colour.
 * @cssprop --stream-chat-border - Border colour.
 * @cssprop --stream-chat-input-border - Border of the message input (3:1 against the background).
 * @cssprop --stream-chat-accent - Accent (Send button) colour.
 * @cssprop --stream-chat-accent-fg - Text on the accent colour.
 * @cssprop --stream-chat-user-bg - User bubble background.
 * @cssprop --stream-chat-user-fg - User bubble text.
 * @cssprop --stream-chat-assistant-bg - Assistant bubble background.
 * @cssprop --stream-chat-assistant-fg - Assistant bubble text.
 * @cssprop --stream-chat-code-bg - Code background.
 * @cssprop --stream-chat-error - Error text colour.
 * @cssprop --stream-chat-error-bg - Error background.
 * @cssprop --stream-chat-focus - Focus ring colour.
 * @cssprop --stream-chat-font - Font family.
 * @cssprop --stream-chat-mono-font - Code font family.
 * @cssprop --stream-chat-font-size - Base font size.
 * @cssprop --stream-chat-radius - Corner radius.
 * @cssprop --stream-chat-spacing - Spacing unit.
 * @cssprop --stream-chat-max-width - Maximum width.
 * @cssprop --stream-chat-height - Height.
 */
export class StreamChat extends LitElement {
  static override styles = styles;

  /** Backend URL; several whitespace-separated URLs form a pool. `ws:`/`wss:` use WebSocket. */
  @property() endpoint = DEFAULT_CONFIG.endpoint;
  /** `sse`, `websocket`, `ndjson`, `text` or `auto` (by URL scheme and response Content-Type). */
  @property() protocol: ProtocolOption = DEFAULT_CONFIG.protocol;
  /** Payload format: `openai`, `openai-responses`, `anthropic`, `ai-sdk`, `ollama`, `native`, `text` or `auto`. */
  @property() format: FormatOption = DEFAULT_CONFIG.format;
  /** Dot path to the text delta in each JSON payload (`choices.0.delta.content`), for any other backend. */
  @property({ attribute: 'content-path' }) contentPath?: string;
  /** Sent as `model` in the request body. */
  @property() model?: string;
  /** System prompt, sent as the first message. */
  @property() system?: string;
  /** Extra request headers: a JSON object in the attribute, an object as property. Never shown or stored. */
  @property({ converter: headersConverter }) headers: Record<string, string> = {};
  /** fetch credentials mode. */
  @property() credentials: RequestCredentials = DEFAULT_CONFIG.credentials;
  /** Reconnect attempts per stream before giving up. */
  @property({ attribute: 'max-retries', type: Number }) maxRetries = DEFAULT_CONFIG.maxRetries;
  /** Base backoff in ms (exponential with full jitter). */
  @property({ attribute: 'retry-delay', type: Number }) retryDelay = DEFAULT_CONFIG.retryDelay;
  /** Backoff cap in ms. */
  @property({ attribute: 'retry-max-delay', type: Number }) retryMaxDelay = DEFAULT_CONFIG.retryMaxDelay;
  /** ms without any byte before a stream counts as stalled. */
  @property({ attribute: 'idle-timeout', type: Number }) idleTimeout = DEFAULT_CONFIG.idleTimeout;
  /** Pool strategy: `failover` or `round-robin`. */
  @property() balance: Balance = DEFAULT_CONFIG.balance;
  /** ms between health checks of pool endpoints (0 = off). */
  @property({ attribute: 'health-interval', type: Number }) healthInterval = DEFAULT_CONFIG.healthInterval;
  /** Health check path, resolved against each endpoint: a pool probes `GET` on it and expects 2xx. */
  @property({ attribute: 'health-path' }) healthPath = DEFAULT_CONFIG.healthPath;
  /** Storage key; when set, the conversation survives a page reload. */
  @property() persist?: string;
  /** Messages kept in memory (and storage); older ones are dropped. */
  @property({ attribute: 'max-messages', type: Number }) maxMessages = DEFAULT_CONFIG.maxMessages;
  /** Largest single event or line accepted, in characters. */
  @property({ attribute: 'max-event-bytes', type: Number }) maxEventBytes = DEFAULT_CONFIG.maxEventBytes;
  /** Longest answer kept, in characters (0 = no cap): past it the stream is stopped with finish reason `length`. */
  @property({ attribute: 'max-answer-chars', type: Number }) maxAnswerChars = DEFAULT_CONFIG.maxAnswerChars;
  /** Composer placeholder (`strings.placeholder` when left at its default). */
  @property() placeholder = DEFAULT_STRINGS.placeholder;
  /** Render text without markdown. */
  @property({ type: Boolean, reflect: true }) plain = false;
  /** `light`, `dark` or `auto` (follows `prefers-color-scheme`). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';
  /** Origins images in answers may load from (`*` = any https/http origin). None by default: images show as links. */
  @property({ attribute: 'image-origins', converter: listConverter }) imageOrigins: string[] = [];
  /** Hides the model / tokens / timing line under answers. */
  @property({ attribute: 'hide-metadata', type: Boolean, reflect: true }) hideMetadata = false;
  /** Replaces any visible string (i18n). */
  @property({ attribute: false }) strings: Partial<ChatStrings> = {};
  /** Shapes the request body for backends that are not OpenAI-compatible. */
  @property({ attribute: false }) requestBody?: (input: RequestBodyInput) => Record<string, unknown>;


  /**
   * The chat itself (messages, streams, events), without UI; the element renders it and
   * dispatches its events from itself.
   */
  readonly session: ChatSession = new ChatSession({
    config: () => this.config,
    eventTarget: this,
    onChange: (change) => {
      if (change === 'delta') this.pacer.schedule();
      else this.requestUpdate();
      if (change !== 'state') this.persistence.changed(change === 'messages');
    },
  });
  private readonly pacer = new FramePacer(this);
  private readonly scroller = new ScrollController(this, () => this.log);
  private readonly persistence = new PersistController(this, this.session.conversation, () => this.persist || undefined);
  private readonly health = new HealthController(this, this.session.pool, () => this.config);

  /** A problem that belongs to no message (no endpoint, a prevented send…). */
  @state() private notice = '';
  /** What the polite live region says. */
  @state() private announcement = '';
  @state() private copiedId?: string;

  @query('.log') private log?: HTMLElement;
  @query('textarea') private input?: HTMLTextAreaElement;

  /** The attributes as the session's configuration (read at each send). */
  get config(): ChatConfig {
    const { endpoint, protocol, format, headers, credentials, maxRetries, retryDelay, retryMaxDelay, idleTimeout, balance } = this;
    const { healthInterval, healthPath, maxMessages, maxEventBytes, maxAnswerChars, requestBody } = this;
    return {
      endpoint: endpoint ?? '', protocol, format, headers: headers ?? {}, credentials, maxRetries, retryDelay, retryMaxDelay, idleTimeout,
      balance, healthInterval, healthPath, maxMessages, maxEventBytes, maxAnswerChars, requestBody,
      contentPath: this.contentPath || undefined, model: this.model || undefined, system: this.system || undefined,
    };
  }

  /** The conversation, oldest first. */
  get messages(): readonly ChatMessage[] {
    return [...this.session.messages];
  }

  get state(): ConnectionState {
    return this.session.state;
  }

  get stats(): ChatStats {
    return this.session.stats;
  }

  /** Sends `text` and resolves with the final assistant message, whatever its status. */
  send(text: string): Promise<ChatMessage> {
    return this.start(this.session.send(text));
  }

  /** Cancels the streaming answer; its partial text stays. */
  stop(): void {
    this.session.stop();
  }

  /** Asks again for the answer to the last user message. */
  regenerate(): Promise<ChatMessage> {
    return this.start(this.session.regenerate());
  }

  /** Empties the conversation (and its stored copy). */
  clear(): void {
    this.notice = '';
    this.session.clear();
    void this.persistence.clear();
  }

  /** A send or regenerate under way: pinned to the bottom, announced, a refusal shown in the notice line. */
  private start(pending: Promise<ChatMessage>): Promise<ChatMessage> {
    this.notice = '';
    this.scroller.stick();
    pending.catch((error: Error) => {
      this.notice =
        error.name === 'AbortError' ? ''
        : error.name === 'NoEndpointError' ? this.text.noEndpoint
        : error.message.replace(/^<stream-chat>: /, '');
    });
    return this.announce(pending);
  }

  private textOf?: { strings: Partial<ChatStrings>; text: ChatStrings };
  /** The visible strings (one object per `strings` value: settled messages compare it). */
  private get text(): ChatStrings {
    if (this.textOf?.strings !== this.strings) this.textOf = { strings: this.strings, text: { ...DEFAULT_STRINGS, ...this.strings } };
    return this.textOf.text;
  }

  /**
   * The polite live region says "Responding…", then the finished answer once, as the
   * reader sees it (rendered text, not markdown). A failure is left to the error line's
   * own alert, so it is not announced twice.
   */
  private async announce(pending: Promise<ChatMessage>): Promise<ChatMessage> {
    this.announcement = this.text.responding;
    try {
      const message = await pending;
      await this.updateComplete;
      const t = this.text;
      this.announcement =
        message.status === 'complete' ? `${t.responseComplete} ${clipWords(this.renderedText(message.id), 500)}`
        : message.status === 'cancelled' ? t.responseStopped
        : '';
      return message;
    } catch (error) {
      this.announcement = '';
      throw error;
    }
  }

  /** The answer's text as the reader sees it, without the Copy code buttons' labels. */
  private renderedText(id: string): string {
    const content = this.renderRoot.querySelector(`.message[data-id="${CSS.escape(id)}"] [part=content]`);
    if (!content) return '';
    const copy = content.cloneNode(true) as Element;
    for (const button of copy.querySelectorAll('button.copy-code')) button.remove();
    return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
  }

  constructor() {
    super();
    // Escape stops a stream wherever the focus is inside the widget.
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.session.busy) {
        event.preventDefault();
        this.stop();
      }
    });
  }

  /**
   * A move (`other.append(el)`, a framework reordering a list) reconnects the element
   * within the same task and keeps its stream; an element still out of the document at
   * the next task was removed for good: its stream stops and its sockets close.
   */
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    setTimeout(() => this.isConnected || this.session.dispose());
  }

  protected override firstUpdated(): void {
    const sample = document.createElement('div');
    sample.className = 'content warm-up';
    sample.setAttribute('aria-hidden', 'true');
    this.renderRoot.append(sample);
    warmUpRenderer(sample);
  }

  /** Resolves once every answer's text is on screen, paced rendering included. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.pacer.settle(() => super.getUpdateComplete());
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('persist')) void this.persistence.restore();
    if (changed.has('endpoint') || changed.has('balance') || changed.has('maxMessages') || changed.has('healthInterval')) this.session.applyConfig();
    if (changed.has('endpoint') || changed.has('healthInterval') || changed.has('healthPath')) this.health.reschedule();
  }

  protected override render() {
    const t = this.text;
    const messages = this.session.messages;
    const busy = this.session.busy;
    const lastAssistant = this.session.conversation.lastOfRole('assistant');
    const view: MessageViewContext = {
      strings: t, plain: this.plain, imageOrigins: this.imageOrigins, pacer: this.pacer, copiedId: this.copiedId,
      copy: this.copy, regenerate: this.regenerateFromUi,
    };
    return html`
      <slot name="header"></slot>
      <div part="log" class="log" role="log" aria-live="off" aria-label=${t.logLabel} aria-busy=${busy ? 'true' : 'false'}
        tabindex="0" @scroll=${this.scroller.onScroll} @click=${this.onLogClick}>
        ${messages.length === 0 ? html`<slot name="empty"><p class="empty">${t.empty}</p></slot>` : nothing}
        ${repeat(messages, (m) => m.id, (m) => messageView(m, m === lastAssistant, view))}
      </div>
      ${this.scroller.detached
        ? html`<button part="jump-button" class="jump" @click=${() => this.scroller.stick(true)}>${t.jumpToLatest} ↓</button>`
        : nothing}
      <div part="status" class="status" role="status">${this.session.state === 'reconnecting' ? t.reconnecting : ''}</div>
      <div class="sr-only" aria-live="polite">${this.announcement}</div>
      ${this.notice ? html`<div part="error" class="error notice" role="alert">${this.notice}</div>` : nothing}
      <form part="composer" class="composer" @submit=${this.onSubmit}>
        <textarea part="input" class=${busy ? 'busy' : ''} rows="1" aria-label=${t.inputLabel}
          placeholder=${this.placeholder === DEFAULT_STRINGS.placeholder ? t.placeholder : this.placeholder} @keydown=${this.onKeydown}></textarea>
        ${busy
          ? html`<button part="stop-button" class="stop" type="button" @click=${() => this.stop()}>${t.stop}</button>`
          : html`<button part="send-button" class="send" type="submit">${t.send}</button>`}
      </form>
    `;
  }

  /** Retry and Regenerate buttons: a refusal shows in the notice line, as for a send. */
  private readonly regenerateFromUi = () => void this.regenerate().catch(() => {});

  private readonly copy = (m: ChatMessage): void => {
    void this.writeClipboard(m.content, () => {
      this.copiedId = m.id;
      setTimeout(() => this.copiedId === m.id && (this.copiedId = undefined), 1500);
    });
  };

  /** "Copy code" buttons live in rendered answers, outside Lit's templates: one listener serves them all. */
  private readonly onLogClick = (event: Event): void => {
    const button = (event.target as Element).closest?.('button.copy-code');
    const code = button?.parentElement?.querySelector('pre > code');
    if (!button || !code) return;
    void this.writeClipboard(code.textContent ?? '', () => {
      button.textContent = this.text.copied;
      setTimeout(() => (button.textContent = this.text.copyCode), 1500);
    });
  };

  private async writeClipboard(text: string, done: () => void): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      done();
    } catch {
      this.notice = this.text.copyFailed;
    }
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.submit();
    }
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    this.submit();
  }

  /** Sends the composer's text; it is cleared only once the send was accepted. */
  private submit(): void {
    const input = this.input;
    if (!input || this.session.busy || !input.value.trim()) return;
    const pending = this.send(input.value);
    // A send that was accepted has started streaming by now; a refused one keeps the text.
    if (this.session.busy) input.value = '';
    pending.catch(() => {});
    input.focus();
  }
}

/** `text` cut at a word boundary near `max` characters. */
function clipWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.8))}…`;
}

// Loading the bundle twice must not throw.
if (!customElements.get('stream-chat')) customElements.define('stream-chat', StreamChat);

declare global {
  interface HTMLElementTagNameMap {
    'stream-chat': StreamChat;
  }
}

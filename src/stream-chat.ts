import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ChatController, type ChatConfig } from './controllers/chat-controller.js';
import type { StreamChatProperties } from './element-api.js';
import { HealthController } from './controllers/health-controller.js';
import { PersistController } from './controllers/persist-controller.js';
import { ScrollController } from './controllers/scroll-controller.js';
import type { Balance } from './core/endpoint-pool.js';
import { OPTION_VALUES, warnInvalidOption, type EnumeratedOption } from './core/options.js';
import { messageContent, warmUpRenderer } from './render/content-directive.js';
import { activityView, referencesView, toolActivity, type PartsContext } from './render/parts-view.js';
import { DEFAULT_STRINGS } from './strings.js';
import { styles } from './styles.js';
import type {
  ChatErrorInfo, ChatMessage, ChatStats, ChatStrings, ConnectionState, FormatOption, ProtocolOption, RequestBodyInput, ToolRenderers,
} from './types.js';

export type * from './types.js';
export type * from './events.js';
export type { StreamChatProperties } from './element-api.js';

const headersConverter = {
  fromAttribute(value: string | null): Record<string, string> {
    if (!value) return {};
    try {
      const parsed = JSON.parse(value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
    } catch {
      /* reported below */
    }
    console.warn('<stream-chat>: the headers attribute is not a JSON object; it is ignored.');
    return {};
  },
};

const listConverter = {
  fromAttribute: (value: string | null) => (value ?? '').split(/\s+/).filter(Boolean),
  toAttribute: (value: string[]) => value.join(' '),
};

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
 * @event {CustomEvent<StreamPartDetail>} stream-part - `{ messageId, part, index }` when a non-text part is added or changes (`part: null, removed: true` when removed).
 * @event {CustomEvent<ToolApprovalDetail>} tool-approval - `{ messageId, part }` when a tool call asks for approval; cancelable: `preventDefault()` hides the widget's own buttons.
 * @event {CustomEvent<StreamDataDetail>} stream-data - `{ messageId, name, id, data }` for a transient AI SDK data part.
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
 * @csspart reasoning - The reasoning disclosure ("Thinking…", then "Thought for N s").
 * @csspart tool - A tool call card (or the page's own view of it).
 * @csspart approval - The approval controls of a tool call.
 * @csspart approve-button - The Approve button.
 * @csspart deny-button - The Deny button.
 * @csspart sources - The numbered list of sources under an answer.
 * @csspart source - One source.
 * @csspart file - A file of an answer (a link, or an image from an allowed origin).
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
export class StreamChat extends LitElement implements StreamChatProperties {
  static override styles = styles;
  /**
   * The reactive properties, declared here rather than by decorators: the decorators'
   * helpers and one call per field cost ~0.6 KB gzip of the bundle budget.
   */
  static override properties = {
    endpoint: {},
    protocol: {},
    format: {},
    contentPath: { attribute: 'content-path' },
    model: {},
    system: {},
    headers: { converter: headersConverter },
    streamIdHeader: { attribute: 'stream-id-header' },
    credentials: {},
    maxRetries: { attribute: 'max-retries', type: Number },
    retryDelay: { attribute: 'retry-delay', type: Number },
    retryMaxDelay: { attribute: 'retry-max-delay', type: Number },
    idleTimeout: { attribute: 'idle-timeout', type: Number },
    balance: {},
    healthInterval: { attribute: 'health-interval', type: Number },
    healthPath: { attribute: 'health-path' },
    persist: {},
    maxMessages: { attribute: 'max-messages', type: Number },
    maxEventBytes: { attribute: 'max-event-bytes', type: Number },
    maxAnswerChars: { attribute: 'max-answer-chars', type: Number },
    placeholder: {},
    plain: { type: Boolean, reflect: true },
    theme: { reflect: true },
    imageOrigins: { attribute: 'image-origins', converter: listConverter },
    hideMetadata: { attribute: 'hide-metadata', type: Boolean, reflect: true },
    strings: { attribute: false },
    toolRenderers: { attribute: false },
    requestBody: { attribute: false },
    notice: { state: true, attribute: false },
    announcement: { state: true, attribute: false },
    copiedId: { state: true, attribute: false },
  };

  /** Backend URL; several whitespace-separated URLs form a pool. `ws:`/`wss:` use WebSocket. */
  endpoint = '';
  /** `sse`, `websocket`, `ndjson`, `text` or `auto` (by URL scheme and response Content-Type). */
  protocol: ProtocolOption = 'auto';
  /** Payload format: `openai`, `openai-responses`, `anthropic`, `ai-sdk`, `ollama`, `native`, `text` or `auto`. */
  format: FormatOption = 'auto';
  /** Dot path to the text delta in each JSON payload (`choices.0.delta.content`), for any other backend. */
  contentPath?: string;
  /** Sent as `model` in the request body. */
  model?: string;
  /** System prompt, sent as the first message. */
  system?: string;
  /** Extra request headers: a JSON object in the attribute, an object as property. Never shown or stored. */
  headers: Record<string, string> = {};
  /** The request header that carries the stream id over HTTP; empty: none (for backends whose CORS does not allow it). */
  streamIdHeader = 'X-Stream-Id';
  /** fetch credentials mode. */
  credentials: RequestCredentials = 'same-origin';
  /** Reconnect attempts per stream before giving up. */
  maxRetries = 5;
  /** Base backoff in ms (exponential with full jitter). */
  retryDelay = 1000;
  /** Backoff cap in ms. */
  retryMaxDelay = 30000;
  /** ms without any byte before a stream counts as stalled. */
  idleTimeout = 30000;
  /** Pool strategy: `failover` or `round-robin`. */
  balance: Balance = 'failover';
  /** ms between health checks of pool endpoints (0 = off). */
  healthInterval = 30000;
  /** Health check path, resolved against each endpoint: a pool probes `GET` on it and expects 2xx. */
  healthPath = '/health';
  /** Storage key; when set, the conversation survives a page reload. */
  persist?: string;
  /** Messages kept in memory (and storage); older ones are dropped. */
  maxMessages = 500;
  /** Largest single event or line accepted, in characters. */
  maxEventBytes = 1_048_576;
  /** Longest answer kept, in characters (0 = no cap): past it the stream is stopped with finish reason `length`. */
  maxAnswerChars = 1_000_000;
  /** Composer placeholder (`strings.placeholder` when left at its default). */
  placeholder = DEFAULT_STRINGS.placeholder;
  /** Render text without markdown. */
  plain = false;
  /** `light`, `dark` or `auto` (follows `prefers-color-scheme`). */
  theme: 'light' | 'dark' | 'auto' = 'auto';
  /** Origins images in answers may load from (`*` = any https/http origin). None by default: images show as links. */
  imageOrigins: string[] = [];
  /** Hides the model / tokens / timing line under answers. */
  hideMetadata = false;
  /** Replaces any visible string (i18n). */
  strings: Partial<ChatStrings> = {};
  /** Tool names mapped to functions that render a tool call's part as a Node (the default card otherwise). */
  toolRenderers: ToolRenderers = {};
  /** Shapes the request body for backends that are not OpenAI-compatible. */
  requestBody?: (input: RequestBodyInput) => Record<string, unknown>;

  private readonly chat = new ChatController(this, (urgent) => this.persistence.changed(urgent));
  private readonly scroller = new ScrollController(this, () => this.log);
  private readonly persistence = new PersistController(this, this.chat.conversation, () => this.persist || undefined);
  private readonly health = new HealthController(this, this.chat.pool, () => ({
    interval: this.healthInterval,
    path: this.healthPath,
    credentials: this.credentials,
  }));

  /** A problem that belongs to no message (no endpoint, a prevented send…). */
  private notice = '';
  /** What the polite live region says. */
  private announcement = '';
  private copiedId?: string;

  /** True while some answer has text not yet on screen (rendering is paced per frame). */
  private contentBehind = false;
  private readonly renderMore = () => {
    this.contentBehind = true;
    this.chat.scheduleRender();
  };

  private get log(): HTMLElement | undefined {
    return this.renderRoot?.querySelector<HTMLElement>('.log') ?? undefined;
  }
  private get input(): HTMLTextAreaElement | undefined {
    return this.renderRoot?.querySelector('textarea') ?? undefined;
  }

  /** The conversation, oldest first. */
  get messages(): readonly ChatMessage[] {
    return [...this.chat.conversation.messages];
  }

  get state(): ConnectionState {
    return this.chat.state;
  }

  get stats(): ChatStats {
    return this.chat.stats;
  }

  /** @internal read by the controller at each send */
  get chatConfig(): ChatConfig {
    return {
      endpoint: this.endpoint ?? '',
      protocol: this.protocol,
      format: this.format,
      contentPath: this.contentPath || undefined,
      model: this.model || undefined,
      system: this.system || undefined,
      headers: this.headers ?? {},
      streamIdHeader: this.streamIdHeader ?? 'X-Stream-Id',
      credentials: this.credentials,
      maxRetries: this.maxRetries,
      retryDelay: this.retryDelay,
      retryMaxDelay: this.retryMaxDelay,
      idleTimeout: this.idleTimeout,
      balance: this.balance,
      maxEventBytes: this.maxEventBytes,
      maxAnswerChars: this.maxAnswerChars,
      requestBody: this.requestBody,
    };
  }

  /** Sends `text` and resolves with the final assistant message, whatever its status. */
  async send(text: string): Promise<ChatMessage> {
    return this.start(this.chat.send(text));
  }

  /** Cancels the streaming answer; its partial text stays. */
  stop(): void {
    this.chat.stop();
  }

  /** Asks again for the answer to the last user message. */
  regenerate(): Promise<ChatMessage> {
    return this.start(this.chat.regenerate());
  }

  /**
   * Answers a tool call's approval request and continues the conversation into the same
   * assistant message; resolves with it once it ends.
   */
  respondToToolApproval(approvalId: string, approved: boolean, reason?: string): Promise<ChatMessage> {
    return this.start(this.chat.respondToToolApproval(approvalId, approved, reason));
  }

  /** Replaces the conversation (history from a server); throws a TypeError naming a bad message, changing nothing. */
  setMessages(messages: readonly Partial<ChatMessage>[]): void {
    this.chat.setMessages(messages);
    this.notice = '';
  }

  /** Approve / Deny buttons: a refusal shows in the notice line, as for a send. */
  private readonly respondFromUi = (approvalId: string, approved: boolean) =>
    void this.respondToToolApproval(approvalId, approved).catch(() => {});

  /** Retry and Regenerate buttons: a refusal shows in the notice line, as for a send. */
  private readonly regenerateFromUi = () => void this.regenerate().catch(() => {});

  /** A send or regenerate under way: pinned to the bottom, announced, a refusal shown. */
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

  /** Empties the conversation (and its stored copy). */
  clear(): void {
    this.notice = '';
    this.chat.clear();
    void this.persistence.clear();
  }

  private get text(): ChatStrings {
    return { ...DEFAULT_STRINGS, ...this.strings };
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
      if (event.key === 'Escape' && this.chat.active) {
        event.preventDefault();
        this.stop();
      }
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // An answer still being paced onto the screen when the element was moved continues.
    if (this.contentBehind) this.requestUpdate();
  }

  protected override firstUpdated(): void {
    const sample = document.createElement('div');
    sample.className = 'content warm-up';
    sample.setAttribute('aria-hidden', 'true');
    this.renderRoot.append(sample);
    warmUpRenderer(sample);
  }

  /** Resolves once every answer's text is on screen, paced rendering included. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    while (this.contentBehind && this.isConnected) {
      await new Promise((resolve) => setTimeout(resolve, 16));
      result = await super.getUpdateComplete();
    }
    return result;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    this.contentBehind = false;
    for (const name of Object.keys(OPTION_VALUES) as EnumeratedOption[]) if (changed.has(name)) warnInvalidOption(name, this[name]);
    if (changed.has('maxMessages')) this.chat.conversation.setMax(this.maxMessages);
    if (changed.has('persist')) void this.persistence.restore();
    if (changed.has('endpoint') || changed.has('balance')) this.chat.syncEndpoints();
    if (changed.has('endpoint') || changed.has('healthInterval') || changed.has('healthPath')) this.health.reschedule();
  }

  protected override render() {
    const t = this.text;
    const messages = this.chat.conversation.messages;
    const busy = Boolean(this.chat.active);
    const lastAssistant = this.chat.conversation.lastOfRole('assistant');
    return html`
      <slot name="header"></slot>
      <div part="log" class="log" role="log" aria-live="off" aria-label=${t.logLabel} aria-busy=${busy ? 'true' : 'false'}
        tabindex="0" @scroll=${this.scroller.onScroll} @click=${this.onLogClick}>
        ${messages.length === 0 ? html`<slot name="empty"><p class="empty">${t.empty}</p></slot>` : nothing}
        ${repeat(messages, (m) => m.id, (m) => this.renderMessage(m, m === lastAssistant))}
      </div>
      ${this.scroller.detached
        ? html`<button part="jump-button" class="jump" @click=${() => this.scroller.stick(true)}>${t.jumpToLatest} ↓</button>`
        : nothing}
      <div part="status" class="status" role="status">${this.statusText()}</div>
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

  private statusText(): string {
    const t = this.text;
    if (this.chat.state === 'reconnecting') return t.reconnecting;
    return toolActivity(this.chat.active?.message, t);
  }

  private renderMessage(m: ChatMessage, isLastAssistant: boolean) {
    const t = this.text;
    const streaming = m.status === 'pending' || m.status === 'streaming';
    if (m.role !== 'assistant') {
      return html`<div part="message ${m.role}" class="message ${m.role}" data-id=${m.id}>
        <span class="sr-only">${t.you}:</span><div part="content" class="content">${m.content}</div>
      </div>`;
    }
    const error = m.metadata.error;
    const failed = m.status === 'error' || m.status === 'interrupted';
    const content = { streaming, plain: this.plain, paced: this.chat.pageDrawn, imageOrigins: this.imageOrigins, copyCodeLabel: t.copyCode, more: this.renderMore };
    const parts: PartsContext = {
      strings: t, imageOrigins: this.imageOrigins, toolRenderers: this.toolRenderers ?? {}, content,
      canApprove: isLastAssistant && !this.chat.active, respond: this.respondFromUi,
    };
    return html`<div part="message assistant" class="message assistant" data-id=${m.id} data-status=${m.status}
      aria-busy=${streaming ? 'true' : 'false'}>
      <span class="sr-only">${t.assistant}:</span>
      ${activityView(m, parts)}
      <div part="content" class="content ${this.plain ? 'plain' : ''}" ${messageContent(m.content, content)}></div>
      ${referencesView(m, parts)}
      ${failed
        ? html`<div part="error" class="error" role="alert">
            <span>${m.status === 'interrupted' ? t.interrupted : errorLine(error, t)}</span>
            ${isLastAssistant
              ? html`<button class="action" part="retry-button" @click=${this.regenerateFromUi}>${t.retry}</button>`
              : nothing}
          </div>`
        : nothing}
      ${streaming ? nothing : this.renderMeta(m, isLastAssistant && !failed)}
    </div>`;
  }

  private renderMeta(m: ChatMessage, canRegenerate: boolean) {
    const t = this.text;
    const { model, usage, firstChunkMs, durationMs } = m.metadata;
    const info = [
      model,
      usage?.totalTokens !== undefined ? `${usage.totalTokens} ${t.tokens}` : usage?.completionTokens !== undefined ? `${usage.completionTokens} ${t.tokens}` : undefined,
      firstChunkMs !== undefined ? `${t.firstToken} ${formatMs(firstChunkMs)}` : undefined,
      durationMs !== undefined ? formatMs(durationMs) : undefined,
    ].filter(Boolean);
    return html`<div class="meta">
      <span part="metadata" class="meta-info">${info.join(' · ')}</span>
      <span part="actions" class="actions">
        ${m.content
          ? html`<button class="action" @click=${() => this.copy(m)}>${this.copiedId === m.id ? t.copied : t.copy}</button>`
          : nothing}
        ${canRegenerate ? html`<button class="action" @click=${this.regenerateFromUi}>${t.regenerate}</button>` : nothing}
      </span>
    </div>`;
  }

  private copy(m: ChatMessage): void {
    void this.writeClipboard(m.content, () => {
      this.copiedId = m.id;
      setTimeout(() => this.copiedId === m.id && (this.copiedId = undefined), 1500);
    });
  }

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
    if (!input || this.chat.active || !input.value.trim()) return;
    const text = input.value;
    const pending = this.send(text);
    // A send that was accepted has started streaming by now; a refused one keeps the text.
    if (this.chat.active) input.value = '';
    pending.catch(() => {});
    input.focus();
  }
}

const ERROR_STRINGS: Record<string, keyof ChatStrings> = {
  network: 'errorNetwork',
  http: 'errorHttp',
  auth: 'errorAuth',
  rate_limit: 'errorRateLimit',
  timeout: 'errorTimeout',
  protocol: 'errorProtocol',
  server: 'errorServer',
};

/** What the error line says: the widget's words for the code, then the backend's own, if any. */
function errorLine(error: ChatErrorInfo | undefined, t: ChatStrings): string {
  if (!error) return t.responseStopped;
  const key = ERROR_STRINGS[error.code];
  // A string with `{status}` needs one: without it (a redirect) the error's own words are shown.
  if (!key || (error.status === undefined && t[key].includes('{status}'))) return error.message;
  const words = t[key].replace('{status}', String(error.status));
  return error.detail ? `${words} ${error.detail}` : words;
}

/** `text` cut at a word boundary near `max` characters. */
function clipWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.8))}…`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

// Loading the bundle twice must not throw.
if (!customElements.get('stream-chat')) customElements.define('stream-chat', StreamChat);

declare global {
  interface HTMLElementTagNameMap {
    'stream-chat': StreamChat;
  }
}

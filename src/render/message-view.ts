import { html, nothing } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { ChatErrorInfo, ChatMessage, ChatStrings, CodeHighlighter, MessageRole } from '../types.js';
import { avatarCopy } from './avatar.js';
import { messageContent } from './content-directive.js';
import { CHECK, COPY, REFRESH, icon } from './icons.js';
import type { FramePacer } from './pacing.js';
import type { RevealMode } from './reveal.js';

/** What a message's view needs from the element. */
export interface MessageViewContext {
  strings: ChatStrings;
  plain: boolean;
  imageOrigins: string[];
  highlight?: CodeHighlighter;
  pacer: FramePacer;
  reveal: RevealMode;
  /** The id whose Copy button says "Copied". */
  copiedId?: string;
  /** What the page slotted as each role's avatar (a new object when one changes). */
  avatars: Partial<Record<MessageRole, readonly Element[]>>;
  copy(message: ChatMessage): unknown;
  regenerate(): void;
}

/**
 * One message. A settled message renders again only when something it shows changed (its
 * status, its text, being the last answer, the strings…), not on every frame of another
 * answer's stream: a host update costs the same with 500 messages as with 2. A streaming
 * answer, or one still being paced onto the screen, renders every update. Something new
 * a message shows goes into `deps` too.
 */
export function messageView(m: ChatMessage, isLastAssistant: boolean, ctx: MessageViewContext) {
  const live = m.status === 'pending' || m.status === 'streaming' || ctx.pacer.isBehind(m.id);
  const deps = [m, m.status, m.content, isLastAssistant, ctx.strings, ctx.plain, ctx.imageOrigins, ctx.highlight, ctx.copiedId === m.id, ctx.avatars, live ? ctx.pacer.updates : 0];
  return guard(deps, () => render(m, isLastAssistant, ctx));
}

function render(m: ChatMessage, isLastAssistant: boolean, ctx: MessageViewContext) {
  const t = ctx.strings;
  const streaming = m.status === 'pending' || m.status === 'streaming';
  const avatar = ctx.avatars[m.role] ?? [];
  // Beside the message, decorative: the role is said by the hidden "You:" / "Assistant:".
  const face = avatar.length ? html`<span part="avatar" class="avatar" aria-hidden="true">${avatarCopy(avatar)}</span>` : nothing;
  if (m.role !== 'assistant') {
    return html`<div part="message ${m.role}" class="message ${m.role}" data-id=${m.id}>
      ${face}<span class="sr-only">${t.you}:</span><div part="content" class="content" dir="auto">${m.content}</div>
    </div>`;
  }
  const failed = m.status === 'error' || m.status === 'interrupted';
  return html`<div part="message assistant" class="message assistant" data-id=${m.id} data-status=${m.status}
    aria-busy=${streaming ? 'true' : 'false'}>
    ${face}<span class="sr-only">${t.assistant}:</span>
    <div part="content" class="content ${ctx.plain ? 'plain' : ''}" dir="auto"
      ${messageContent(m.content, { streaming, unfinished: m.status !== 'complete', plain: ctx.plain, pacing: ctx.pacer.for(m.id), imageOrigins: ctx.imageOrigins, reveal: ctx.reveal, highlight: ctx.highlight, copyCodeLabel: t.copyCode })}></div>
    ${failed
      ? html`<div part="error" class="error" role="alert">
          <span>${m.status === 'interrupted' ? t.interrupted : errorLine(m.metadata.error, t)}</span>
          ${isLastAssistant ? html`<button class="action" part="retry-button" @click=${ctx.regenerate}>${icon(REFRESH)}${t.retry}</button>` : nothing}
        </div>`
      : nothing}
    ${streaming
      ? // The row the actions and metadata will fill, kept while the answer streams: nothing moves when it ends.
        html`<div class="meta"></div>`
      : renderMeta(m, failed, isLastAssistant && !failed, ctx)}
  </div>`;
}

/** An icon button: its name and its tooltip from `strings`. */
const iconButton = (label: string, d: string, onClick: () => unknown) =>
  html`<button class="icon" aria-label=${label} title=${label} @click=${onClick}>${icon(d)}</button>`;

/**
 * The actions (copy, regenerate), then model, output tokens (completion tokens, as
 * `usage.completionTokens` and the events say) and timing; a stopped answer is marked.
 * A failed answer's timing says nothing worth a line: it shows only a model or token
 * count it has.
 */
function renderMeta(m: ChatMessage, failed: boolean, canRegenerate: boolean, ctx: MessageViewContext) {
  const t = ctx.strings;
  const { model, usage, firstChunkMs, durationMs } = m.metadata;
  const info = [
    m.status === 'cancelled' ? t.stopped : undefined,
    model,
    usage?.completionTokens !== undefined ? `${usage.completionTokens} ${t.tokens}` : undefined,
    firstChunkMs !== undefined && !failed ? `${t.firstToken} ${formatMs(firstChunkMs)}` : undefined,
    durationMs !== undefined && !failed ? formatMs(durationMs) : undefined,
  ].filter(Boolean);
  const copied = ctx.copiedId === m.id;
  return html`<div class="meta">
    <span part="actions" class="actions">
      ${m.content ? iconButton(copied ? t.copied : t.copy, copied ? CHECK : COPY, () => ctx.copy(m)) : nothing}
      ${canRegenerate ? iconButton(t.regenerate, REFRESH, ctx.regenerate) : nothing}
    </span>
    ${info.length ? html`<span part="metadata" class="meta-info">${info.join(' · ')}</span>` : nothing}
  </div>`;
}

/** An error code's string: `rate_limit` → `errorRateLimit` (a code without one shows its own message). */
const errorKey = (code: string) => `error${code.replace(/(?:^|_)(\w)/g, (_, c: string) => c.toUpperCase())}` as keyof ChatStrings;

/** What the error line says: the widget's words for the code, then the backend's own, if any. */
function errorLine(error: ChatErrorInfo | undefined, t: ChatStrings): string {
  if (!error) return t.responseStopped;
  const string = t[errorKey(error.code)];
  // A string with `{status}` needs one: without it (a redirect) the error's own words are shown.
  if (!string || (error.status === undefined && string.includes('{status}'))) return error.message;
  const words = string.replace('{status}', String(error.status));
  return error.detail ? `${words} ${error.detail}` : words;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { approvalsHandledByPage } from '../core/message-parts.js';
import type { ChatMessage, ChatStrings, MessagePart, ToolPart, ToolRenderers } from '../types.js';
import { messageContent, type ContentOptions } from './content-directive.js';
import { LINK_REL, imageAllowedFrom, isSafeLink } from './sanitize.js';

/** A page's own view of a tool call, by tool name. */

export interface PartsContext {
  strings: ChatStrings;
  imageOrigins: readonly string[];
  toolRenderers: ToolRenderers;
  /** Options of the markdown pipeline answers use (reasoning goes through it too). */
  content: ContentOptions;
  /** Whether approval buttons may act (the message is the last one and nothing streams). */
  canApprove: boolean;
  respond: (approvalId: string, approved: boolean) => void;
}

type Reasoning = Extract<MessagePart, { type: 'reasoning' }>;

/** Reasoning and tool calls, in arrival order: they come before the answer's text. */
export function activityView(m: ChatMessage, ctx: PartsContext) {
  const items = m.parts.filter((p) => p.type === 'reasoning' || p.type === 'tool');
  if (!items.length) return nothing;
  return repeat(items, (p) => (p.type === 'tool' ? `tool:${p.toolCallId}` : p), (p) =>
    p.type === 'tool' ? toolView(p, ctx) : reasoningView(p as Reasoning, ctx));
}

/** Sources (a numbered list) and files, under the answer's text. */
export function referencesView(m: ChatMessage, ctx: PartsContext) {
  const sources = m.parts.filter((p) => p.type === 'source');
  const files = m.parts.filter((p) => p.type === 'file');
  if (!sources.length && !files.length) return nothing;
  return html`${sources.length
    ? html`<ol part="sources" class="sources" aria-label=${ctx.strings.sources}>${sources.map((s) => html`<li part="source">${
        link(s.url, s.title || s.filename || hostOf(s.url) || s.sourceId)}</li>`)}</ol>`
    : nothing}${files.map((f) => fileView(f, ctx))}`;
}

/** "Thinking…" open while it streams; "Thought for N s", collapsed, once done. */
function reasoningView(part: Reasoning, ctx: PartsContext): TemplateResult {
  const t = ctx.strings;
  const streaming = part.state === 'streaming';
  const seconds = Math.max(1, Math.round((part.durationMs ?? 0) / 1000));
  return html`<details part="reasoning" class="reasoning" ?open=${streaming}>
    <summary>${streaming ? t.thinking : part.durationMs !== undefined ? `${t.thoughtFor} ${seconds} s` : t.thought}</summary>
    ${part.redacted && !part.text
      ? html`<p class="reasoning-note">${t.reasoningRedacted}</p>`
      : html`<div class="content reasoning-text" ${messageContent(part.text, { ...ctx.content, streaming })}></div>`}
  </details>`;
}

const STATE_STRING: Record<ToolPart['state'], keyof ChatStrings> = {
  'input-streaming': 'toolRunning',
  'input-available': 'toolRunning',
  'approval-requested': 'toolAwaitingApproval',
  'approval-responded': 'toolRunning',
  'output-available': 'toolDone',
  'output-error': 'toolFailed',
  'output-denied': 'toolDenied',
};

/** A tool call: the page's renderer for its name, or the default card. */
function toolView(part: ToolPart, ctx: PartsContext) {
  const custom = ctx.toolRenderers[part.toolName];
  if (typeof custom === 'function') {
    try {
      return html`<div part="tool" class="tool custom" data-tool=${part.toolName}>${custom(part)}</div>`;
    } catch (error) {
      console.warn(`<stream-chat>: the tool renderer for "${part.toolName}" failed; the default card is shown.`, error);
    }
  }
  const t = ctx.strings;
  const approval = part.state === 'approval-requested' && part.approval && !approvalsHandledByPage.has(part) ? part.approval : undefined;
  return html`<div part="tool" class="tool" data-state=${part.state} data-tool=${part.toolName}>
    <div class="tool-head"><span class="tool-name">${part.toolName}</span>
      <span class="tool-state">${t[STATE_STRING[part.state]]}</span></div>
    ${part.input !== undefined ? html`<pre class="tool-input">${json(part.input)}</pre>` : nothing}
    ${part.errorText ? html`<p class="tool-error">${part.errorText}</p>` : nothing}
    ${part.state === 'output-available'
      ? html`<details class="tool-output"><summary>${t.toolOutput}</summary><pre>${json(part.output)}</pre></details>`
      : nothing}
    ${approval
      ? html`<div part="approval" class="approval">
          ${approval.requestReason ? html`<span>${approval.requestReason}</span>` : nothing}
          <button part="approve-button" class="action" ?disabled=${!ctx.canApprove}
            @click=${() => ctx.respond(approval.id, true)}>${t.approve}</button>
          <button part="deny-button" class="action" ?disabled=${!ctx.canApprove}
            @click=${() => ctx.respond(approval.id, false)}>${t.deny}</button>
        </div>`
      : nothing}
  </div>`;
}

/** A file: an image only from an allowed origin, otherwise a link. */
function fileView(part: Extract<MessagePart, { type: 'file' }>, ctx: PartsContext) {
  const name = part.filename || part.url.split(/[/?#]/).filter(Boolean).pop() || part.mediaType;
  if (part.mediaType.startsWith('image/') && imageAllowedFrom(part.url, ctx.imageOrigins))
    return html`<img part="file" class="file" src=${part.url} alt=${name} />`;
  return html`<div part="file" class="file">${link(part.url, name)}</div>`;
}

/** A link by the rules answers follow; anything else is plain text. */
function link(url: string | undefined, label: string) {
  return url && isSafeLink(url) ? html`<a href=${url} target="_blank" rel=${LINK_REL}>${label}</a>` : label;
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
}

function json(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? '';
  } catch {
    return String(value);
  }
}

/** What the status region says while a tool runs ("Using tool X…"), if one does. */
export function toolActivity(m: ChatMessage | undefined, strings: ChatStrings): string {
  const last = m?.parts[m.parts.length - 1];
  return last?.type === 'tool' && (last.state === 'input-streaming' || last.state === 'input-available' || last.state === 'approval-responded')
    ? `${strings.usingTool} ${last.toolName}…`
    : '';
}

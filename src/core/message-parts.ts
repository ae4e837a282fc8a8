import type { ChatMessage, MessagePart, MessageStatus, ToolPart } from '../types.js';
import type { PartEvent } from './formats/format.js';
import { parsePartialJson } from './partial-json.js';

/** What one applied event changed, for the element's events and re-render. */
export type PartChange =
  /** A part was added (`added`) or one of its fields changed. */
  | { kind: 'part'; part: MessagePart; index: number; added: boolean }
  /** The part at `index` was removed (AI SDK `reset-step`, a retry starting afresh). */
  | { kind: 'removed'; index: number }
  /** A tool call now asks for approval. */
  | { kind: 'approval'; part: ToolPart; index: number }
  /** A transient data part: an event only. */
  | { kind: 'data'; name: string; id?: string; data: unknown };

/** Approval requests whose `tool-approval` event was prevented: the page shows its own controls. */
export const approvalsHandledByPage = new WeakSet<ToolPart>();

type TextLike = Extract<MessagePart, { type: 'text' | 'reasoning' }>;

/**
 * Builds one message's `parts` from the events of its stream, framework-free: parts in
 * arrival order, each keeping the position of its first chunk; `content` stays the
 * joined text parts and `metadata.reasoning` the joined reasoning parts. Every change is
 * reported to `onChange`; text deltas are not (they have `stream-chunk`).
 *
 * Lenient where the AI SDK's own client throws: a delta for a part that never started
 * starts it; a delta or result for an unknown tool call is dropped with one console
 * warning per stream; arguments that are not JSON end the call `output-error`.
 */
export class PartsAssembler {
  /** Parts keyed by the stream's own ids (part id, block index, tool call key). */
  readonly #keyed = new Map<string, MessagePart>();
  /** Raw argument text of tool calls whose input is still streaming. */
  readonly #rawInput = new Map<ToolPart, string>();
  /** When each streaming reasoning part began, for its `durationMs`. */
  readonly #reasoningStart = new Map<MessagePart, number>();
  /** Where the current step's parts begin (AI SDK `start-step`). */
  #stepStart: number;
  /** Where this stream's own parts begin (later than 0 when it continues an answer). */
  readonly #firstOwn: number;
  #warned = false;

  readonly #message: ChatMessage;
  readonly #onChange: (change: PartChange) => void;
  readonly #now: () => number;

  constructor(message: ChatMessage, onChange: (change: PartChange) => void, now = () => performance.now()) {
    this.#message = message;
    this.#onChange = onChange;
    this.#now = now;
    message.parts ??= [];
    // A continuation (after an approval) adds to the parts already there.
    this.#stepStart = this.#firstOwn = message.parts.length;
  }

  get #parts(): MessagePart[] {
    return this.#message.parts;
  }

  /** Appends answer text (no change reported: `stream-chunk` carries it). */
  text(delta: string, id?: string): void {
    const part = this.#textPart('text', id);
    const atEnd = this.#parts[this.#parts.length - 1] === part;
    // The only text so far: the part and `content` share one string (a long answer is
    // not kept twice).
    if (atEnd && this.#message.content.length === part.text.length) {
      part.text = this.#message.content += delta;
      return;
    }
    part.text += delta;
    // Text added at the very end costs no re-join.
    if (atEnd) this.#message.content += delta;
    else this.#message.content = joined(this.#parts, 'text');
  }

  /** Appends reasoning text. */
  reasoning(delta: string, id?: string): void {
    const part = this.#textPart('reasoning', id);
    part.text += delta;
    this.#message.metadata.reasoning = joined(this.#parts, 'reasoning');
    this.#report(part, false);
  }

  apply(event: PartEvent): void {
    switch (event.type) {
      case 'part-start': {
        const part = this.#textPart(event.kind, event.id);
        if (event.redacted && part.type === 'reasoning') {
          part.redacted = true;
          this.#report(part, false);
        }
        return;
      }
      case 'part-end': {
        const part = event.kind ? this.#keyed.get(`${event.kind}:${event.id}`)
          : this.#keyed.get(event.id) ?? this.#keyed.get(`text:${event.id}`) ?? this.#keyed.get(`reasoning:${event.id}`);
        if (part?.type === 'text' || part?.type === 'reasoning') this.#finishText(part);
        else if (part?.type === 'tool' && part.state === 'input-streaming') this.#finishInput(part, true);
        return;
      }
      case 'reasoning-signature': {
        const part = this.#keyed.get(`reasoning:${event.id}`);
        if (part?.type === 'reasoning') part.signature = (part.signature ?? '') + event.signature;
        return;
      }
      case 'tool-input-start': {
        const existing = this.#tool(event.toolCallId, false);
        // A provider repeating the call's header with later fragments: the arguments go on.
        if (existing && this.#rawInput.has(existing)) return;
        const toolName = event.toolName ?? '';
        const part = existing ?? this.#push({ type: 'tool', toolCallId: event.toolCallId, toolName, state: 'input-streaming' });
        if (existing) Object.assign(part, { toolName: toolName || existing.toolName, state: 'input-streaming' });
        if (event.providerExecuted) (part as ToolPart).providerExecuted = true;
        this.#keyed.set(event.id ?? event.toolCallId, part);
        this.#rawInput.set(part as ToolPart, '');
        if (existing) this.#report(part, false);
        return;
      }
      case 'tool-input-delta': {
        const part = this.#keyed.get(event.toolCallId);
        const raw = part?.type === 'tool' ? this.#rawInput.get(part) : undefined;
        if (part?.type !== 'tool' || raw === undefined) return this.#warn(event);
        const text = raw + event.inputTextDelta;
        this.#rawInput.set(part, text);
        const input = parsePartialJson(text);
        if (input !== undefined) part.input = input;
        this.#report(part, false);
        return;
      }
      case 'tool-input-available':
      case 'tool-input-error': {
        // A call without an id (Ollama): one unique within the message.
        const part = event.toolCallId ? this.#tool(event.toolCallId, true, event.toolName)
          : this.#tool(`call_${this.#parts.length}`, true, event.toolName);
        part.toolName = event.toolName || part.toolName;
        part.input = event.input;
        this.#rawInput.delete(part);
        if (event.type === 'tool-input-available') {
          part.state = 'input-available';
          if (event.providerExecuted) part.providerExecuted = true;
        } else {
          part.state = 'output-error';
          part.errorText = event.errorText;
        }
        this.#report(part, false);
        return;
      }
      case 'tool-output-available': {
        const part = this.#tool(event.toolCallId, Boolean(event.toolName), event.toolName);
        if (!part) return this.#warn(event);
        this.#rawInput.delete(part);
        part.state = 'output-available';
        part.output = event.output;
        if (event.preliminary) part.preliminary = true;
        else delete part.preliminary;
        if (event.providerExecuted) part.providerExecuted = true;
        this.#report(part, false);
        return;
      }
      case 'tool-output-error':
      case 'tool-output-denied': {
        const part = this.#tool(event.toolCallId, false);
        if (!part) return this.#warn(event);
        this.#rawInput.delete(part);
        if (event.type === 'tool-output-error') {
          part.state = 'output-error';
          part.errorText = event.errorText;
        } else part.state = 'output-denied';
        this.#report(part, false);
        return;
      }
      case 'tool-approval-request': {
        const part = this.#tool(event.toolCallId, false);
        if (!part) return this.#warn(event);
        this.#rawInput.delete(part);
        part.state = 'approval-requested';
        part.approval = defined({ id: event.approvalId, requestReason: event.reason });
        this.#report(part, false);
        this.#onChange({ kind: 'approval', part, index: this.#parts.indexOf(part) });
        return;
      }
      case 'tool-approval-response': {
        const part = this.#parts.find((p): p is ToolPart => p.type === 'tool' && p.approval?.id === event.approvalId);
        if (!part) return this.#warn(event);
        respond(part, event.approved, event.reason);
        this.#report(part, false);
        return;
      }
      case 'source': {
        // One source per cited id: a citation repeated later in the answer adds nothing.
        if (this.#parts.some((p) => p.type === 'source' && p.sourceId === event.sourceId)) return;
        const { type: _type, ...fields } = event;
        this.#push({ type: 'source', ...defined(fields) } as MessagePart);
        return;
      }
      case 'file':
        this.#push({ type: 'file', url: event.url, mediaType: event.mediaType, ...defined({ filename: event.filename }) });
        return;
      case 'data': {
        if (event.transient) {
          this.#onChange({ kind: 'data', name: event.name, id: event.id, data: event.data });
          return;
        }
        const existing = event.id === undefined ? undefined
          : this.#parts.find((p) => p.type === 'data' && p.name === event.name && p.id === event.id);
        if (existing?.type === 'data') {
          existing.data = event.data;
          this.#report(existing, false);
        } else this.#push({ type: 'data', name: event.name, ...(event.id !== undefined ? { id: event.id } : {}), data: event.data });
        return;
      }
      case 'start-step':
        this.#stepStart = this.#parts.length;
        return;
      case 'reset-step':
        this.#removeFrom(this.#stepStart);
        return;
    }
  }

  /** A fresh attempt starts the answer over: every part this stream added goes. */
  reset(): void {
    this.#removeFrom(this.#firstOwn);
  }

  /**
   * The answer ended, whatever its status: text and reasoning are done; a tool call whose
   * arguments were still streaming gets them parsed, or fails when they were cut short.
   */
  end(status: MessageStatus): void {
    for (const part of this.#parts) {
      if (part.type === 'text' || part.type === 'reasoning') this.#finishText(part);
      else if (part.type === 'tool' && part.state === 'input-streaming') this.#finishInput(part, status === 'complete');
    }
  }

  /** The text or reasoning part a delta extends: by id, or the last part when it is one of this kind. */
  #textPart(kind: 'text' | 'reasoning', id?: string): TextLike {
    const key = id === undefined ? undefined : `${kind}:${id}`;
    const known = key === undefined ? undefined : this.#keyed.get(key);
    if (known) return known as TextLike;
    const last = this.#parts[this.#parts.length - 1];
    if (key === undefined && last?.type === kind && last.state === 'streaming' && !this.#isKeyed(last)) return last;
    const part = this.#push({ type: kind, text: '', state: 'streaming' }) as TextLike;
    if (kind === 'reasoning') this.#reasoningStart.set(part, this.#now());
    if (key !== undefined) this.#keyed.set(key, part);
    return part;
  }

  #isKeyed(part: MessagePart): boolean {
    for (const value of this.#keyed.values()) if (value === part) return true;
    return false;
  }

  #finishText(part: TextLike): void {
    if (part.state === 'done') return;
    part.state = 'done';
    const started = this.#reasoningStart.get(part);
    if (part.type === 'reasoning' && started !== undefined) {
      part.durationMs = Math.round(this.#now() - started);
      this.#reasoningStart.delete(part);
    }
    if (part.type === 'reasoning') this.#report(part, false);
  }

  /** Arguments complete: parsed whole, or the call fails with the raw text kept. */
  #finishInput(part: ToolPart, complete: boolean): void {
    const raw = this.#rawInput.get(part) ?? '';
    this.#rawInput.delete(part);
    if (!complete) {
      part.state = 'output-error';
      part.errorText = 'The answer ended before the tool call was complete.';
    } else {
      try {
        part.input = raw.trim() ? JSON.parse(raw) : {};
        part.state = 'input-available';
      } catch {
        part.state = 'output-error';
        part.input = raw;
        part.errorText = 'The tool call arguments are not valid JSON.';
      }
    }
    this.#report(part, false);
  }

  /** The tool part of a call id; created (when `create`) if the stream never started it. */
  #tool(toolCallId: string, create: true, toolName?: string): ToolPart;
  #tool(toolCallId: string, create: boolean, toolName?: string): ToolPart | undefined;
  #tool(toolCallId: string, create: boolean, toolName = ''): ToolPart | undefined {
    const found = this.#parts.find((p): p is ToolPart => p.type === 'tool' && p.toolCallId === toolCallId);
    if (found || !create) return found;
    return this.#push({ type: 'tool', toolCallId, toolName, state: 'input-available' }) as ToolPart;
  }

  #push(part: MessagePart): MessagePart {
    // A part without an id can no longer be extended once another begins: it is done.
    const last = this.#parts[this.#parts.length - 1];
    if (last && (last.type === 'text' || last.type === 'reasoning') && !this.#isKeyed(last)) this.#finishText(last);
    this.#parts.push(part);
    if (part.type !== 'text') this.#report(part, true);
    return part;
  }

  #report(part: MessagePart, added: boolean): void {
    this.#onChange({ kind: 'part', part, index: this.#parts.indexOf(part), added });
  }

  #removeFrom(start: number): void {
    if (start >= this.#parts.length) return;
    const removed = this.#parts.splice(start);
    for (const [key, part] of this.#keyed) if (removed.includes(part)) this.#keyed.delete(key);
    for (const part of removed) {
      this.#rawInput.delete(part as ToolPart);
      this.#reasoningStart.delete(part);
    }
    this.#stepStart = Math.min(this.#stepStart, this.#parts.length);
    this.#message.content = joined(this.#parts, 'text');
    const reasoning = joined(this.#parts, 'reasoning');
    this.#message.metadata.reasoning = reasoning || undefined;
    for (let index = start + removed.length - 1; index >= start; index--) this.#onChange({ kind: 'removed', index });
  }

  /** A part event for a tool call or approval the stream never started: dropped, said once. */
  #warn(event: PartEvent): void {
    if (this.#warned) return;
    this.#warned = true;
    console.warn('<stream-chat>: ignored a part for an unknown tool call or approval:', event);
  }
}

/**
 * Marks the approval request `approvalId` of `message` (the last one) answered; throws
 * when no tool call there waits for it.
 */
export function answerApproval(message: ChatMessage | undefined, approvalId: string, approved: boolean, reason?: string): { part: ToolPart; index: number } {
  const index = message?.parts.findIndex((p) => p.type === 'tool' && p.approval?.id === approvalId) ?? -1;
  const part = message?.parts[index];
  if (part?.type !== 'tool' || part.state !== 'approval-requested')
    throw new Error(`<stream-chat>: no tool call of the last answer waits for approval "${approvalId}".`);
  // A new object: a settled answer's view re-renders when one of its parts is replaced.
  const answered: ToolPart = { ...part };
  respond(answered, approved, reason);
  message!.parts[index] = answered;
  return { part: answered, index };
}

function respond(part: ToolPart, approved: boolean, reason?: string): void {
  part.state = 'approval-responded';
  part.approval = defined({ ...part.approval!, approved, reason });
}

/** Whether an answer still waits for an approval (the AI SDK's client sends nothing until none does). */
export const awaitsApproval = (message: ChatMessage) =>
  message.parts.some((p) => p.type === 'tool' && p.state === 'approval-requested');

/** The text of every part of `type`, joined with no separator. */
export function joined(parts: readonly MessagePart[], type: 'text' | 'reasoning'): string {
  let text = '';
  for (const part of parts) if (part.type === type) text += part.text;
  return text;
}

/** `fields` without its undefined values (parts stay comparable and storable). */
function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

import type { FormatName, Usage } from '../../types.js';

/** What a payload means, independent of the format it came in. */
export type FormatEvent =
  | { type: 'delta'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'meta'; model?: string; usage?: Usage; finishReason?: string }
  | { type: 'done'; model?: string; usage?: Usage; finishReason?: string }
  | { type: 'error'; message: string; code?: string };

/** One parsed JSON payload (an SSE `data`, an NDJSON line, a WebSocket frame). */
export interface Payload {
  /** Untyped provider JSON: read it through the guards below. */
  json: unknown;
  /** The SSE event type, for formats that put the type there. */
  event?: string;
}

/** Maps one provider's payloads to FormatEvents. */
export interface FormatAdapter {
  readonly name: FormatName;
  /** True when the payload is recognisably this format's (used by `format="auto"`). */
  detect(payload: Payload): boolean;
  read(payload: Payload): FormatEvent[];
}

/** Reads `a.b.0.c` from a JSON value. */
export function readPath(value: unknown, path: string): unknown {
  let current = value as Record<string, unknown> | undefined;
  for (const key of path.split('.')) {
    if (current == null || typeof current !== 'object') return undefined;
    current = current[key] as Record<string, unknown> | undefined;
  }
  return current;
}

/** A non-empty string, or undefined: provider JSON may hold anything where a name is expected. */
export const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Normalises OpenAI / Anthropic / AI SDK / Ollama usage shapes. */
export function toUsage(raw: unknown): Usage | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const u = raw as Record<string, unknown>;
  const promptTokens =
    num(u.prompt_tokens) ?? num(u.input_tokens) ?? num(u.promptTokens) ?? num(u.inputTokens) ?? num(u.prompt_eval_count);
  const completionTokens =
    num(u.completion_tokens) ?? num(u.output_tokens) ?? num(u.completionTokens) ?? num(u.outputTokens) ?? num(u.eval_count);
  const totalTokens =
    num(u.total_tokens) ?? num(u.totalTokens) ??
    (promptTokens !== undefined && completionTokens !== undefined ? promptTokens + completionTokens : undefined);
  if (promptTokens === undefined && completionTokens === undefined && totalTokens === undefined) return undefined;
  return { promptTokens, completionTokens, totalTokens };
}

/**
 * Usage reported in parts (Anthropic: input tokens at the start, output tokens at the
 * end) merged into one: later counts win, and the total is re-added when the counts
 * came from different events.
 */
export function mergeUsage(previous: Usage | undefined, next: Usage): Usage {
  if (!previous) return next;
  const promptTokens = next.promptTokens ?? previous.promptTokens;
  const completionTokens = next.completionTokens ?? previous.completionTokens;
  const reportedTogether = next.promptTokens !== undefined && next.completionTokens !== undefined;
  const totalTokens =
    reportedTogether || promptTokens === undefined || completionTokens === undefined
      ? (next.totalTokens ?? previous.totalTokens)
      : promptTokens + completionTokens;
  return { promptTokens, completionTokens, totalTokens };
}

export const isObject = (value: unknown): value is Record<string, any> => // eslint-disable-line @typescript-eslint/no-explicit-any
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The message of an error payload, whatever its nesting (`{error:{message}}`, `{error:"…"}`, `{message}`). */
export function errorMessage(value: unknown, fallback = 'The server reported an error.'): string {
  if (typeof value === 'string' && value) return value;
  if (isObject(value)) {
    if (typeof value.message === 'string' && value.message) return value.message;
    if (value.error !== undefined) return errorMessage(value.error, fallback);
  }
  return fallback;
}

/**
 * An event as the rest of the widget may trust it: `model` and `finishReason` strings or
 * absent, usage counts numbers (whatever an adapter read from the provider's JSON).
 */
export function checkedEvent(event: FormatEvent): FormatEvent {
  if (event.type !== 'meta' && event.type !== 'done') return event;
  return {
    type: event.type,
    model: optionalString(event.model),
    finishReason: optionalString(event.finishReason),
    usage: checkedUsage(event.usage),
  };
}

function checkedUsage(usage: unknown): Usage | undefined {
  if (!isObject(usage)) return undefined;
  const checked: Usage = {
    promptTokens: num(usage.promptTokens),
    completionTokens: num(usage.completionTokens),
    totalTokens: num(usage.totalTokens),
  };
  return Object.values(checked).some((n) => n !== undefined) ? checked : undefined;
}

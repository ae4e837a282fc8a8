import type { ChatErrorInfo, ErrorCode } from '../types.js';

/** An error of one stream attempt, classified by the contract's error codes. */
export class StreamError extends Error {
  readonly code: ErrorCode;
  readonly status?: number;
  /** Server-requested delay before a retry (Retry-After). */
  readonly retryAfterMs?: number;
  /** The backend's own words (an error body or payload), or what exactly was unreadable. */
  readonly detail?: string;

  constructor(code: ErrorCode, message: string, options: { status?: number; retryAfterMs?: number; detail?: string } = {}) {
    super(message);
    this.name = 'StreamError';
    this.code = code;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.detail = options.detail ?? (code === 'protocol' ? message : undefined);
  }

  toInfo(): ChatErrorInfo {
    const info: ChatErrorInfo = { code: this.code, message: this.message };
    if (this.status !== undefined) info.status = this.status;
    if (this.detail !== undefined) info.detail = this.detail;
    return info;
  }
}

export function toStreamError(error: unknown): StreamError {
  if (error instanceof StreamError) return error;
  if (error instanceof DOMException && error.name === 'AbortError') return new StreamError('aborted', 'The request was cancelled.');
  return new StreamError('network', error instanceof Error ? error.message : String(error));
}

const MAX_SERVER_MESSAGE = 300;

/**
 * The human-readable message of an error body: OpenAI-style `{"error":{"message"}}`,
 * `{"error":"…"}`, `{"message":"…"}`, or short plain text. HTML pages are not shown.
 */
export function messageFromBody(body: string, contentType = ''): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  if (/html/i.test(contentType) || /^<(!doctype|html|head|body)\b/i.test(text)) return undefined;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const error = json?.error as Record<string, unknown> | string | undefined;
    const message =
      (typeof error === 'object' && error && typeof error.message === 'string' && error.message) ||
      (typeof error === 'string' && error) ||
      (typeof json?.message === 'string' && json.message) ||
      (typeof json?.detail === 'string' && json.detail);
    return message ? clip(message) : undefined;
  } catch {
    return clip(text);
  }
}

const clip = (text: string) => (text.length > MAX_SERVER_MESSAGE ? `${text.slice(0, MAX_SERVER_MESSAGE)}…` : text);

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The error for a non-2xx response. */
export function errorForResponse(status: number, body: string, headers: Headers): StreamError {
  const detail = messageFromBody(body, headers.get('content-type') ?? '');
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  const say = (fallback: string) => detail ?? fallback;
  if (status === 401 || status === 403)
    return new StreamError('auth', say(status === 401 ? 'Not signed in (401).' : 'Access denied (403).'), { status, detail });
  if (status === 429)
    return new StreamError('rate_limit', say('Too many requests (429).'), { status, retryAfterMs, detail });
  return new StreamError('http', say(`The server answered ${status}.`), { status, retryAfterMs, detail });
}

/**
 * The HTTP statuses a later attempt may get past: a timeout, "too early", a rate limit,
 * a transient server failure. Others (501, 505, other 4xx…) say the same thing again.
 */
const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Whether another attempt may succeed where this one failed. */
export function isRetryable(error: StreamError): boolean {
  switch (error.code) {
    case 'network':
    case 'timeout':
      return true;
    case 'http':
    case 'rate_limit':
      return error.status !== undefined && RETRYABLE_STATUSES.has(error.status);
    default:
      return false;
  }
}

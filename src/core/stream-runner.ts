import type { FormatOption, Protocol, ProtocolOption, Usage } from '../types.js';
import { backoffDelay } from './backoff.js';
import type { EndpointPool } from './endpoint-pool.js';
import { StreamError, isRetryable, toStreamError } from './errors.js';
import { PayloadDecoder } from './formats/decoder.js';
import type { FormatEvent, PartEvent } from './formats/format.js';
import { ResumeCursor } from './resume-cursor.js';
import { isWebSocketUrl, type Frame, type Transport } from './transport.js';

/** Everything one answer's stream needs; the element builds it from its attributes. */
export interface StreamOptions {
  streamId: string;
  body: Record<string, unknown>;
  pool: EndpointPool;
  transportFor: (url: string) => Transport;
  protocol: ProtocolOption;
  format: FormatOption;
  contentPath?: string;
  headers: Record<string, string>;
  /** The request header that carries the stream id over HTTP; empty: none. */
  streamIdHeader: string;
  credentials: RequestCredentials;
  maxRetries: number;
  retryDelayMs: number;
  retryMaxDelayMs: number;
  idleTimeoutMs: number;
  maxEventBytes: number;
  /** Longest answer kept (characters; 0 = no cap): past it the stream is stopped, finish reason `length`. */
  maxAnswerChars: number;
}

/** What the stream reports while it runs. */
export interface StreamObserver {
  /** An attempt starts (attempt 0 is the first connection). */
  connecting(endpoint: string, attempt: number): void;
  /** A fresh attempt starts after a failed one: drop what the failed one left (its reasoning). */
  restart(): void;
  /** A response began streaming. */
  opened(endpoint: string, protocol: Protocol): void;
  /** Answer text; `id` names its part when the format keys parts. */
  delta(text: string, id?: string): void;
  reasoning(text: string, id?: string): void;
  /** A structured part (tool call, source, file, data, step…), for the parts assembler. */
  part(event: PartEvent): void;
  bytes(count: number): void;
  /** An attempt failed; `willRetry` says whether another follows. */
  failed(error: StreamError, willRetry: boolean, attempt: number): void;
}

export interface StreamResult {
  status: 'complete' | 'interrupted' | 'cancelled' | 'error';
  error?: StreamError;
  endpoint?: string;
  model?: string;
  usage?: Usage;
  finishReason?: string;
  retries: number;
}

/**
 * Runs one answer's stream to its end: picks endpoints, reconnects with backoff,
 * resumes where the stream can be resumed (and drops replayed events), and never shows
 * text twice: a stream that broke after text arrived and cannot be resumed ends
 * `interrupted` instead of being asked again.
 */
export async function runStream(options: StreamOptions, observer: StreamObserver, signal: AbortSignal): Promise<StreamResult> {
  let cursor = new ResumeCursor();
  const meta: { model?: string; usage?: Usage; finishReason?: string } = {};
  let textArrived = false;
  let answerLength = 0;
  let capped = false;
  let retries = 0; // reconnects (the contract's `metadata.retries`)
  let backoffs = 0; // backoff waits since data last flowed: bounded by maxRetries
  let endpoint: string | undefined;
  let retryHintMs: number | undefined;
  const failedEndpoints = new Set<string>();

  const result = (status: StreamResult['status'], error?: StreamError): StreamResult => ({
    status, error, endpoint, retries, ...meta,
  });

  for (let attempt = 0; ; attempt++) {
    if (signal.aborted) return result('cancelled');
    // A resumable stream resumes where it broke; otherwise it starts afresh, on the next
    // endpoint, with nothing carried over from the attempt before.
    const resuming = textArrived && resumable(cursor, endpoint);
    if (!resuming) {
      const next = options.pool.pick(failedEndpoints) ?? options.pool.pick();
      if (next !== endpoint) retryHintMs = undefined;
      endpoint = next;
      cursor = new ResumeCursor();
      if (attempt > 0) observer.restart();
    }
    if (!endpoint) return result('error', new StreamError('network', 'No endpoint is configured.'));
    observer.connecting(endpoint, attempt);

    const decoder = new PayloadDecoder(options.format, options.contentPath);
    // Aborts this attempt alone (an answer over its cap), or with the caller's signal.
    const attemptAbort = new AbortController();
    const onAbort = () => attemptAbort.abort();
    signal.addEventListener('abort', onAbort);
    if (signal.aborted) onAbort();
    let ended = false;
    /** The end marker arrived, but parts may still follow until the body ends (AI SDK `finish`). */
    let finished = false;
    /** The backend cut the answer short (AI SDK `abort`). */
    let backendAbort: StreamError | undefined;
    let serverError: StreamError | undefined;
    const started = performance.now();
    let dataThisAttempt = false;

    const sink = {
      open(info: { protocol: Protocol; headers?: Headers }) {
        decoder.useResponse(info);
        observer.opened(endpoint!, info.protocol);
      },
      bytes: (count: number) => observer.bytes(count),
      retryHint: (ms: number) => (retryHintMs = ms),
      frame(frame: Frame): boolean {
        const payload = decoder.parse(frame);
        const seq = typeof payload?.json?.seq === 'number' ? payload.json.seq : undefined;
        if (!cursor.accept(frame.id, seq)) return false;
        for (const event of decoder.read(frame, payload)) {
          if (apply(event)) return true;
        }
        return false;
      },
    };

    /** Shows text, up to the answer cap; true once the cap is reached. */
    const deliverText = (text: string, id?: string): boolean => {
      const cap = options.maxAnswerChars > 0 ? options.maxAnswerChars : Infinity;
      const kept = answerLength + text.length > cap ? text.slice(0, cap - answerLength) : text;
      answerLength += kept.length;
      if (kept) observer.delta(kept, id);
      if (answerLength < cap) return false;
      capped = true;
      meta.finishReason = 'length';
      attemptAbort.abort(); // the server sees the request end
      return true;
    };

    const flowing = () => {
      if (dataThisAttempt) return;
      dataThisAttempt = true;
      backoffs = 0; // data flows again: backoff starts over
      failedEndpoints.clear();
      options.pool.succeeded(endpoint!, performance.now() - started);
    };

    const apply = (event: FormatEvent): boolean => {
      switch (event.type) {
        case 'delta':
          flowing();
          textArrived = true;
          return deliverText(event.text, event.id);
        case 'reasoning':
          flowing();
          observer.reasoning(event.text, event.id);
          return false;
        case 'meta':
        case 'done':
        case 'finish':
          if (event.model) meta.model = event.model;
          if (event.usage) meta.usage = event.usage;
          if (event.finishReason) meta.finishReason = event.finishReason;
          if (event.type === 'finish') finished = true;
          if (event.type === 'done') ended = true;
          return ended;
        case 'abort':
          backendAbort = new StreamError('aborted', event.reason ? `The server stopped the answer: ${event.reason}` : 'The server stopped the answer.', { detail: event.reason });
          return true;
        case 'error':
          serverError = new StreamError('server', event.message, { detail: event.message });
          return true;
        default:
          flowing();
          // A part on screen is never asked for again either (a tool may have run).
          if (event.type !== 'part-start' && event.type !== 'start-step') textArrived = true;
          observer.part(event);
          return false;
      }
    };

    let error: StreamError;
    try {
      await options.transportFor(endpoint)(
        {
          url: endpoint,
          streamId: options.streamId,
          body: options.body,
          headers: options.headers,
          streamIdHeader: options.streamIdHeader,
          credentials: options.credentials,
          protocol: options.protocol,
          idleTimeoutMs: options.idleTimeoutMs,
          maxEventBytes: options.maxEventBytes,
          lastEventId: resuming ? cursor.lastEventId : undefined,
          lastSeq: resuming ? cursor.lastSeq : undefined,
          signal: attemptAbort.signal,
        },
        sink,
      );
      if (capped) return result('complete');
      // A `[DONE]` after an abort does not make the answer complete.
      if (backendAbort) return result(signal.aborted ? 'cancelled' : 'interrupted', backendAbort);
      if (serverError) {
        observer.failed(serverError, false, attempt + 1);
        return result('error', serverError);
      }
      if (ended || ((finished || decoder.endsAtEof) && !signal.aborted)) {
        if (!dataThisAttempt) options.pool.succeeded(endpoint, performance.now() - started);
        return result('complete');
      }
      error =
        decoder.unrecognisedError() ??
        new StreamError('network', 'The connection closed before the answer was complete.');
    } catch (caught) {
      if (capped) return result('complete');
      error = toStreamError(caught);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (signal.aborted) return result('cancelled');
    // After `finish` the answer is whole: a connection that then breaks loses nothing.
    if (finished) return result('complete');

    if (error.code !== 'protocol' && error.code !== 'auth') options.pool.failed(endpoint, error);
    failedEndpoints.add(endpoint);
    // Text already shown is never asked for again: only a resumable stream reconnects.
    const canContinue = !textArrived || resumable(cursor, endpoint);
    // Another endpoint that has not failed yet is tried at once, without a backoff wait.
    const otherEndpoint = !textArrived && options.pool.pick(failedEndpoints) !== undefined;
    const willRetry = isRetryable(error) && canContinue && (otherEndpoint || backoffs < options.maxRetries);
    observer.failed(error, willRetry, attempt + 1);
    if (!willRetry) {
      const broken = textArrived && isRetryable(error);
      return result(broken ? 'interrupted' : 'error', error);
    }
    retries++;
    if (otherEndpoint) continue;

    backoffs++;
    failedEndpoints.clear();
    // A server-requested delay is honoured up to the backoff cap.
    const delay = Math.min(
      error.retryAfterMs ?? retryHintMs ?? backoffDelay(backoffs, options.retryDelayMs, options.retryMaxDelayMs),
      options.retryMaxDelayMs,
    );
    if (!(await waitToRetry(delay, signal))) return result('cancelled');
  }
}

/**
 * Whether the stream can continue where it broke: SSE sends back its last event id; a
 * WebSocket sends `resume` with the last `seq`. Over HTTP a `seq` alone is not a resume
 * point (the request cannot carry it), so such a stream is not resumable.
 */
function resumable(cursor: ResumeCursor, endpoint: string | undefined): boolean {
  return endpoint !== undefined && isWebSocketUrl(endpoint) ? cursor.lastSeq !== undefined : cursor.lastEventId !== undefined;
}

/**
 * Waits `ms` before a retry, and while the browser says it is offline; resolves at once
 * when it comes back online. False when the stream was cancelled meanwhile.
 */
function waitToRetry(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      window.removeEventListener('online', onOnline);
      resolve(ok);
    };
    const onAbort = () => finish(false);
    const onOnline = () => finish(true);
    signal.addEventListener('abort', onAbort);
    window.addEventListener('online', onOnline);
    if (signal.aborted) return finish(false);
    if (navigator.onLine !== false) timer = setTimeout(() => finish(true), ms);
  });
}

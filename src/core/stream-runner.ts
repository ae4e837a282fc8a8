import type { Protocol, Usage } from '../types.js';
import { backoffDelay } from './backoff.js';
import { browserClock, type Clock } from './clock.js';
import type { ChatConfig } from './config.js';
import type { EndpointPool } from './endpoint-pool.js';
import { StreamError, isRetryable, toStreamError } from './errors.js';
import { PayloadDecoder } from './formats/decoder.js';
import { isObject, type FormatEvent } from './formats/format.js';
import { ResumeCursor } from './resume-cursor.js';
import { isWebSocketUrl, type Frame, type Transport, type TransportSink } from './transport.js';

/** One answer to stream. */
export interface StreamJob {
  streamId: string;
  body: Record<string, unknown>;
  config: ChatConfig;
}

/** Where the runner connects, and its time and randomness (injected for tests). */
export interface StreamContext {
  pool: EndpointPool;
  transportFor: (url: string) => Transport;
  clock?: Clock;
  random?: () => number;
}

/** What the stream reports while it runs. A new kind of report is a new method here. */
export interface StreamObserver {
  /** An attempt starts (attempt 0 is the first connection). */
  connecting(endpoint: string, attempt: number): void;
  /** A fresh attempt starts after a failed one: drop what the failed one left (its reasoning). */
  restart(): void;
  /** A response began streaming. */
  opened(endpoint: string, protocol: Protocol): void;
  delta(text: string): void;
  reasoning(text: string): void;
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

/** What carries over from one attempt to the next. */
interface RunState {
  /** The endpoint of the last attempt. */
  endpoint?: string;
  cursor: ResumeCursor;
  /** Whether any answer text was shown (then it is never asked for again). */
  textArrived: boolean;
  answerLength: number;
  /** Reconnects (the contract's `metadata.retries`). */
  retries: number;
  /** Backoff waits since data last flowed: bounded by `maxRetries`. */
  backoffs: number;
  /** Endpoints that failed since the last backoff wait (another one is tried first). */
  failed: Set<string>;
  /** The SSE `retry:` hint of the current endpoint. */
  retryHintMs?: number;
  meta: { model?: string; usage?: Usage; finishReason?: string };
}

/** One connection to one endpoint. */
interface Attempt {
  index: number;
  endpoint: string;
  /** Continues after the cursor (same endpoint, same stream id) rather than starting afresh. */
  resuming: boolean;
  startedAt: number;
  decoder: PayloadDecoder;
  /** Aborts this attempt alone (an answer over its cap), or with the caller's signal. */
  abort: AbortController;
  /** The response started (false: the endpoint could not be reached at all). */
  opened: boolean;
  dataArrived: boolean;
  /** The end marker was read. */
  ended: boolean;
  /** The answer reached `maxAnswerChars`. */
  capped: boolean;
  serverError?: StreamError;
}

/** How an attempt ended: the stream's result, or an error to decide on. */
type Outcome = { result: StreamResult } | { error: StreamError };

/** What `decideRetry` needs to know of the stream. */
export interface RetryState {
  textArrived: boolean;
  /** The broken stream can continue where it stopped. */
  canResume: boolean;
  /**
   * Another endpoint that has not failed yet can take over: before any text, or to resume
   * a stream whose endpoint could not be reached.
   */
  otherEndpoint: boolean;
  /** Backoff waits so far. */
  backoffs: number;
  retryHintMs?: number;
}

export type RetryDecision =
  | { retry: false; status: 'error' | 'interrupted' }
  /** `backoff`: wait `delayMs` (and count it); otherwise go to another endpoint at once. */
  | { retry: true; backoff: boolean; delayMs: number };

/**
 * Whether, and after how long, a failed attempt is tried again. Text already shown is
 * never asked for again: only a resumable stream reconnects after it. Another endpoint
 * is tried at once; the same one after an exponential backoff with full jitter, or the
 * delay the server asked for (Retry-After, SSE `retry:`), capped by `retryMaxDelay`.
 */
export function decideRetry(
  error: StreamError,
  state: RetryState,
  config: Pick<ChatConfig, 'maxRetries' | 'retryDelay' | 'retryMaxDelay'>,
  random: () => number = Math.random,
): RetryDecision {
  const stop = { retry: false, status: state.textArrived && isRetryable(error) ? 'interrupted' : 'error' } as const;
  if (!isRetryable(error) || (state.textArrived && !state.canResume)) return stop;
  if (state.otherEndpoint) return { retry: true, backoff: false, delayMs: 0 };
  if (state.backoffs >= config.maxRetries) return stop;
  const delayMs = Math.min(
    error.retryAfterMs ?? state.retryHintMs ?? backoffDelay(state.backoffs + 1, config.retryDelay, config.retryMaxDelay, random),
    config.retryMaxDelay,
  );
  return { retry: true, backoff: true, delayMs };
}

/**
 * Whether the stream can continue where it broke: SSE sends back its last event id; a
 * WebSocket sends `resume` with the last `seq`. Over HTTP a `seq` alone is not a resume
 * point (the request cannot carry it), so such a stream is not resumable.
 */
export function canResume(cursor: ResumeCursor, endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false;
  return isWebSocketUrl(endpoint) ? cursor.lastSeq !== undefined : cursor.lastEventId !== undefined;
}

/**
 * Runs one answer's stream to its end: picks endpoints, reconnects with backoff,
 * resumes where the stream can be resumed (dropping replayed events), and never shows
 * text twice: a stream that broke after text arrived and cannot be resumed ends
 * `interrupted` instead of being asked again.
 */
export function runStream(job: StreamJob, context: StreamContext, observer: StreamObserver, signal: AbortSignal): Promise<StreamResult> {
  return new StreamRun(job, context, observer, signal).run();
}

/** One answer's stream: a loop of attempts over `RunState`. */
class StreamRun {
  private readonly state: RunState = {
    cursor: new ResumeCursor(), textArrived: false, answerLength: 0, retries: 0, backoffs: 0, failed: new Set(), meta: {},
  };
  readonly #pool: EndpointPool;
  readonly #clock: Clock;
  readonly #config: ChatConfig;

  constructor(
    private readonly job: StreamJob,
    private readonly context: StreamContext,
    private readonly observer: StreamObserver,
    private readonly signal: AbortSignal,
  ) {
    this.#pool = context.pool;
    this.#clock = context.clock ?? browserClock;
    this.#config = job.config;
  }

  async run(): Promise<StreamResult> {
    const { state, observer, signal } = this;
    const pool = this.#pool;
    let previous: Attempt | undefined;
    for (let index = 0; ; index++) {
      if (signal.aborted) return this.#result('cancelled');
      const attempt = this.#nextAttempt(index, previous);
      previous = attempt;
      if (!attempt) return this.#result('error', new StreamError('network', 'No endpoint is configured.'));
      if (index > 0 && !attempt.resuming) observer.restart();
      observer.connecting(attempt.endpoint, index);

      const outcome = await this.#attempt(attempt);
      if ('result' in outcome) return outcome.result;
      if (signal.aborted) return this.#result('cancelled');

      const { error } = outcome;
      if (error.code !== 'protocol' && error.code !== 'auth') pool.failed(attempt.endpoint, error);
      state.failed.add(attempt.endpoint);
      const decision = decideRetry(
        error,
        {
          textArrived: state.textArrived,
          canResume: canResume(state.cursor, attempt.endpoint),
          otherEndpoint: (!state.textArrived || !attempt.opened) && pool.hasCandidate(state.failed),
          backoffs: state.backoffs,
          retryHintMs: state.retryHintMs,
        },
        this.#config,
        this.context.random,
      );
      observer.failed(error, decision.retry, index + 1);
      if (!decision.retry) return this.#result(decision.status, error);
      state.retries++;
      if (!decision.backoff) continue;
      state.backoffs++;
      state.failed.clear();
      if (!(await this.#clock.wait(decision.delayMs, signal))) return this.#result('cancelled');
    }
  }

  #result(status: StreamResult['status'], error?: StreamError): StreamResult {
    return { status, error, endpoint: this.state.endpoint, retries: this.state.retries, ...this.state.meta };
  }

  /**
   * The next attempt: a resumable stream resumes where it broke, on the same endpoint, or
   * on another one of the pool when its own could not be reached at all (a proxy that
   * blocks WebSocket upgrades, an endpoint down); otherwise it starts afresh on the next
   * endpoint, with nothing carried over.
   */
  #nextAttempt(index: number, previous: Attempt | undefined): Attempt | undefined {
    const { state } = this;
    const resuming = state.textArrived && canResume(state.cursor, state.endpoint);
    if (resuming && previous && !previous.opened) this.#moveResume(previous.endpoint);
    if (!resuming) {
      const next = this.#pool.pick(state.failed) ?? this.#pool.pick();
      if (next !== state.endpoint) state.retryHintMs = undefined;
      state.endpoint = next;
      state.cursor = new ResumeCursor();
    }
    if (!state.endpoint) return undefined;
    return {
      index,
      endpoint: state.endpoint,
      resuming,
      startedAt: this.#clock.now(),
      decoder: new PayloadDecoder(this.#config.format, this.#config.contentPath),
      abort: new AbortController(),
      opened: false,
      dataArrived: false,
      ended: false,
      capped: false,
    };
  }

  /**
   * Moves a resume from `unreachable` to the next endpoint that can resume from the same
   * point. Between a WebSocket and an HTTP endpoint of one backend the point is carried
   * over: such a backend numbers its SSE ids as its WebSocket seqs.
   */
  #moveResume(unreachable: string): void {
    const { state } = this;
    for (let next = this.#pool.pick(state.failed); next; next = this.#pool.pick(state.failed)) {
      if (isWebSocketUrl(next) !== isWebSocketUrl(unreachable)) state.cursor.carryOver();
      if (next !== unreachable && canResume(state.cursor, next)) {
        state.endpoint = next;
        state.retryHintMs = undefined;
        return;
      }
      state.failed.add(next); // cannot take this stream over: the next failure backs off
    }
  }

  /** Runs one attempt through its transport. */
  async #attempt(attempt: Attempt): Promise<Outcome> {
    const { state, signal } = this;
    const onAbort = () => attempt.abort.abort();
    signal.addEventListener('abort', onAbort);
    if (signal.aborted) onAbort();
    try {
      await this.context.transportFor(attempt.endpoint)(
        {
          url: attempt.endpoint,
          streamId: this.job.streamId,
          body: this.job.body,
          config: this.#config,
          lastEventId: attempt.resuming ? state.cursor.lastEventId : undefined,
          lastSeq: attempt.resuming ? state.cursor.lastSeq : undefined,
          signal: attempt.abort.signal,
        },
        this.#sink(attempt),
      );
      if (attempt.capped) return { result: this.#result('complete') };
      if (attempt.serverError) {
        this.observer.failed(attempt.serverError, false, attempt.index + 1);
        return { result: this.#result('error', attempt.serverError) };
      }
      if (attempt.ended || (attempt.decoder.endsAtEof && !signal.aborted)) {
        if (!attempt.dataArrived) this.#pool.succeeded(attempt.endpoint, this.#clock.now() - attempt.startedAt);
        return { result: this.#result('complete') };
      }
      return {
        error:
          attempt.decoder.unrecognisedError() ??
          new StreamError('network', 'The connection closed before the answer was complete.'),
      };
    } catch (caught) {
      if (attempt.capped) return { result: this.#result('complete') };
      return { error: toStreamError(caught) };
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  #sink(attempt: Attempt): TransportSink {
    return {
      open: (info) => {
        attempt.opened = true;
        attempt.decoder.useResponse(info);
        this.observer.opened(attempt.endpoint, info.protocol);
      },
      bytes: (count) => this.observer.bytes(count),
      retryHint: (ms) => (this.state.retryHintMs = ms),
      frame: (frame: Frame): boolean => {
        const payload = attempt.decoder.parse(frame);
        const json = payload?.json;
        const seq = isObject(json) && typeof json.seq === 'number' ? json.seq : undefined;
        if (!this.state.cursor.accept(frame.id, seq)) return false; // a replayed event
        for (const event of attempt.decoder.read(frame, payload)) if (this.#apply(attempt, event)) return true;
        return false;
      },
    };
  }

  /** Applies one event; true when the stream ends with it. */
  #apply(attempt: Attempt, event: FormatEvent): boolean {
    const { state } = this;
    switch (event.type) {
      case 'delta':
        if (!attempt.dataArrived) {
          attempt.dataArrived = true;
          state.backoffs = 0; // data flows again: backoff starts over
          state.failed.clear();
          this.#pool.succeeded(attempt.endpoint, this.#clock.now() - attempt.startedAt);
        }
        state.textArrived = true;
        return this.#deliverText(attempt, event.text);
      case 'reasoning':
        this.observer.reasoning(event.text);
        return false;
      case 'meta':
      case 'done':
        if (event.model) state.meta.model = event.model;
        if (event.usage) state.meta.usage = event.usage;
        if (event.finishReason) state.meta.finishReason = event.finishReason;
        if (event.type === 'done') attempt.ended = true;
        return attempt.ended;
      case 'error':
        attempt.serverError = new StreamError('server', event.message, { detail: event.message });
        return true;
    }
  }

  /** Shows text, up to the answer cap; true once the cap is reached. */
  #deliverText(attempt: Attempt, text: string): boolean {
    const { state } = this;
    const cap = this.#config.maxAnswerChars > 0 ? this.#config.maxAnswerChars : Infinity;
    const kept = state.answerLength + text.length > cap ? text.slice(0, cap - state.answerLength) : text;
    state.answerLength += kept.length;
    if (kept) this.observer.delta(kept);
    if (state.answerLength < cap) return false;
    attempt.capped = true;
    state.meta.finishReason = 'length';
    attempt.abort.abort(); // the server sees the request end
    return true;
  }
}

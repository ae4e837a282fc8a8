import type { Protocol } from '../types.js';
import { IdleTimer } from './idle-timer.js';
import { yieldToPage } from './platform.js';
import { StreamError, errorForResponse, messageFromBody } from './errors.js';
import { sseParser } from './sse-parser.js';
import type { Frame, Transport, TransportSink } from './transport.js';

const ACCEPT = 'text/event-stream, application/x-ndjson, text/plain';
const MAX_ERROR_BODY = 64 * 1024;
const READ_SLICE = 4096;
const YIELD_AFTER_MS = 8;
/** How long the rest of a body is read after its end marker before the request is let go. */
const END_GRACE_MS = 5000;

/** The protocol a response's Content-Type names, if it is a stream. */
export function protocolForContentType(contentType: string): Protocol | undefined {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'text/event-stream') return 'sse';
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/ndjson') return 'ndjson';
  if (type === 'text/plain') return 'text';
  return undefined;
}

/** POSTs the request and streams the response as SSE, NDJSON or raw text. */
export const httpTransport: Transport = async (request, sink) => {
  // One controller aborts on the caller's signal and on a stall.
  const controller = new AbortController();
  let stalled: StreamError | undefined;
  const idle = new IdleTimer(request.config.idleTimeout, (error) => {
    stalled = error;
    controller.abort(error);
  });
  const onAbort = () => controller.abort(request.signal.reason);
  request.signal.addEventListener('abort', onAbort);
  if (request.signal.aborted) onAbort();

  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: ACCEPT,
    ...request.config.headers,
  };
  if (request.config.streamIdHeader) headers[request.config.streamIdHeader] = request.streamId;
  if (request.lastEventId !== undefined) headers['Last-Event-ID'] = request.lastEventId;

  try {
    idle.touch();
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(request.body),
        credentials: request.config.credentials,
        signal: controller.signal,
        cache: 'no-store',
        // Never follow a redirect: the extra headers (API keys) would go along to its target.
        redirect: 'manual',
      });
    } catch (error) {
      throw stalled ?? abortError(request.signal) ?? unreachable(request.url);
    }
    idle.touch();

    if (response.type === 'opaqueredirect') {
      throw new StreamError('http', `${displayUrl(request.url)} redirects elsewhere; set the endpoint to the final URL.`);
    }
    if (!response.ok) {
      const body = await readText(response, MAX_ERROR_BODY).catch(() => '');
      throw errorForResponse(response.status, body, response.headers);
    }
    const contentType = response.headers.get('content-type') ?? '';
    const protocol = request.config.protocol === 'auto' ? protocolForContentType(contentType) : request.config.protocol;
    if (!protocol || protocol === 'websocket') {
      const body = await readText(response, MAX_ERROR_BODY).catch(() => '');
      const detail = messageFromBody(body, contentType);
      throw new StreamError(
        'protocol',
        `The server answered with ${contentType.split(';')[0] || 'no content type'}, not a stream` +
          (detail ? `: ${detail}` : '.'),
      );
    }
    if (!response.body) throw new StreamError('protocol', 'The response has no body.');
    sink.open({ protocol, headers: response.headers });

    const reader = response.body.getReader();
    const parse = framer(protocol, request.config.maxEventBytes, sink);
    let worked = performance.now();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        idle.touch();
        sink.bytes(value.byteLength);
        // One read can hold thousands of events; they are handled in slices, yielding to
        // the page between them, so a fast backend never blocks the main thread for long.
        for (let offset = 0; offset < value.byteLength; offset += READ_SLICE) {
          if (parse.push(value.subarray(offset, offset + READ_SLICE))) {
            drain(reader);
            return;
          }
          if (performance.now() - worked > YIELD_AFTER_MS) {
            await yieldToPage();
            worked = performance.now();
          }
        }
      }
    } catch (error) {
      if (error instanceof StreamError) throw error;
      throw stalled ?? abortError(request.signal) ?? new StreamError('network', 'The connection was lost.');
    }
    parse.end();
  } finally {
    idle.stop();
    request.signal.removeEventListener('abort', onAbort);
  }
};

/**
 * A request that failed at the network level. Across origins the browser hides why: a
 * CORS refusal looks the same as a server that is down, so both are named.
 */
function unreachable(url: string): StreamError {
  let pageOrigin: string | undefined;
  try {
    if (new URL(url, location.href).origin !== location.origin) pageOrigin = location.origin;
  } catch {
    /* no page origin to compare with */
  }
  return new StreamError('network', `Could not reach ${displayUrl(url)}.`, {
    detail: pageOrigin
      ? `It may be down, or it may not allow this page's origin (CORS: ${pageOrigin}) or the request headers it was sent.`
      : undefined,
  });
}

/**
 * After the end marker, the rest of the body (usually nothing but its end) is read in
 * the background: cancelling at once would end every complete answer as an aborted
 * request. A server that keeps the response open after its end marker is let go later.
 */
function drain(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const timer = setTimeout(() => void reader.cancel().catch(() => {}), END_GRACE_MS);
  void (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      // cancelled after the grace period, or the connection dropped: the answer is whole anyway
    } finally {
      clearTimeout(timer);
    }
  })();
}

function abortError(signal: AbortSignal): StreamError | undefined {
  return signal.aborted ? new StreamError('aborted', 'The request was cancelled.') : undefined;
}

/** The URL without query or credentials, for messages the user sees. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url, location.href);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the server';
  }
}

async function readText(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.length < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel().catch(() => {});
  return text;
}

export interface Framer {
  /** Feeds bytes; true once the sink saw the end marker. */
  push(bytes: Uint8Array): boolean;
  /** The body ended. */
  end(): void;
}

/** Turns body bytes into frames for one protocol. */
export function framer(protocol: Exclude<Protocol, 'websocket'>, maxEventBytes: number, sink: TransportSink): Framer {
  // The decoder strips one leading BOM (also split across reads), as the SSE spec says; a second one stays.
  const decoder = new TextDecoder();
  let finished = false;
  const deliver = (frame: Frame) => {
    if (!finished) finished = sink.frame(frame);
  };

  if (protocol === 'sse') {
    const feed = sseParser(maxEventBytes, deliver, (ms) => sink.retryHint(ms), () => tooLarge(maxEventBytes));
    return {
      push(bytes) {
        feed(decoder.decode(bytes, { stream: true }));
        return finished;
      },
      // Nothing to flush: the unterminated last event is discarded, as the SSE spec says.
      end() {},
    };
  }

  if (protocol === 'ndjson') {
    let partial = '';
    const flushLines = (text: string) => {
      partial += text;
      // Split only a read that ends a line: a long line arriving in small reads is not rescanned on each.
      if (text.includes('\n')) {
        const lines = partial.split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          const data = line.replace(/\r$/, '');
          if (data.length > maxEventBytes) throw tooLarge(maxEventBytes);
          if (data.trim()) deliver({ data });
          if (finished) return;
        }
      }
      // Checked after the complete lines of this read, so none of them is lost.
      if (partial.length > maxEventBytes) throw tooLarge(maxEventBytes);
    };
    return {
      push(bytes) {
        flushLines(decoder.decode(bytes, { stream: true }));
        return finished;
      },
      // A last line without its newline is read if it is whole JSON (a plain JSON body, as
      // most servers send one); otherwise the stream was cut mid-line: the line is dropped,
      // and the missing end marker makes the stream `interrupted`.
      end() {
        flushLines(decoder.decode());
        try {
          JSON.parse(partial);
          deliver({ data: partial });
        } catch {}
      },
    };
  }

  return {
    push(bytes) {
      const data = decoder.decode(bytes, { stream: true });
      if (data) deliver({ data });
      return finished;
    },
    end() {
      const data = decoder.decode();
      if (data) deliver({ data });
    },
  };
}

function tooLarge(maxEventBytes: number): StreamError {
  return new StreamError('protocol', `An event was larger than ${maxEventBytes} bytes (max-event-bytes).`);
}

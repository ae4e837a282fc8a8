import ReconnectingWebSocket from 'reconnecting-websocket';
import { StreamError } from './errors.js';
import { displayUrl } from './http-transport.js';
import { IdleTimer } from './idle-timer.js';
import type { StreamRequest, Transport, TransportSink } from './transport.js';

/** Stream ids remembered after they end, so their late frames are dropped. */
const FINISHED_IDS = 32;

/**
 * One WebSocket per endpoint, kept open between answers. reconnecting-websocket owns
 * the socket's lifecycle, but never reconnects on its own schedule: its URL provider
 * waits until a stream attempt asks for a connection, so backoff, jitter, Retry-After
 * and offline waits stay in one place (the stream runner). Its `maxRetries` is never
 * reached (a reconnect() after that does nothing), requests are never queued for a
 * later socket (`maxEnqueuedMessages: 0`), and a close is a lost connection whatever
 * `wasClean` says (a refused connection closes "cleanly" with 1000).
 */
class SocketLink {
  readonly socket: ReconnectingWebSocket;
  #release?: () => void;
  #wanted = false;
  readonly #finished: string[] = [];

  constructor(readonly url: string) {
    this.socket = new ReconnectingWebSocket(() => this.#whenWanted(), [], {
      maxEnqueuedMessages: 0,
      maxRetries: Infinity,
      minReconnectionDelay: 0,
      maxReconnectionDelay: 0,
      connectionTimeout: 10_000,
    });
    this.socket.binaryType = 'arraybuffer';
  }

  /** The URL provider: resolves only once an attempt wants the socket. */
  #whenWanted(): Promise<string> {
    if (this.#wanted) {
      this.#wanted = false;
      return Promise.resolve(this.url);
    }
    return new Promise((resolve) => (this.#release = () => resolve(this.url)));
  }

  /** Opens (or reuses) the socket; rejects if it closes before opening. */
  open(signal: AbortSignal): Promise<void> {
    if (this.socket.readyState === this.socket.OPEN) return Promise.resolve();
    // Let the waiting URL provider go on, or tell the next one to (cleared once open, so
    // a later server close does not reconnect unasked).
    if (this.#release) {
      const release = this.#release;
      this.#release = undefined;
      release();
    } else this.#wanted = true;
    return new Promise((resolve, reject) => {
      const done = () => {
        this.socket.removeEventListener('open', onOpen);
        this.socket.removeEventListener('close', onClose);
        signal.removeEventListener('abort', onAbort);
      };
      const onOpen = () => {
        this.#wanted = false;
        done();
        resolve();
      };
      const onClose = () => (done(), reject(new StreamError('network', `Could not connect to ${displayUrl(this.url)}.`)));
      const onAbort = () => (done(), reject(new StreamError('aborted', 'The request was cancelled.')));
      this.socket.addEventListener('open', onOpen);
      this.socket.addEventListener('close', onClose);
      signal.addEventListener('abort', onAbort);
    });
  }

  /** A stream (re)starts: its frames are live again (a resume reuses the id). */
  activate(streamId: string): void {
    const index = this.#finished.indexOf(streamId);
    if (index >= 0) this.#finished.splice(index, 1);
  }

  finish(streamId: string): void {
    this.#finished.push(streamId);
    if (this.#finished.length > FINISHED_IDS) this.#finished.shift();
  }

  /** A frame of a stream that already ended (a late frame after cancel). */
  isStale(id: string | undefined): boolean {
    return (this.#finished as (string | undefined)[]).includes(id);
  }

  close(): void {
    this.socket.close();
  }
}

/** The WebSocket connections of one element; `close()` ends them all. */
export class WebSocketHub {
  readonly #links = new Map<string, SocketLink>();

  readonly transport: Transport = (request, sink) => this.#stream(this.#link(request.url), request, sink);

  close(): void {
    for (const link of this.#links.values()) link.close();
    this.#links.clear();
  }

  /** Closes the sockets of endpoints no longer in use. */
  retain(urls: readonly string[]): void {
    for (const link of [...this.#links.values()]) if (!urls.includes(link.url)) this.#drop(link);
  }

  /** A stalled socket is replaced, not reused: the server may still be stuck on it. */
  #drop(link: SocketLink): void {
    link.close();
    if (this.#links.get(link.url) === link) this.#links.delete(link.url);
  }

  #link(url: string): SocketLink {
    let link = this.#links.get(url);
    if (!link) this.#links.set(url, (link = new SocketLink(url)));
    return link;
  }

  async #stream(link: SocketLink, request: StreamRequest, sink: TransportSink): Promise<void> {
    const { socket } = link;
    let fail: (error: StreamError) => void = () => {};
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => {});
    const idle = new IdleTimer(request.config.idleTimeout, (error) => fail(error));
    let finish: () => void = () => {};
    const ended = new Promise<void>((resolve) => (finish = resolve));

    const onMessage = (event: MessageEvent) => {
      idle.touch();
      if (typeof event.data !== 'string') {
        sink.bytes(event.data.byteLength); // an ArrayBuffer (binaryType)
        fail(new StreamError('protocol', 'The server sent a binary WebSocket frame; only text frames are read.'));
        return;
      }
      sink.bytes(new TextEncoder().encode(event.data).byteLength);
      if (event.data.length > request.config.maxEventBytes) {
        fail(new StreamError('protocol', `A frame was larger than ${request.config.maxEventBytes} bytes (max-event-bytes).`));
        return;
      }
      if (link.isStale(frameId(event.data))) return;
      if (sink.frame({ data: event.data })) finish();
    };
    const onClose = () => fail(new StreamError('network', 'The connection was lost.'));
    const onAbort = () => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'cancel', id: request.streamId }));
      fail(new StreamError('aborted', 'The request was cancelled.'));
    };

    link.activate(request.streamId);
    try {
      idle.touch();
      await Promise.race([link.open(request.signal), failed]);
      socket.addEventListener('message', onMessage);
      socket.addEventListener('close', onClose);
      request.signal.addEventListener('abort', onAbort);
      if (request.signal.aborted) onAbort();
      sink.open({ protocol: 'websocket' });
      socket.send(
        JSON.stringify(
          request.lastSeq !== undefined
            ? { type: 'resume', id: request.streamId, lastSeq: request.lastSeq }
            : { ...request.body, type: 'request', id: request.streamId },
        ),
      );
      idle.touch();
      await Promise.race([ended, failed]);
    } catch (error) {
      if (error instanceof StreamError && error.code === 'timeout') this.#drop(link);
      throw error;
    } finally {
      idle.stop();
      socket.removeEventListener('message', onMessage);
      socket.removeEventListener('close', onClose);
      request.signal.removeEventListener('abort', onAbort);
      link.finish(request.streamId);
    }
  }
}

/** The stream id a JSON frame carries, if any (cheap: no full parse of large frames). */
function frameId(data: string): string | undefined {
  const match = /"id"\s*:\s*"([^"]*)"/.exec(data.slice(0, 200));
  return match?.[1];
}

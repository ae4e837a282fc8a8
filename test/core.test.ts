// Unit tests of the framework-free core, with a fake transport and a fake clock (no
// network, no timers): backoff, Retry-After, resume, the endpoint pool, the retry
// decision, the idle timer, the tail repair table, and ChatSession without any element.
import { expect } from '@open-wc/testing';
import { backoffDelay } from '../src/core/backoff.js';
import { ChatSession } from '../src/core/chat-session.js';
import type { Clock } from '../src/core/clock.js';
import { DEFAULT_CONFIG, type ChatConfig } from '../src/core/config.js';
import { EndpointPool } from '../src/core/endpoint-pool.js';
import { IdleTimer } from '../src/core/idle-timer.js';
import { StreamError, errorForResponse, parseRetryAfter } from '../src/core/errors.js';
import { ResumeCursor } from '../src/core/resume-cursor.js';
import { decideRetry, runStream, type StreamObserver } from '../src/core/stream-runner.js';
import type { Frame, StreamRequest, Transport } from '../src/core/transport.js';
import { repairTail } from '../src/render/repair.js';
import type { StreamChatEventDetails } from '../src/events.js';

/** A clock whose waits pass at once, recorded. */
function fakeClock(start = 0) {
  let now = start;
  const waits: number[] = [];
  const clock: Clock = {
    now: () => now,
    wait: async (ms) => {
      waits.push(ms);
      now += ms;
      return true;
    },
  };
  return { clock, waits, advance: (ms: number) => (now += ms) };
}

/** What one request to an endpoint does: refuse to connect, or open, send frames, then end or fail. */
interface Step {
  refuse?: StreamError;
  frames?: Frame[];
  fail?: StreamError;
  retryHint?: number;
}

/** A transport that plays `steps[url]` in order, one per request (then answers `ok`). */
function fakeTransport(steps: Record<string, Step[]>) {
  const requests: StreamRequest[] = [];
  const transport: Transport = async (request, sink) => {
    requests.push(request);
    const step = steps[request.url]?.shift() ?? { frames: [native('ok'), done] };
    if (step.refuse) throw step.refuse;
    sink.open({ protocol: request.url.startsWith('ws') ? 'websocket' : 'sse' });
    if (step.retryHint !== undefined) sink.retryHint(step.retryHint);
    for (const frame of step.frames ?? []) if (sink.frame(frame)) return;
    if (step.fail) throw step.fail;
  };
  return { transport, requests };
}

const native = (delta: string, id?: number): Frame => ({ data: JSON.stringify({ delta }), id: id === undefined ? undefined : String(id) });
const withSeq = (delta: string, seq: number): Frame => ({ data: JSON.stringify({ delta, seq }) });
const done: Frame = { data: JSON.stringify({ type: 'done' }) };
const lost = () => new StreamError('network', 'The connection was lost.');

/** Runs one stream over `urls` with the fake transport and clock. */
async function stream(urls: string[], steps: Record<string, Step[]>, options: { config?: Partial<ChatConfig>; pool?: EndpointPool; random?: () => number } = {}) {
  const { clock, waits } = fakeClock();
  const pool = options.pool ?? new EndpointPool(options.config?.balance ?? 'failover', 30_000, clock.now);
  pool.setUrls(urls);
  const { transport, requests } = fakeTransport(steps);
  let text = '';
  const failures: [string, boolean][] = [];
  const observer: StreamObserver = {
    connecting: () => {},
    restart: () => {},
    opened: () => {},
    delta: (t) => (text += t),
    reasoning: () => {},
    bytes: () => {},
    failed: (error, willRetry) => failures.push([error.code, willRetry]),
  };
  const result = await runStream(
    { streamId: 's1', body: {}, config: { ...DEFAULT_CONFIG, format: 'native', ...options.config } },
    { pool, transportFor: () => transport, clock, random: options.random ?? (() => 0.5) },
    observer,
    new AbortController().signal,
  );
  return { result, text, failures, waits, requests, pool };
}

describe('backoff', () => {
  it('full jitter: a uniform delay in [0, min(cap, base·2^(n-1))]', () => {
    for (let n = 1; n <= 8; n++) {
      const ceiling = Math.min(1000, 100 * 2 ** (n - 1));
      expect(backoffDelay(n, 100, 1000, () => 0)).to.equal(0);
      expect(backoffDelay(n, 100, 1000, () => 0.5)).to.equal(Math.round(ceiling / 2));
      expect(backoffDelay(n, 100, 1000, () => 0.999999)).to.equal(ceiling);
    }
    // Spread over the whole range, not bunched at its top (seeded, so the test is exact).
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const delays = Array.from({ length: 2000 }, () => backoffDelay(4, 100, 30_000, random));
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(Math.min(...delays)).to.be.below(40);
    expect(Math.max(...delays)).to.be.within(760, 800);
    expect(mean).to.be.within(360, 440);
  });

  it('the runner waits the backoff between attempts on one endpoint, and gives up after max-retries', async () => {
    const steps = { A: [{ refuse: lost() }, { refuse: lost() }, { refuse: lost() }] };
    const { result, waits, failures } = await stream(['A'], steps, { config: { retryDelay: 100, retryMaxDelay: 300 } });
    expect(result.status).to.equal('complete');
    expect(waits).to.deep.equal([50, 100, 150]); // random 0.5 of 100, 200, 300 (capped)
    expect(failures).to.deep.equal([['network', true], ['network', true], ['network', true]]);

    const failing = { A: Array.from({ length: 10 }, () => ({ refuse: lost() })) };
    const gaveUp = await stream(['A'], failing, { config: { maxRetries: 2, retryDelay: 100 } });
    expect(gaveUp.result.status).to.equal('error');
    expect(gaveUp.waits).to.have.length(2);
    expect(gaveUp.failures.at(-1)).to.deep.equal(['network', false]);
  });
});

describe('Retry-After', () => {
  const busy = (retryAfter: string) => errorForResponse(503, '{"error":{"message":"busy"}}', new Headers({ 'Retry-After': retryAfter }));

  it('parses seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).to.equal(2000);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).to.equal(10_000);
    expect(parseRetryAfter('soon')).to.equal(undefined);
  });

  it('is honoured instead of the backoff', async () => {
    const { result, waits } = await stream(['A'], { A: [{ refuse: busy('2') }] }, { config: { retryDelay: 100 } });
    expect(result.status).to.equal('complete');
    expect(waits).to.deep.equal([2000]);
  });

  it('is capped by retry-max-delay', async () => {
    const { waits } = await stream(['A'], { A: [{ refuse: busy('120') }] }, { config: { retryMaxDelay: 5000 } });
    expect(waits).to.deep.equal([5000]);
  });

  it('the SSE retry: hint is honoured (capped too)', async () => {
    const steps = { A: [{ retryHint: 700, frames: [native('a', 1)], fail: lost() }, { frames: [native('b', 2), done] }] };
    const { waits, text } = await stream(['A'], steps, { config: { retryDelay: 100 } });
    expect(waits).to.deep.equal([700]);
    expect(text).to.equal('ab');
  });
});

describe('decideRetry (pure)', () => {
  const config = { maxRetries: 3, retryDelay: 100, retryMaxDelay: 1000 };
  const fresh = { textArrived: false, canResume: false, otherEndpoint: false, backoffs: 0 };
  const table: [string, StreamError, typeof fresh & { retryHintMs?: number }, ReturnType<typeof decideRetry>][] = [
    ['network, nothing shown: backoff', lost(), fresh, { retry: true, backoff: true, delayMs: 50 }],
    ['another endpoint: at once', lost(), { ...fresh, otherEndpoint: true }, { retry: true, backoff: false, delayMs: 0 }],
    ['retries used up', lost(), { ...fresh, backoffs: 3 }, { retry: false, status: 'error' }],
    ['text shown, resumable', lost(), { ...fresh, textArrived: true, canResume: true }, { retry: true, backoff: true, delayMs: 50 }],
    ['text shown, not resumable: interrupted', lost(), { ...fresh, textArrived: true }, { retry: false, status: 'interrupted' }],
    ['auth is never retried', new StreamError('auth', 'no', { status: 401 }), fresh, { retry: false, status: 'error' }],
    ['404 is not retried', new StreamError('http', 'no', { status: 404 }), { ...fresh, otherEndpoint: true }, { retry: false, status: 'error' }],
    ['Retry-After wins', new StreamError('rate_limit', 'slow', { status: 429, retryAfterMs: 400 }), fresh, { retry: true, backoff: true, delayMs: 400 }],
    ['Retry-After capped', new StreamError('http', 'busy', { status: 503, retryAfterMs: 9000 }), fresh, { retry: true, backoff: true, delayMs: 1000 }],
    ['SSE retry hint', lost(), { ...fresh, retryHintMs: 300 }, { retry: true, backoff: true, delayMs: 300 }],
  ];
  for (const [name, error, state, decision] of table) {
    it(name, () => expect(decideRetry(error, state, config, () => 0.5)).to.deep.equal(decision));
  }
});

describe('resume', () => {
  it('the cursor drops replayed SSE ids (numeric and not) and WebSocket seqs', () => {
    const cursor = new ResumeCursor();
    expect(['1', '2', '2', '1', '3'].map((id) => cursor.accept(id, undefined))).to.deep.equal([true, true, false, false, true]);
    expect(cursor.lastEventId).to.equal('3');
    const named = new ResumeCursor();
    expect(['a', 'b', 'a'].map((id) => named.accept(id, undefined))).to.deep.equal([true, true, false]);
    const seqs = new ResumeCursor();
    expect([1, 2, 2, 3].map((seq) => seqs.accept(undefined, seq))).to.deep.equal([true, true, false, true]);
    expect(seqs.lastSeq).to.equal(3);
  });

  it('SSE: a broken stream resumes with Last-Event-ID; the replayed event is shown once', async () => {
    const steps = {
      A: [
        { frames: [native('a', 1), native('b', 2), native('c', 3)], fail: lost() },
        { frames: [native('c', 3), native('d', 4), done] },
      ],
    };
    const { result, text, requests } = await stream(['A'], steps);
    expect(text).to.equal('abcd');
    expect(result).to.deep.include({ status: 'complete', retries: 1 });
    expect(requests.map((r) => r.lastEventId)).to.deep.equal([undefined, '3']);
  });

  it('WebSocket: resumes with lastSeq, dropping frames at or below it', async () => {
    const steps = { 'ws://A': [{ frames: [withSeq('a', 1), withSeq('b', 2)], fail: lost() }, { frames: [withSeq('b', 2), withSeq('c', 3), done] }] };
    const { text, requests } = await stream(['ws://A'], steps);
    expect(text).to.equal('abc');
    expect(requests.map((r) => r.lastSeq)).to.deep.equal([undefined, 2]);
  });

  it('a stream without resume points is not asked again once text was shown: interrupted', async () => {
    const { result, text, requests } = await stream(['A', 'B'], { A: [{ frames: [native('a')], fail: lost() }] });
    expect(result.status).to.equal('interrupted');
    expect(text).to.equal('a');
    expect(requests).to.have.length(1);
  });
});

describe('transport fallback in a pool', () => {
  const seqDelta = (delta: string, n: number): Frame => ({ data: JSON.stringify({ delta, seq: n }), id: String(n) });

  it('a WebSocket that cannot connect: the answer starts over the next endpoint at once', async () => {
    const { result, text, waits } = await stream(['ws://A', 'http://A'], { 'ws://A': [{ refuse: lost() }] });
    expect(result).to.deep.include({ status: 'complete', endpoint: 'http://A' });
    expect(text).to.equal('ok');
    expect(waits).to.deep.equal([]);
  });

  it('a WebSocket that cannot reconnect mid-answer: the answer continues over HTTP from the same point, nothing lost or repeated', async () => {
    const steps = {
      'ws://A': [{ frames: [withSeq('a', 1), withSeq('b', 2), withSeq('c', 3)], fail: lost() }, { refuse: lost() }],
      'http://A': [{ frames: [seqDelta('c', 3), seqDelta('d', 4), done] }],
    };
    const { result, text, requests, waits } = await stream(['ws://A', 'http://A'], steps);
    expect(text).to.equal('abcd');
    expect(result).to.deep.include({ status: 'complete', endpoint: 'http://A' });
    expect(requests.map((r) => [r.url, r.lastSeq, r.lastEventId])).to.deep.equal([
      ['ws://A', undefined, undefined],
      ['ws://A', 3, undefined],
      ['http://A', 3, '3'],
    ]);
    expect(waits).to.have.length(1); // the backoff before reconnecting; none before moving on
  });

  it('an SSE resume whose endpoint cannot be reached resumes on the next endpoint', async () => {
    const steps = {
      A: [{ frames: [native('a', 1), native('b', 2)], fail: lost() }, { refuse: lost() }],
      B: [{ frames: [native('b', 2), native('c', 3), done] }],
    };
    const { text, requests } = await stream(['A', 'B'], steps);
    expect(text).to.equal('abc');
    expect(requests.map((r) => [r.url, r.lastEventId])).to.deep.equal([['A', undefined], ['A', '2'], ['B', '2']]);
  });

  it('an endpoint that cannot continue from the same point is not asked: the stream backs off, then ends interrupted', async () => {
    const named = (delta: string, id: string): Frame => ({ data: JSON.stringify({ delta }), id });
    const steps = { A: [{ frames: [named('a', 'x1')], fail: lost() }, ...Array.from({ length: 5 }, () => ({ refuse: lost() }))] };
    const { result, text, requests } = await stream(['A', 'ws://B'], steps, { config: { maxRetries: 2 } });
    expect(result.status).to.equal('interrupted');
    expect(text).to.equal('a');
    expect(requests.every((r) => r.url === 'A')).to.equal(true);
  });
});

describe('endpoint pool', () => {
  it('round-robin rotates; failover stays on the first healthy endpoint', () => {
    const rr = new EndpointPool('round-robin');
    rr.setUrls(['A', 'B', 'C']);
    expect([1, 2, 3, 4, 5].map(() => rr.pick())).to.deep.equal(['A', 'B', 'C', 'A', 'B']);
    const failover = new EndpointPool('failover');
    failover.setUrls(['A', 'B', 'C']);
    expect([1, 2, 3].map(() => failover.pick())).to.deep.equal(['A', 'A', 'A']);
    failover.failed('A', lost());
    expect(failover.pick()).to.equal('B');
    expect(failover.pick(new Set(['B']))).to.equal('C');
  });

  it('asking whether a candidate is left does not move round-robin', () => {
    const pool = new EndpointPool('round-robin');
    pool.setUrls(['A', 'B']);
    for (let i = 0; i < 3; i++) expect(pool.hasCandidate(new Set(['A']))).to.equal(true);
    expect(pool.hasCandidate(new Set(['A', 'B']))).to.equal(false);
    expect([pool.pick(), pool.pick()]).to.deep.equal(['A', 'B']);
  });

  it('three failures open the circuit for a cooldown; with every circuit open, the first to cool down is tried', () => {
    const { clock, advance } = fakeClock(1000);
    const pool = new EndpointPool('round-robin', 10_000, clock.now);
    pool.setUrls(['A', 'B']);
    for (let i = 0; i < 3; i++) pool.failed('A', lost());
    expect(pool.stats()[0].healthy).to.equal(false);
    expect([pool.pick(), pool.pick(), pool.pick()]).to.deep.equal(['B', 'B', 'B']);
    advance(1000);
    for (let i = 0; i < 3; i++) pool.failed('B', lost());
    expect(pool.pick()).to.equal('A'); // both open: A's cooldown ends first
    advance(10_000);
    expect(pool.dueForProbe()).to.deep.equal(['A', 'B']); // half-open
    pool.succeeded('A');
    expect(pool.stats()[0]).to.deep.include({ healthy: true, consecutiveFailures: 0 });
  });

  it('a once-failed endpoint gets requests again after the cooldown, without any health check', async () => {
    const { clock, advance } = fakeClock();
    const pool = new EndpointPool('round-robin', 30_000, clock.now);
    const served: string[] = [];
    // The first send fails on A and is answered by B; then eight sends an hour apart.
    const first = await stream(['A', 'B'], { A: [{ refuse: lost() }] }, { pool, config: { balance: 'round-robin' } });
    expect(first.result.endpoint).to.equal('B');
    for (let i = 0; i < 8; i++) {
      advance(3_600_000);
      served.push((await stream(['A', 'B'], {}, { pool, config: { balance: 'round-robin' } })).result.endpoint!);
    }
    expect(served.filter((url) => url === 'A')).to.have.length(4);
  });

  it('failover: while health checks run, a failed endpoint stays behind the others until a check succeeds', () => {
    const { clock, advance } = fakeClock();
    const pool = new EndpointPool('failover', 1000, clock.now);
    pool.setUrls(['A', 'B']);
    pool.probing = true;
    pool.failed('A', lost());
    advance(60_000);
    expect([pool.pick(), pool.pick(), pool.pick()]).to.deep.equal(['B', 'B', 'B']);
    pool.succeeded('A');
    expect([pool.pick(), pool.pick()]).to.deep.equal(['A', 'A']);
  });

  it('failover without health checks: a failed endpoint is behind the others for one cooldown, then first again', () => {
    const { clock, advance } = fakeClock();
    const pool = new EndpointPool('failover', 30_000, clock.now);
    pool.setUrls(['A', 'B']);
    pool.failed('A', lost());
    expect(pool.pick()).to.equal('B');
    advance(30_000);
    expect(pool.pick()).to.equal('A');
  });

  it('round-robin keeps a once-failed endpoint in the rotation (its circuit is closed), checks or not', () => {
    const pool = new EndpointPool('round-robin', 30_000, fakeClock().clock.now);
    pool.setUrls(['A', 'B']);
    pool.failed('A', lost());
    expect([pool.pick(), pool.pick(), pool.pick(), pool.pick()]).to.have.members(['A', 'A', 'B', 'B']);
    pool.probing = true;
    expect([pool.pick(), pool.pick()]).to.have.members(['A', 'B']);
  });

  it('failover: a refused endpoint moves to the next one at once, without a backoff wait', async () => {
    const { result, waits, failures } = await stream(['A', 'B', 'C'], { A: [{ refuse: lost() }], B: [{ refuse: errorForResponse(503, '', new Headers()) }] });
    expect(result).to.deep.include({ status: 'complete', endpoint: 'C', retries: 2 });
    expect(waits).to.deep.equal([]);
    expect(failures).to.deep.equal([['network', true], ['http', true]]);
  });
});

/**
 * Fake browser timers for a synchronous test: `setTimeout`, `clearTimeout` and
 * `performance.now` replaced until `restore()`; `advance(ms)` runs the timers due, in order.
 */
function fakeTimers() {
  let now = 0;
  let nextId = 1;
  let armed = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
  globalThis.setTimeout = ((run: () => void, ms: number) => {
    armed++;
    timers.set(nextId, { at: now + ms, run });
    return nextId++;
  }) as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((id: number) => timers.delete(id)) as typeof clearTimeout;
  performance.now = () => now;
  return {
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const [id, due] = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0] ?? [];
        if (!due) break;
        timers.delete(id!);
        now = due.at;
        due.run();
      }
      now = end;
    },
    /** Timers set so far. */
    armed: () => armed,
    pending: () => timers.size,
    restore() {
      Object.assign(globalThis, real);
      delete (performance as { now?: unknown }).now;
    },
  };
}

describe('idle timer (fake timers)', () => {
  /** An idle timer of `ms` on fake timers; `fired` lists the errors it reported. */
  function idleTimer(ms: number) {
    const time = fakeTimers();
    const fired: StreamError[] = [];
    return { time, fired, timer: new IdleTimer(ms, (error) => fired.push(error)) };
  }

  it('fires `ms` after the last byte, however many came before; once', () => {
    const { time, fired, timer } = idleTimer(1000);
    try {
      timer.touch();
      for (let i = 0; i < 30; i++) {
        time.advance(100);
        timer.touch(); // a byte every 100 ms for 3 s: never idle
      }
      expect(fired).to.have.length(0);
      time.advance(999);
      expect(fired).to.have.length(0);
      time.advance(1);
      expect(fired.map((e) => e.code)).to.deep.equal(['timeout']);
      time.advance(5000);
      expect(fired).to.have.length(1);
    } finally {
      time.restore();
    }
  });

  it('a byte only notes its time: one timer for a stream of bytes, re-armed when it runs out', () => {
    const { time, fired, timer } = idleTimer(1000);
    try {
      for (let i = 0; i < 10_000; i++) timer.touch();
      expect(time.armed()).to.equal(1);
      time.advance(500);
      timer.touch();
      time.advance(999); // the first countdown ran out at 1000: it waits the 500 left since the last byte
      expect(fired).to.have.length(0);
      expect(time.armed()).to.equal(2);
      time.advance(1);
      expect(fired).to.have.length(1);
    } finally {
      time.restore();
    }
  });

  it('stop() ends the countdown; idle-timeout 0 never starts one', () => {
    const { time, fired, timer } = idleTimer(1000);
    try {
      timer.touch();
      timer.stop();
      expect(time.pending()).to.equal(0);
      time.advance(5000);
      const off = new IdleTimer(0, (error) => fired.push(error));
      off.touch();
      expect(time.pending()).to.equal(0);
      time.advance(5000);
      expect(fired).to.have.length(0);
    } finally {
      time.restore();
    }
  });
});

describe('tail repair (what an unfinished tail renders as)', () => {
  const table: [string, string][] = [
    ['some **bold', 'some **bold**'],
    ['some *em', 'some *em*'],
    ['some _em', 'some _em_'],
    ['a __strong', 'a __strong__'],
    ['a ~~gone', 'a ~~gone~~'],
    ['call `fn', 'call `fn`'],
    ['see [the docs](https://exa', 'see the docs'],
    ['see [the docs', 'see the docs'],
    ['see [the docs]', 'see the docs'],
    ['text <span cl', 'text '],
    ['Heading\n-', 'Heading'],
    ['Heading\n==', 'Heading'],
    ['- [ ] task', '- [ ] task'],
    ['| a | b |\n', '| a | b |\n| --- | --- |'],
    ['```js\nlet a = **x', '```js\nlet a = **x'],
    ['done **bold**', 'done **bold**'],
    ['first para **open\n\nsecond *x', 'first para **open\n\nsecond *x*'],
    ['2 * 3 = 6', '2 * 3 = 6'],
  ];
  for (const [tail, repaired] of table) it(JSON.stringify(tail), () => expect(repairTail(tail)).to.equal(repaired));
});

describe('ChatSession without an element', () => {
  it('sends, streams, stops and dispatches the events on itself', async () => {
    const { transport } = fakeTransport({ A: [{ frames: [native('Hello'), native(' there'), done] }] });
    const changes: string[] = [];
    const session = new ChatSession({ config: { endpoint: 'A', format: 'native' }, transportFor: () => transport, onChange: (c) => changes.push(c) });
    const events: string[] = [];
    for (const name of ['message-send', 'stream-start', 'stream-chunk', 'stream-complete', 'connection-change'] as (keyof StreamChatEventDetails)[])
      session.addEventListener(name, () => events.push(name));
    const message = await session.send('hi');
    expect(message).to.deep.include({ status: 'complete', content: 'Hello there' });
    expect(session.messages.map((m) => m.role)).to.deep.equal(['user', 'assistant']);
    expect(events).to.deep.equal(['message-send', 'connection-change', 'connection-change', 'stream-start', 'stream-chunk', 'stream-chunk', 'connection-change', 'stream-complete']);
    expect(changes).to.include.members(['messages', 'delta', 'state']);
    expect(session.busy).to.equal(false);
    session.addEventListener('message-send', (e) => e.preventDefault());
    let refused: unknown;
    await session.send('again').catch((error) => (refused = error));
    expect((refused as Error).name).to.equal('AbortError');
    expect(session.messages).to.have.length(2);
  });
});

import { expect } from '@open-wc/testing';
import { $, BACKEND, WS_BACKEND, chat, lastAnswer, leftOut, oneEvent, received, recordEvents, script, sleep, sse, waitUntil, watchRenders } from './helpers.js';
import { longAnswer, tokenize } from '../demo/answers.mjs';

/** The exact text the demo backend streams for `?size=N`. */
const expectedText = (size: number) => tokenize(longAnswer(size)).join('');

describe('reconnect and resume', () => {
  it('SSE: a long answer cut 50 times arrives byte for byte, nothing shown twice', async () => {
    const size = 12000;
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0&size=${size}&fault=drop&every=20&times=50&log=sse-drop`, 'retry-delay': '1', 'retry-max-delay': '5' });
    const log = recordEvents(el);
    const message = await el.send('long please');
    expect(message.status).to.equal('complete');
    expect(message.content).to.equal(expectedText(size));
    expect(log.of('stream-chunk').map((c) => c.chunk.content).join('')).to.equal(message.content);
    expect(log.of('stream-error').length).to.be.at.least(50);
    expect(log.of('stream-error').every((e) => e.willRetry && e.error.code === 'network')).to.be.true;
    expect(message.metadata.retries).to.be.at.least(50);
    expect(el.stats.lastStream!.reconnects).to.be.at.least(50);
    const requests = await received('sse-drop');
    expect(requests.length).to.be.at.least(51);
    // Every reconnect re-sent the same request with the same stream id and its resume point.
    expect(new Set(requests.map((r) => r.headers['x-stream-id']))).to.have.property('size', 1);
    // Resume points only move forward (a cut that lost every byte of an attempt re-asks
    // from the same point, or from scratch if nothing had arrived yet).
    const resumePoints = requests.map((r) => Number(r.headers['last-event-id'] ?? 0));
    expect(resumePoints.every((id, i) => i === 0 || id >= resumePoints[i - 1])).to.be.true;
    expect(resumePoints.filter((id) => id > 0).length).to.be.at.least(40);
    expect(lastAnswer(el).textContent!.replace(/\s+/g, '')).to.have.length.greaterThan(size / 2);
  }).timeout(45_000); // 50 reconnects: seconds on a loaded 2-core machine

  it('WebSocket: a long answer whose socket is killed 50 times arrives byte for byte', async () => {
    const size = 12000;
    const el = await chat({ endpoint: `${WS_BACKEND}?speed=0&size=${size}&fault=drop&every=20&times=50&log=ws-drop`, 'retry-delay': '1', 'retry-max-delay': '5' });
    const log = recordEvents(el);
    const message = await el.send('long please');
    expect(message.status).to.equal('complete');
    expect(message.content).to.equal(expectedText(size));
    expect(log.of('stream-chunk').map((c) => c.chunk.content).join('')).to.equal(message.content);
    expect(log.of('stream-start')[0].protocol).to.equal('websocket');
    expect(log.of('stream-error').length).to.be.at.least(50);
    const sockets = await received('ws-drop');
    const frames = sockets.flatMap((s) => s.frames ?? []);
    expect(frames[0]).to.include({ type: 'request', id: message.id });
    const resumes = frames.filter((f) => f.type === 'resume');
    expect(resumes.length).to.be.at.least(50);
    expect(resumes.every((f) => f.id === message.id && Number(f.lastSeq) > 0)).to.be.true;
  }).timeout(45_000);

  it('WebSocket: Stop sends a cancel frame', async () => {
    const el = await chat({ endpoint: `${WS_BACKEND}?speed=40&log=ws-cancel` });
    const pending = el.send('hello');
    await waitUntil(() => el.messages.at(-1)!.content.length > 5);
    el.stop();
    const message = await pending;
    expect(message.status).to.equal('cancelled');
    await waitUntil(async () => (await received('ws-cancel'))[0]?.frames?.some((f) => f.type === 'cancel' && f.id === message.id), 'no cancel frame');
  });

  it('a backend that cannot resume: the answer ends interrupted, text kept once, with Retry', async () => {
    // Every attempt is cut after 30 events: an attempt whose text was lost with the cut (a
    // stream that errors before the page read its queue drops what it held) is asked again
    // from scratch; the first one whose text arrived ends interrupted.
    const el = await chat({ endpoint: `${BACKEND}/api/chat?format=openai&speed=0&size=3000&ids=off&fault=drop&every=30&times=50`, 'retry-delay': '1' });
    const message = await el.send('hi');
    expect(message.status).to.equal('interrupted');
    expect(message.content.length).to.be.greaterThan(10);
    expect(expectedText(3000).startsWith(message.content)).to.be.true;
    await el.updateComplete;
    expect($(el, '.message.assistant [part=error]')!.textContent).to.contain('The answer was interrupted.');
    expect(message.metadata.error!.message).to.match(/connection/i);
    expect($(el, '[part=retry-button]')).to.exist;
    const again = oneEvent(el, 'stream-complete');
    ($(el, '[part=retry-button]') as HTMLButtonElement).click();
    const { message: retried } = (await again).detail;
    expect(retried.id).to.not.equal(message.id);
    expect(retried.status).to.equal('interrupted');
    expect(el.messages.filter((m) => m.role === 'assistant')).to.deep.equal([retried]);
  }).timeout(30000);

  it('a stream cut before its end marker and not resumable is interrupted (NDJSON partial line dropped)', async () => {
    const { url } = await script({ contentType: 'application/x-ndjson', chunks: ['{"delta":"Hello "}\n{"delta":"wor', { delay: 5 }] });
    const el = await chat({ endpoint: url, 'max-retries': '0' });
    const message = await el.send('hi');
    expect(message.status).to.equal('interrupted');
    expect(message.content).to.equal('Hello ');
  });

  it('stall: no byte for idle-timeout ends the attempt with `timeout`, then retries and resumes', async () => {
    const { url, id } = await script({
      attempts: [
        { chunks: [sse({ id: 1, data: { delta: 'one ' } }), { hang: true }] },
        { chunks: [sse({ id: 1, data: { delta: 'one ' } }, { id: 2, data: { delta: 'two' } }, { id: 3, data: { type: 'done' } })] },
      ],
    });
    // Long enough for the first event to arrive in a loaded browser before the stall.
    const el = await chat({ endpoint: url, 'idle-timeout': '1000', 'retry-delay': '1' });
    const log = recordEvents(el);
    const message = await el.send('hi');
    expect(message.content).to.equal('one two');
    expect(message.status).to.equal('complete');
    expect(log.of('stream-error')[0]).to.deep.include({ willRetry: true, attempt: 1 });
    expect(log.of('stream-error')[0].error.code).to.equal('timeout');
    expect(log.of('connection-change').map((c) => c.state)).to.include('reconnecting');
    const requests = await received(`script:${id}`);
    expect(requests[1].headers['last-event-id']).to.equal('1');
    expect(requests[0].aborted).to.be.true;
  });

  it('SSE comments count as bytes: heartbeats keep a slow stream alive', async () => {
    const ping = ': ping\n\n';
    // 1.6 s without data, a ping every 200 ms, against an idle timeout of 1 s: only the
    // pings keep it alive, with a margin of 800 ms for a loaded machine.
    const { url } = await script({ chunks: [sse({ delta: 'a' }), ...Array.from({ length: 8 }, () => [{ delay: 200 }, ping]).flat(), sse({ delta: 'b' }, { type: 'done' })] });
    const el = await chat({ endpoint: url, 'idle-timeout': '1000', 'max-retries': '0' });
    const message = await el.send('hi');
    expect(message.status).to.equal('complete');
    expect(message.content).to.equal('ab');
  });

  it('connection refused → `network` after the configured retries, with growing delays', async () => {
    const el = await chat({ endpoint: 'http://127.0.0.1:9/api/chat', 'max-retries': '3', 'retry-delay': '40', 'retry-max-delay': '1000' });
    const log = recordEvents(el);
    const times: number[] = [];
    el.addEventListener('stream-error', () => times.push(performance.now()));
    const message = await el.send('hi');
    expect(message.status).to.equal('error');
    const errors = log.of('stream-error');
    expect(errors.map((e) => e.willRetry)).to.deep.equal([true, true, true, false]);
    expect(errors.map((e) => e.attempt)).to.deep.equal([1, 2, 3, 4]);
    expect(errors.every((e) => e.error.code === 'network')).to.be.true;
    expect(el.state).to.equal('error');
    await el.updateComplete;
    expect($(el, '.message.assistant [part=error]')!.textContent).to.contain('Could not reach');
    expect($(el, '[part=retry-button]')).to.exist;
    expect(el.messages[0].content).to.equal('hi');
  });

  it('401 → `auth` after one request only, with the server message', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?fault=auth&log=auth-1` });
    const log = recordEvents(el);
    const message = await el.send('hi');
    expect(message.status).to.equal('error');
    expect(message.metadata.error).to.deep.equal({ code: 'auth', message: 'Invalid API key.', status: 401, detail: 'Invalid API key.' });
    expect(log.of('stream-error')).to.have.length(1);
    expect(log.of('stream-error')[0].willRetry).to.be.false;
    expect(await received('auth-1')).to.have.length(1);
    await el.updateComplete;
    expect($(el, '[part=error]')!.textContent).to.contain('Invalid API key.');
  });

  it('429 honours Retry-After, then succeeds', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?fault=ratelimit&retryAfter=1&speed=0&log=rl-1`, 'retry-delay': '1' });
    const log = recordEvents(el);
    const message = await el.send('hi');
    expect(message.status).to.equal('complete');
    const [error] = log.of('stream-error');
    expect(error.error).to.deep.include({ code: 'rate_limit', status: 429 });
    expect(error.willRetry).to.be.true;
    const requests = await received('rl-1');
    expect(requests).to.have.length(2);
  });

  it('a 4xx other than 408/429 is not retried; 5xx is (`http` with status)', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?fault=status&status=404&log=http-404` });
    const message = await el.send('hi');
    expect(message.metadata.error).to.deep.include({ code: 'http', status: 404 });
    expect(await received('http-404')).to.have.length(1);

    const el5 = await chat({ endpoint: `${BACKEND}/api/chat?fault=status&status=500&times=2&speed=0&log=http-500`, 'retry-delay': '1' });
    const ok = await el5.send('hi');
    expect(ok.status).to.equal('complete');
    expect(await received('http-500')).to.have.length(3);
  });

  it('an HTML login page is a `protocol` error, never rendered as an answer', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?fault=html` });
    const message = await el.send('hi');
    expect(message.status).to.equal('error');
    expect(message.content).to.equal('');
    expect(message.metadata.error!.code).to.equal('protocol');
    expect(message.metadata.error!.message).to.contain('text/html');
    await el.updateComplete;
    expect(lastAnswer(el).querySelector('form')).to.not.exist;
    expect($(el, '.message.assistant [part=error]')!.textContent).to.contain('not a stream');
  });

  it('waits while offline and retries at once when back online', async () => {
    const { url, id } = await script({ attempts: [{ status: 503, contentType: 'application/json', chunks: ['{"error":{"message":"busy"}}'] }, { chunks: [sse({ delta: 'back' }, { type: 'done' })] }] });
    const el = await chat({ endpoint: url, 'retry-delay': '60000', 'retry-max-delay': '60000' });
    const online = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      const pending = el.send('hi');
      await waitUntil(async () => (await received(`script:${id}`)).length === 1);
      await waitUntil(() => el.state === 'reconnecting');
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
      window.dispatchEvent(new Event('online'));
      const message = await pending;
      expect(message.content).to.equal('back');
    } finally {
      delete (navigator as any).onLine;
      Object.defineProperty(Navigator.prototype, 'onLine', online);
    }
  });

  it('stats count bytes, chunks and reconnects; per-stream time to first chunk and duration', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0` });
    const message = await el.send('hi');
    const { stats } = el;
    expect(stats.bytesReceived).to.be.greaterThan(message.content.length);
    expect(stats.chunksReceived).to.be.greaterThan(10);
    expect(stats.streams).to.equal(1);
    expect(stats.lastStream).to.deep.include({ messageId: message.id, protocol: 'sse', reconnects: 0 });
    expect(stats.lastStream!.firstChunkMs).to.be.a('number');
    expect(stats.lastStream!.durationMs).to.be.at.least(stats.lastStream!.firstChunkMs!);
  });
});

describe('answer length cap', () => {
  it('stops the stream at max-answer-chars: the request ends, the answer completes with finish reason `length`', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=5&size=20000&log=capped`, 'max-answer-chars': '300' });
    const log = recordEvents(el);
    const message = await el.send('long');
    expect(message.status).to.equal('complete');
    expect(message.metadata.finishReason).to.equal('length');
    expect(message.content).to.equal(expectedText(20000).slice(0, 300));
    expect(log.of('stream-error')).to.have.length(0);
    await waitUntil(async () => (await received('capped'))[0]?.aborted, 'the server still streams');
  });

  it('over WebSocket the cap sends a cancel frame', async () => {
    const el = await chat({ endpoint: `${WS_BACKEND}?speed=5&size=20000&log=capped-ws`, 'max-answer-chars': '200' });
    const message = await el.send('long');
    expect([message.status, message.metadata.finishReason, message.content.length]).to.deep.equal(['complete', 'length', 200]);
    await waitUntil(async () => (await received('capped-ws'))[0]?.frames?.some((f) => f.type === 'cancel'), 'no cancel frame');
  });
});

describe('bad frames', () => {
  it('a binary WebSocket frame is a `protocol` error; the text before it stays', async () => {
    const el = await chat({ endpoint: `${WS_BACKEND}?speed=0&fault=binary&after=4` });
    const log = recordEvents(el);
    const message = await el.send('hi');
    expect(message.status).to.equal('error');
    expect(message.content.length).to.be.greaterThan(0);
    expect(message.metadata.error!.code).to.equal('protocol');
    expect(log.of('stream-error')[0].error.message).to.contain('binary');
    await el.updateComplete;
    expect($(el, '.message.assistant [part=error]')!.textContent).to.contain('binary');
  });

  it('the default max-event-bytes (1 MiB) rejects a larger SSE event', async () => {
    const { url } = await script({ chunks: [sse({ delta: 'kept' }), 'data: {"delta":"', { repeat: 'x', times: 1_100_000 }, '"}\n\n'] });
    const el = await chat({ endpoint: url, 'max-retries': '0' });
    const message = await el.send('hi');
    expect([message.status, message.content, message.metadata.error?.code]).to.deep.equal(['error', 'kept', 'protocol']);
    expect(message.metadata.error!.message).to.contain('1048576');
  });
});

describe('hidden tab', () => {
  /** Makes the page report itself hidden (or visible again) and tells listeners. */
  function setHidden(hidden: boolean): void {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }

  afterEach(() => {
    delete (document as any).hidden;
    delete (document as any).visibilityState;
  });

  it('a hidden tab never aborts a stream, and the answer is rendered in full', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=10&log=hidden-tab` });
    const pending = el.send('hi');
    await waitUntil(() => el.state === 'streaming');
    setHidden(true);
    const message = await pending;
    expect(message.status).to.equal('complete');
    await el.updateComplete;
    expect(lastAnswer(el).querySelector('table')).to.exist;
    // One request, never retried: hiding the tab did not touch the stream.
    expect(message.metadata.retries).to.equal(0);
    expect(await received('hidden-tab')).to.have.length(1);
    setHidden(false);
  });

  it('in a hidden tab a burst is rendered whole, not paced over frames (its timers may run once a second)', async () => {
    // 100 KB in one read: a visible page shows it over dozens of frames.
    const { url } = await script({ chunks: [sse({ delta: `${longAnswer(100_000)}\n\nThe very end.` }), sse({ type: 'done' })] });
    const el = await chat({ endpoint: url, format: 'native' });
    const behind: number[] = [];
    const stopWatching = watchRenders((text, _, where) => leftOut(el, text, where) && behind.push(leftOut(el, text, where)));
    try {
      setHidden(true);
      await el.send('long please');
      // One task later: the answer is on screen in full.
      await new Promise((resolve) => setTimeout(resolve));
      expect(lastAnswer(el).textContent).to.contain('The very end.');
      expect(lastAnswer(el).querySelector('[part=cursor]')).to.not.exist;
      expect(behind, 'renders that showed less than had arrived').to.deep.equal([]);
    } finally {
      stopWatching();
    }
  });

  it('pool health checks pause while the page is hidden and resume when it shows', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat ${BACKEND}/api/chat?b`, 'health-interval': '40', 'health-path': '/health?log=probe-hidden' });
    await waitUntil(async () => (await received('probe-hidden')).length >= 2, 'no probes while visible');
    setHidden(true);
    await sleep(80);
    const count = (await received('probe-hidden')).length;
    await sleep(250);
    expect((await received('probe-hidden')).length).to.equal(count);
    setHidden(false);
    await waitUntil(async () => (await received('probe-hidden')).length > count, 'probes did not resume');
    el.remove();
  });
});

describe('retry policy details', () => {
  it('a Retry-After longer than retry-max-delay waits only the cap', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?fault=ratelimit&retryAfter=3600&speed=0`, 'retry-max-delay': '50' });
    const message = await el.send('hi');
    expect(message.status).to.equal('complete');
  });

  it('over HTTP a `seq` alone is no resume point: a cut stream ends interrupted, text shown once', async () => {
    const { url, id } = await script({
      attempts: [
        // A stall, not a cut: a browser may drop body bytes it had not handed to the page when a connection fails.
        { contentType: 'application/x-ndjson', chunks: ['{"delta":"one ","seq":1}\n{"delta":"two ","seq":2}\n', { hang: true }] },
        { contentType: 'application/x-ndjson', chunks: ['{"delta":"other ","seq":1}\n{"delta":"answer ","seq":2}\n{"delta":"three","seq":3}\n{"type":"done"}\n'] },
      ],
    });
    const el = await chat({ endpoint: url, 'retry-delay': '1', 'idle-timeout': '1000' });
    const message = await el.send('hi');
    expect(message.status).to.equal('interrupted');
    expect(message.content).to.equal('one two ');
    expect(await received(`script:${id}`)).to.have.length(1);
  });
});

describe('fresh attempts', () => {
  it('a fresh attempt after one that failed before any text keeps only its own reasoning', async () => {
    const chunk = (delta: object) => ({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] });
    const { url } = await script({
      attempts: [
        { chunks: [sse({ id: 1, data: chunk({ reasoning_content: 'first try thinking' }) }), { delay: 30 }, { destroy: true }] },
        { chunks: [sse({ id: 1, data: chunk({ reasoning_content: 'second thoughts' }) }, { id: 2, data: chunk({ content: 'Answer' }) }, { id: 3, data: '[DONE]' })] },
      ],
    });
    const el = await chat({ endpoint: url, 'retry-delay': '1' });
    const message = await el.send('hi');
    expect([message.status, message.content, message.metadata.reasoning]).to.deep.equal(['complete', 'Answer', 'second thoughts']);
  });
});

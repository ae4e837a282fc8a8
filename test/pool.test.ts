import { expect } from '@open-wc/testing';
import { BACKEND, WS_BACKEND, chat, received, recordEvents, script, sleep, sse, waitUntil } from './helpers.js';

const DEAD = 'http://127.0.0.1:9/api/chat';

describe('endpoint pool', () => {
  it('failover: dead port, then 503, then good — the answer comes from the good one at once', async () => {
    const { url: busy, id: busyId } = await script({ status: 503, contentType: 'application/json', headers: { 'Retry-After': '30' }, chunks: ['{"error":{"message":"busy"}}'] });
    const good = `${BACKEND}/api/chat?speed=0&log=pool-good`;
    const el = await chat({ endpoint: `${DEAD} ${busy} ${good}`, 'retry-delay': '30000', 'retry-max-delay': '30000' });
    const log = recordEvents(el);
    const started = performance.now();
    const message = await el.send('hi');
    expect(message.status).to.equal('complete');
    expect(message.metadata.endpoint).to.equal(good);
    // No backoff wait between different endpoints (the delays configured are 30 s).
    expect(performance.now() - started).to.be.below(10_000);
    expect(log.of('stream-error').map((e) => [e.error.code, e.willRetry])).to.deep.equal([['network', true], ['http', true]]);
    expect(log.of('connection-change').filter((c) => c.state !== 'idle').map((c) => c.endpoint)).to.include.members([DEAD, busy, good]);
    expect(await received(`script:${busyId}`)).to.have.length(1);
    const stats = el.stats.endpoints;
    expect(stats.map((e) => e.url)).to.deep.equal([DEAD, busy, good]);
    expect(stats[0]).to.deep.include({ consecutiveFailures: 1 });
    expect(stats[0].lastError!.code).to.equal('network');
    expect(stats[2]).to.deep.include({ healthy: true, consecutiveFailures: 0 });
    expect(stats[2].latencyMs).to.be.a('number');
  });

  it('round-robin spreads requests over healthy endpoints', async () => {
    const a = `${BACKEND}/api/chat?speed=0&log=rr-a`;
    const b = `${BACKEND}/api/chat?speed=0&log=rr-b`;
    const el = await chat({ endpoint: `${a} ${b}`, balance: 'round-robin', 'health-interval': '0' });
    for (let i = 0; i < 4; i++) await el.send(`q${i}`);
    expect(await received('rr-a')).to.have.length(2);
    expect(await received('rr-b')).to.have.length(2);
  });

  it('an endpoint whose health check fails is skipped; after the cooldown its probe succeeds and it returns', async () => {
    const flaky = `${BACKEND.replace('127.0.0.1', 'localhost')}/api/chat?speed=0&log=rr-flaky`;
    const steady = `${BACKEND}/api/chat?speed=0&log=rr-steady`;
    const el = await chat({
      endpoint: `${flaky} ${steady}`,
      balance: 'round-robin',
      'health-interval': '150',
      // 20 failed probes (3 s): the three sends below finish while it is down, also in a slow engine.
      'health-path': '/health?failHost=localhost&failTimes=20&log=rr-probes',
    });
    await waitUntil(() => el.stats.endpoints[0].healthy === false, 'the failed probe did not mark it unhealthy');
    expect(el.stats.endpoints[0].lastError).to.deep.include({ code: 'http', status: 503 });
    for (let i = 0; i < 3; i++) await el.send(`while down ${i}`);
    expect(await received('rr-flaky')).to.have.length(0);
    expect(await received('rr-steady')).to.have.length(3);
    await waitUntil(() => el.stats.endpoints[0].healthy, 'it did not come back after its probe succeeded');
    for (let i = 0; i < 2; i++) await el.send(`after ${i}`);
    expect(await received('rr-flaky')).to.have.length(1);
  });

  it('round-robin in a hidden tab (no health checks): an endpoint that failed once gets requests again after its cooldown', async () => {
    const { url: once } = await script({
      attempts: [{ status: 503, contentType: 'application/json', chunks: ['{"error":{"message":"busy"}}'] }, { chunks: [sse({ delta: 'from A' }, { type: 'done' })] }],
    });
    const other = `${BACKEND}/api/chat?speed=0&log=rr-once-other`;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    try {
      const el = await chat({ endpoint: `${once} ${other}`, balance: 'round-robin', 'health-interval': '200' });
      const first = await el.send('first');
      expect(first.metadata.endpoint).to.equal(other);
      const failedAt = performance.now();
      // The cooldown (health-interval) is a time: the test waits for it to pass.
      await waitUntil(() => performance.now() - failedAt > 300, 'the cooldown did not pass');
      const served: string[] = [];
      for (let i = 0; i < 4; i++) served.push((await el.send(`again ${i}`)).metadata.endpoint!);
      expect(served.filter((url) => url === once)).to.have.length(2);
    } finally {
      delete (document as { hidden?: boolean }).hidden;
    }
  });

  it('round-robin without health checks: an endpoint that failed once is back in the rotation at once', async () => {
    const { url: once } = await script({
      attempts: [{ status: 503, contentType: 'application/json', chunks: ['{"error":{"message":"busy"}}'] }, { chunks: [sse({ delta: 'from A' }, { type: 'done' })] }],
    });
    const other = `${BACKEND}/api/chat?speed=0&log=rr-zero-other`;
    const el = await chat({ endpoint: `${once} ${other}`, balance: 'round-robin', 'health-interval': '0' });
    expect((await el.send('first')).metadata.endpoint).to.equal(other);
    const served: string[] = [];
    for (let i = 0; i < 4; i++) served.push((await el.send(`again ${i}`)).metadata.endpoint!);
    expect(served.filter((url) => url === once)).to.have.length(2);
  });

  it('a Retry after an interrupted answer goes to the next healthy endpoint', async () => {
    const { url: cuts } = await script({ chunks: [sse({ delta: 'partial ' }), { delay: 30 }, { destroy: true }] });
    const good = `${BACKEND}/api/chat?speed=0&format=openai&log=retry-next`;
    const el = await chat({ endpoint: `${cuts} ${good}`, 'retry-delay': '1' });
    const first = await el.send('hi');
    expect(first.status).to.equal('interrupted');
    expect(first.content).to.equal('partial ');
    const again = await el.regenerate();
    expect(again.status).to.equal('complete');
    expect(again.metadata.endpoint).to.equal(good);
  });

  it('no probe traffic after the element is removed, none while it is out of the page', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat ${BACKEND}/api/chat?b`, 'health-interval': '50', 'health-path': '/health?log=probe-removed' });
    await waitUntil(async () => (await received('probe-removed')).length >= 2, 'no probes while connected');
    el.remove();
    await sleep(60);
    const count = (await received('probe-removed')).length;
    await sleep(300);
    expect((await received('probe-removed')).length).to.equal(count);
  });

  it('a WebSocket endpoint that stops accepting connections mid-answer: the answer continues over HTTP, nothing lost or repeated', async () => {
    const ws = `${WS_BACKEND}?speed=5&fault=drop&every=15&times=1&upgrades=1&log=fallback-ws`;
    const http = `${BACKEND}/api/chat?speed=0&log=fallback-http`;
    const reference = await (await chat({ endpoint: `${BACKEND}/api/chat?speed=0` })).send('fall back please');
    const el = await chat({ endpoint: `${ws} ${http}`, 'health-interval': '0', 'retry-delay': '1' });
    const log = recordEvents(el);
    const message = await el.send('fall back please');
    expect(message.status).to.equal('complete');
    expect(message.content).to.equal(reference.content);
    expect(log.of('stream-chunk').map((c) => c.chunk.content).join('')).to.equal(reference.content);
    expect(message.metadata.endpoint).to.equal(http);
    const [request] = await received('fallback-http');
    expect(request.headers['last-event-id']).to.equal('15');
    expect(request.headers['x-stream-id']).to.equal(message.id);
  });
});

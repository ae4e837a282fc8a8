// What a request sends and how its failures read: which HTTP statuses are retried (and
// that the status always shows), the stream id header against a backend whose CORS
// allows only content-type, and misspelled enumerated attributes.
import { expect } from '@open-wc/testing';
import { $$, BACKEND, chat, received, recordEvents, script, sse } from './helpers.js';
import type { StreamChat } from '../src/stream-chat.js';

const errorLine = (el: StreamChat) => $$(el, '.message.assistant [part=error]').at(-1)?.textContent ?? '';
const answer = sse({ delta: 'hello' }, { type: 'done' });

/** Collects console warnings while `run` runs. */
async function warnings(run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => seen.push(args.map(String).join(' '));
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return seen;
}

describe('HTTP statuses', () => {
  for (const status of [501, 505, 400, 404, 409]) {
    it(`${status} is asked once, and the error line shows the status`, async () => {
      const { url, id } = await script({ status, contentType: 'application/json', chunks: ['{"error":{"message":"Nope."}}'] });
      const el = await chat({ endpoint: url, 'retry-delay': '10' });
      const log = recordEvents(el);
      const message = await el.send('hi');
      expect(message.status).to.equal('error');
      expect(message.metadata.error).to.include({ code: 'http', status });
      expect(log.of('stream-error').map((e) => e.willRetry)).to.deep.equal([false]);
      expect(await received(`script:${id}`)).to.have.length(1);
      await el.updateComplete;
      expect(errorLine(el)).to.contain(`The server answered ${status}. Nope.`);
    });
  }

  for (const status of [408, 425, 429, 500, 502, 503, 504]) {
    it(`${status} is retried`, async () => {
      const { url, id } = await script({
        attempts: [{ status, contentType: 'application/json', chunks: ['{"error":"busy"}'] }, { chunks: [answer] }],
      });
      const el = await chat({ endpoint: url, 'retry-delay': '10', 'retry-max-delay': '20' });
      const message = await el.send('hi');
      expect(message.status).to.equal('complete');
      expect(message.content).to.equal('hello');
      expect(await received(`script:${id}`)).to.have.length(2);
    });
  }

  it('401 and 429 name their status too', async () => {
    const auth = await script({ status: 401, contentType: 'application/json', chunks: ['{}'] });
    const el = await chat({ endpoint: auth.url });
    await el.send('hi');
    await el.updateComplete;
    expect(errorLine(el)).to.contain('Not authorized (401).');
    const limited = await script({ status: 429, contentType: 'application/json', chunks: ['{}'] });
    el.setAttribute('endpoint', limited.url);
    el.setAttribute('max-retries', '0');
    await el.send('again');
    await el.updateComplete;
    expect(errorLine(el)).to.contain('Too many requests (429)');
  });
});

describe('stream-id-header and cross-origin backends', () => {
  it('the test backend is another origin than this page', () => {
    expect(new URL(BACKEND).origin).not.to.equal(location.origin);
  });

  it('stream-id-header="" sends no stream id: a backend whose CORS allows only content-type streams', async () => {
    const { url, id } = await script({ chunks: [answer] });
    const el = await chat({ endpoint: `${url}?cors=content-type`, 'stream-id-header': '', 'max-retries': '0' });
    const message = await el.send('hi');
    expect(message.status).to.equal('complete');
    expect(message.content).to.equal('hello');
    const [request] = await received(`script:${id}`);
    expect(request.headers).not.to.have.property('x-stream-id');
  });

  it('with the default header that backend refuses the preflight: the error line says CORS may be why', async () => {
    const { url, id } = await script({ chunks: [answer] });
    const el = await chat({ endpoint: `${url}?cors=content-type`, 'max-retries': '0' });
    const message = await el.send('hi');
    expect(message.status).to.equal('error');
    expect(message.metadata.error!.code).to.equal('network');
    expect(await received(`script:${id}`)).to.have.length(0);
    await el.updateComplete;
    expect(errorLine(el)).to.contain('Could not reach the server.');
    expect(errorLine(el)).to.contain(`may not allow this page's origin (CORS: ${location.origin})`);
  });

  it('a header name of the page\'s choosing carries the stream id', async () => {
    const { url, id } = await script({ chunks: [answer] });
    const el = await chat({ endpoint: url, 'stream-id-header': 'X-Chat-Stream' });
    const message = await el.send('hi');
    const [request] = await received(`script:${id}`);
    expect(request.headers['x-chat-stream']).to.equal(message.id);
    expect(request.headers).not.to.have.property('x-stream-id');
  });

  it('the default header is X-Stream-Id', async () => {
    const { url, id } = await script({ chunks: [answer] });
    const el = await chat({ endpoint: url });
    const message = await el.send('hi');
    const [request] = await received(`script:${id}`);
    expect(request.headers['x-stream-id']).to.equal(message.id);
  });
});

describe('misspelled enumerated attributes', () => {
  const cases: [string, string, string][] = [
    ['protocol', 'ndjosn', 'ndjson'],
    ['format', 'opnai', 'openai'],
    ['credentials', 'incldue', 'include'],
    ['stream-id-header', 'X Stream Id', 'not a header name'],
  ];
  for (const [attribute, value, hint] of cases) {
    it(`${attribute}="${value}": nothing is sent, a clear error (line and stream-error), never the wire bytes`, async () => {
      // An SSE stream with ids: read as anything but SSE it would show `id: 1`, `data: …`.
      const { url, id } = await script({ chunks: [sse({ data: { delta: 'hello' }, id: 1 }, { data: { type: 'done' }, id: 2 })] });
      let el!: StreamChat;
      const warned = await warnings(async () => {
        el = await chat({ endpoint: url, [attribute]: value });
      });
      if (attribute !== 'stream-id-header') {
        expect(warned.join('\n')).to.contain(`${attribute}="${value}"`).and.contain(hint);
      }
      const log = recordEvents(el);
      const message = await el.send('hi');
      expect(message.status).to.equal('error');
      expect(message.content).to.equal('');
      expect(message.metadata.error!.code).to.equal('config');
      expect(log.of('stream-error').map((e) => e.error.code)).to.deep.equal(['config']);
      expect(await received(`script:${id}`)).to.have.length(0);
      await el.updateComplete;
      expect(errorLine(el)).to.contain(value).and.contain(hint);
      expect(el.messages[0].content).to.equal('hi');
    });
  }

  it('balance and theme typos are warned about, naming the valid values, and act as their defaults', async () => {
    const { url } = await script({ chunks: [answer] });
    let el!: StreamChat;
    const warned = await warnings(async () => {
      el = await chat({ endpoint: url, balance: 'roundrobin', theme: 'drak' });
    });
    expect(warned.join('\n')).to.contain('balance="roundrobin"').and.contain('round-robin');
    expect(warned.join('\n')).to.contain('theme="drak"').and.contain('light, dark');
    expect((await el.send('hi')).content).to.equal('hello');
  });

  it('valid values warn about nothing', async () => {
    const warned = await warnings(() => chat({ protocol: 'sse', format: 'openai', credentials: 'omit', balance: 'round-robin', theme: 'dark' }));
    expect(warned).to.deep.equal([]);
  });
});

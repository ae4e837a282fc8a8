// The widget through the relay (stream-chat-element/server): two CLI instances on one
// Redis, started by the test runner (test/servers/relay-cluster.mjs).
import { expect } from '@open-wc/testing';
import { chat, recordEvents, waitUntil } from './helpers.js';

interface Cluster {
  a: string;
  b: string;
  answer: string;
  model: string;
}

const cluster = async (): Promise<Cluster> => (await fetch('/__relay/cluster')).json();

describe('relay', () => {
  it('A is killed mid-answer: the answer completes through B (the next in the pool), byte for byte, nothing repeated', async () => {
    const { a, b, answer, model } = await cluster();
    const el = await chat({ endpoint: `${a} ${b}`, model, 'retry-delay': '50', 'retry-max-delay': '200', 'health-interval': '0' });
    const log = recordEvents(el);
    const sent = el.send('hello relay');
    await waitUntil(() => (el.messages.at(-1)?.content.length ?? 0) > answer.length / 4, 'no text arrived through A', { timeout: 10_000 });
    expect((await (await fetch(`/__relay/kill?url=${encodeURIComponent(a)}`)).json()).killed).to.equal(true);
    const message = await sent;
    expect(message.status).to.equal('complete');
    expect(message.content).to.equal(answer);
    expect(message.metadata.endpoint).to.equal(b);
    // Every chunk shown once: the chunks, in order, are the answer.
    expect(log.of('stream-chunk').map((c) => c.chunk.content).join('')).to.equal(answer);
    expect(log.of('stream-error').length).to.be.greaterThan(0);
  });

  it('stop() through the relay cancels the upstream request within 1 s', async () => {
    const { a, b, model } = await cluster();
    const el = await chat({ endpoint: `${a} ${b}`, model, 'health-interval': '0' });
    const question = `stop me ${Math.random()}`;
    const sent = el.send(question);
    await waitUntil(() => (el.messages.at(-1)?.content.length ?? 0) > 20, 'no text arrived', { timeout: 10_000 });
    const stoppedAt = Date.now();
    el.stop();
    expect((await sent).status).to.equal('cancelled');
    type Received = { body: { messages: { content: string }[] }; abortedAt: number | null; completed: boolean };
    let request: Received | undefined;
    await waitUntil(async () => {
      const received: Received[] = await (await fetch('/__relay/upstream')).json();
      request = received.find((r) => r.body.messages.at(-1)?.content === question);
      return request?.abortedAt != null;
    }, 'the upstream request was not cancelled', { timeout: 5000, interval: 50 });
    expect(request!.completed).to.equal(false);
    expect(request!.abortedAt! - stoppedAt).to.be.below(1000);
  });

  it('a model outside the relay\'s allowlist: a clear error in the UI and a stream-error event', async () => {
    const { a } = await cluster();
    const el = await chat({ endpoint: a, model: 'not-allowed-model' });
    const log = recordEvents(el);
    const message = await el.send('hi');
    expect(message.status).to.equal('error');
    expect(message.metadata.error!.status).to.equal(400);
    expect(message.metadata.error!.message).to.contain('"not-allowed-model" is not allowed');
    expect(log.of('stream-error')[0].error.message).to.contain('not-allowed-model');
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="error"]')?.textContent?.includes('not-allowed-model'), 'no error shown');
    expect(el.messages[0].content).to.equal('hi'); // the user's message stays
  });
});

import { expect } from '@open-wc/testing';
import { $, $$, BACKEND, chat, lastAnswer, received, recordEvents, script, sse, typeAndEnter, waitUntil } from './helpers.js';

describe('<stream-chat> end to end over SSE', () => {
  it('streams an answer as markdown, with events in order and a request as the contract says', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?format=openai&speed=2&log=e2e-1`, model: 'demo-1', system: 'Be brief.' });
    const log = recordEvents(el);
    const message = await el.send('Tell me about streaming');

    expect(message.status).to.equal('complete');
    expect(message.role).to.equal('assistant');
    expect(message.metadata.model).to.equal('demo-1');
    expect(message.metadata.finishReason).to.equal('stop');
    expect(message.metadata.usage?.completionTokens).to.be.greaterThan(10);
    expect(message.metadata.endpoint).to.equal(`${BACKEND}/api/chat?format=openai&speed=2&log=e2e-1`);
    expect(message.metadata.firstChunkMs).to.be.a('number');

    const types = log.events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]);
    expect(types).to.deep.equal(['message-send', 'connection-change', 'stream-start', 'stream-chunk', 'connection-change', 'stream-complete']);
    const chunks = log.of('stream-chunk');
    expect(chunks.map((c) => c.chunk.index)).to.deep.equal(chunks.map((_, i) => i));
    expect(chunks.map((c) => c.chunk.content).join('')).to.equal(message.content);
    expect(chunks.at(-1)!.content).to.equal(message.content);
    expect(log.of('stream-start')[0]).to.include({ messageId: message.id, protocol: 'sse' });
    expect(log.of('connection-change').map((c) => c.state)).to.deep.equal(['connecting', 'streaming', 'idle']);

    const content = lastAnswer(el);
    expect(content.querySelector('h2, h3')).to.exist;
    expect(content.querySelector('table, ol, ul, pre')).to.exist;
    expect(content.querySelector('[part=cursor]')).to.not.exist;

    const [request] = await received('e2e-1');
    expect(request.headers['content-type']).to.equal('application/json');
    expect(request.headers.accept).to.equal('text/event-stream, application/x-ndjson, text/plain');
    expect(request.headers['x-stream-id']).to.equal(message.id);
    expect(JSON.parse(request.body)).to.deep.equal({
      model: 'demo-1',
      stream: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Tell me about streaming' },
      ],
    });
  });

  it('sends on Enter, keeps Shift+Enter for a new line, and shows a cursor and Stop while streaming', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=30` });
    await typeAndEnter(el, 'Hello there');
    await waitUntil(() => lastAnswer(el)?.textContent, 'no text streamed');
    expect($(el, '[part~=user]')!.textContent).to.contain('Hello there');
    expect(($(el, 'textarea') as HTMLTextAreaElement).value).to.equal('');
    expect($(el, '[part=stop-button]')).to.exist;
    expect($(el, '[part=send-button]')).to.not.exist;
    expect(lastAnswer(el).querySelector('[part=cursor]')).to.exist;
    el.stop();
    await waitUntil(() => $(el, '[part=send-button]'));

    const input = $(el, 'textarea') as HTMLTextAreaElement;
    input.value = 'line one';
    const shiftEnter = new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true, composed: true, cancelable: true });
    input.dispatchEvent(shiftEnter);
    expect(shiftEnter.defaultPrevented).to.be.false;
    expect(el.messages.filter((m) => m.role === 'user')).to.have.length(1);
  });

  it('Stop aborts the request: the server sees the connection close and the partial answer stays', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=40&log=stop-1` });
    const log = recordEvents(el);
    const pending = el.send('Tell me something long');
    await waitUntil(() => el.messages.at(-1)?.content.length! > 20, 'no text streamed');
    el.stop();
    const message = await pending;
    expect(message.status).to.equal('cancelled');
    expect(message.content.length).to.be.greaterThan(20);
    expect(lastAnswer(el).textContent!.length).to.be.greaterThan(10);
    expect(log.of('stream-cancel')).to.deep.equal([{ messageId: message.id, content: message.content }]);
    expect(log.of('stream-complete')[0].message.status).to.equal('cancelled');
    await waitUntil(async () => (await received('stop-1'))[0]?.aborted, 'the server did not see the abort');
  });

  it('Escape stops a stream', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=40` });
    const pending = el.send('hi');
    await waitUntil(() => el.state === 'streaming');
    ($(el, 'textarea') as HTMLTextAreaElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect((await pending).status).to.equal('cancelled');
  });

  it('message-send is cancelable: nothing is sent and the typed text stays', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?log=prevented` });
    el.addEventListener('message-send', (e) => e.preventDefault());
    await typeAndEnter(el, 'do not send');
    expect(el.messages).to.have.length(0);
    expect(($(el, 'textarea') as HTMLTextAreaElement).value).to.equal('do not send');
    expect(await received('prevented')).to.have.length(0);
  });

  it('regenerate() asks the last user message again and replaces the answer; clear() empties', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0` });
    await el.send('first');
    const again = await el.regenerate();
    expect(again.status).to.equal('complete');
    expect(el.messages.map((m) => m.role)).to.deep.equal(['user', 'assistant']);
    expect(el.messages[1].id).to.equal(again.id);
    el.clear();
    await el.updateComplete;
    expect(el.messages).to.have.length(0);
    expect($$(el, '[part~=message]')).to.have.length(0);
  });

  it('sends the conversation history and custom headers', async () => {
    const { url, id } = await script({ chunks: [sse({ delta: 'ok' }, { type: 'done' })] });
    const el = await chat({ endpoint: url, headers: '{"Authorization":"Bearer secret-token"}' });
    await el.send('one');
    await el.send('two');
    const requests = await received(`script:${id}`);
    expect(requests[1].headers.authorization).to.equal('Bearer secret-token');
    expect(JSON.parse(requests[1].body).messages).to.deep.equal([
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'two' },
    ]);
  });

  it('send() rejects with no endpoint and shows why', async () => {
    const el = await chat();
    let error: Error | undefined;
    await el.send('hello').catch((e) => (error = e));
    expect(error?.message).to.match(/no endpoint/);
    await el.updateComplete;
    expect($(el, '[part=error]')!.textContent).to.match(/no endpoint/i);
  });
});

describe('<stream-chat> robustness', () => {
  it('a requestBody hook that throws ends the answer with a clear error; the element stays usable', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0` });
    const log = recordEvents(el);
    el.requestBody = () => {
      throw new Error('bad hook');
    };
    const failed = await el.send('one');
    expect(failed.status).to.equal('error');
    expect(failed.metadata.error!.message).to.contain('bad hook');
    expect(log.of('stream-error')[0].error.code).to.equal('protocol');
    await el.updateComplete;
    expect($(el, '.message.assistant [part=error]')!.textContent).to.contain('bad hook');
    el.requestBody = undefined;
    expect((await el.send('two')).status).to.equal('complete');
  });

  it('overlapping sends leave exactly one answer streaming, and Stop reaches it', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=30&log=overlap` });
    const first = el.send('a');
    const second = el.send('b');
    const third = el.send('c');
    expect((await first).status).to.equal('cancelled');
    await waitUntil(() => el.state === 'streaming');
    el.stop();
    const statuses = [(await second).status, (await third).status];
    expect(statuses, JSON.stringify(el.messages.map((m) => [m.role, m.content.slice(0, 10), m.status]))).to.deep.equal(['cancelled', 'cancelled']);
    expect(el.state).to.equal('idle');
    expect(el.messages.filter((m) => m.status === 'streaming' || m.status === 'pending')).to.have.length(0);
  });

  it('a redirect is not followed (headers would go along): a clear error', async () => {
    const { url } = await script({ status: 302, headers: { Location: `${BACKEND}/api/chat` }, chunks: [] });
    const el = await chat({ endpoint: url, headers: '{"X-Api-Key":"k-123"}', 'max-retries': '0' });
    const message = await el.send('hi');
    expect(message.status).to.equal('error');
    expect(message.metadata.error!.message).to.contain('redirects');
  });
});

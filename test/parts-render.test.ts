// What users see of structured answers, end to end against the real test backend:
// reasoning disclosure, tool cards and their states, approve / deny continuing the
// conversation, sources, files, a page's own tool views, setMessages and persistence.
import { expect } from '@open-wc/testing';
import { IndexedDbStore } from '../src/core/storage.js';
import type { StreamChat } from '../src/stream-chat.js';
import type { ChatMessage, MessagePart } from '../src/types.js';
import { $, $$, BACKEND, chat, lastAnswer, received, script, sse, waitUntil } from './helpers.js';

const H = { 'x-vercel-ai-ui-message-stream': 'v1' };
const ai = (...chunks: object[]) => sse(...chunks.map((data) => ({ data })), { data: '[DONE]' });
const aiSteps = (...steps: (string | { delay: number })[]) => ({ headers: H, chunks: steps });
const chunks = (...list: object[]) => sse(...list.map((data) => ({ data })));

async function answered(el: StreamChat, text = 'hi'): Promise<ChatMessage> {
  const message = await el.send(text);
  await el.updateComplete;
  return message;
}

describe('structured answers on screen', () => {
  it('reasoning: "Thinking…" open while it streams, then "Thought for N s" collapsed, markdown rendered safely', async () => {
    const { url } = await script(aiSteps(
      chunks({ type: 'start' }, { type: 'reasoning-start', id: 'r' }, { type: 'reasoning-delta', id: 'r', delta: 'Weigh **both** <img src=x onerror=alert(1)>' }),
      { delay: 1000 },
      ai({ type: 'reasoning-end', id: 'r' }, { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: 'Answer.' }, { type: 'text-end', id: 't' }, { type: 'finish' }),
    ));
    const el = await chat({ endpoint: url });
    const pending = el.send('hi');
    await waitUntil(() => $(el, '[part=reasoning]'), 'no reasoning disclosure while streaming');
    const details = $(el, '[part=reasoning]') as HTMLDetailsElement;
    expect(details.open).to.equal(true);
    expect(details.querySelector('summary')!.textContent).to.equal('Thinking…');
    await pending;
    await el.updateComplete;
    expect(details.open).to.equal(false);
    expect(details.querySelector('summary')!.textContent).to.match(/^Thought for \d+ s$/);
    expect(details.querySelector('strong')!.textContent).to.equal('both');
    expect(details.querySelector('img[onerror]')).to.equal(null);
    expect(lastAnswer(el).textContent!.trim()).to.equal('Answer.');
  });

  it('tool cards: running while input streams (formatted JSON), then done with the output collapsed; failed and denied', async () => {
    const { url } = await script(aiSteps(
      chunks({ type: 'start' }, { type: 'tool-input-start', toolCallId: 'a', toolName: 'weather' }, { type: 'tool-input-delta', toolCallId: 'a', inputTextDelta: '{"city": "Os' }),
      { delay: 1000 },
      ai(
        { type: 'tool-input-delta', toolCallId: 'a', inputTextDelta: 'lo"}' },
        { type: 'tool-input-available', toolCallId: 'a', toolName: 'weather', input: { city: 'Oslo' } },
        { type: 'tool-output-available', toolCallId: 'a', output: { temp: 4 } },
        { type: 'tool-input-available', toolCallId: 'b', toolName: 'fetch', input: {} },
        { type: 'tool-output-error', toolCallId: 'b', errorText: 'HTTP 500' },
        { type: 'tool-input-available', toolCallId: 'c', toolName: 'mail', input: {} },
        { type: 'tool-output-denied', toolCallId: 'c' },
        { type: 'finish' },
      ),
    ));
    const el = await chat({ endpoint: url });
    const pending = el.send('weather?');
    await waitUntil(() => $(el, '[part=tool]'), 'no tool card while the input streams');
    const card = $(el, '[part=tool]')!;
    expect(card.querySelector('.tool-state')!.textContent).to.equal('Running');
    expect(card.querySelector('.tool-input')!.textContent).to.equal('{\n  "city": "Os"\n}');
    await waitUntil(() => $(el, '[part=status]')!.textContent === 'Using tool weather…', 'the status region does not name the tool');
    await pending;
    await el.updateComplete;
    const cards = $$(el, '[part=tool]');
    expect(cards.map((c) => c.querySelector('.tool-state')!.textContent)).to.deep.equal(['Done', 'Failed', 'Denied']);
    const output = cards[0].querySelector('details.tool-output') as HTMLDetailsElement;
    expect(output.open).to.equal(false);
    expect(output.querySelector('pre')!.textContent).to.equal('{\n  "temp": 4\n}');
    expect(cards[1].querySelector('.tool-error')!.textContent).to.equal('HTTP 500');
    expect($(el, '[part=status]')!.textContent).to.equal('');
  });

  it('approve: the part becomes approval-responded (stream-part), the request carries UI messages with parts, the reply streams into the same message', async () => {
    const first = ai(
      { type: 'start' }, { type: 'start-step' },
      { type: 'tool-input-available', toolCallId: 'call-1', toolName: 'deleteFile', input: { path: '/tmp/a' } },
      { type: 'tool-approval-request', approvalId: 'ap-1', toolCallId: 'call-1', reason: 'Deletes a file' },
      { type: 'finish-step' }, { type: 'finish', finishReason: 'tool-calls' },
    );
    const second = ai(
      { type: 'start' }, { type: 'start-step' },
      { type: 'tool-output-available', toolCallId: 'call-1', output: { deleted: true } },
      { type: 'finish-step' }, { type: 'start-step' },
      { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: 'Deleted.' }, { type: 'text-end', id: 't' },
      { type: 'finish-step' }, { type: 'finish', finishReason: 'stop' },
    );
    const { url, id } = await script({ attempts: [{ headers: H, chunks: [first] }, { headers: H, chunks: [second] }] });
    const el = await chat({ endpoint: url });
    el.requestBody = ({ messages }) => ({ messages });
    const approvals: CustomEvent[] = [];
    const partEvents: { part: MessagePart | null; index: number }[] = [];
    el.addEventListener('tool-approval', (e) => approvals.push(e as CustomEvent));
    el.addEventListener('stream-part', (e) => partEvents.push(structuredClone((e as CustomEvent).detail)));
    const message = await answered(el, 'delete /tmp/a');
    expect(approvals).to.have.length(1);
    expect(approvals[0].detail.part).to.include({ toolCallId: 'call-1', state: 'approval-requested' });
    const approval = $(el, '[part=approval]')!;
    expect(approval.textContent).to.contain('Deletes a file');

    const next = new Promise<CustomEvent>((resolve) => el.addEventListener('stream-complete', (e) => resolve(e as CustomEvent), { once: true }));
    ($(el, '[part=approve-button]') as HTMLButtonElement).click();
    const done = await next;
    await el.updateComplete;
    expect(done.detail.messageId).to.equal(message.id);
    expect(el.messages).to.have.length(2);
    const answer = el.messages[1];
    expect(answer.id).to.equal(message.id);
    expect(answer.status).to.equal('complete');
    expect(answer.content).to.equal('Deleted.');
    expect(answer.parts).to.deep.equal([
      { type: 'tool', toolCallId: 'call-1', toolName: 'deleteFile', state: 'output-available', input: { path: '/tmp/a' }, output: { deleted: true }, approval: { id: 'ap-1', requestReason: 'Deletes a file', approved: true } },
      { type: 'text', text: 'Deleted.', state: 'done' },
    ]);
    expect(partEvents.map((e) => e.part && 'state' in e.part && e.part.state)).to.include.members(['approval-requested', 'approval-responded', 'output-available']);
    expect($(el, '[part=approval]')).to.equal(null);

    const requests = await received(`script:${id}`);
    expect(requests).to.have.length(2);
    const sent = JSON.parse(requests[1].body).messages;
    expect(sent.map((m: ChatMessage) => [m.id, m.role])).to.deep.equal([[el.messages[0].id, 'user'], [message.id, 'assistant']]);
    expect(sent[1].parts[0]).to.deep.include({ state: 'approval-responded', approval: { id: 'ap-1', requestReason: 'Deletes a file', approved: true } });
  });

  it('deny: sent as approved false with the reason; the part ends output-denied when the server says so', async () => {
    const first = ai(
      { type: 'start' },
      { type: 'tool-input-available', toolCallId: 'c', toolName: 'sendMail', input: { to: 'x@example.com' } },
      { type: 'tool-approval-request', approvalId: 'ap-2', toolCallId: 'c' },
      { type: 'finish' },
    );
    const second = ai({ type: 'start' }, { type: 'tool-output-denied', toolCallId: 'c' },
      { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: 'Not sent.' }, { type: 'text-end', id: 't' }, { type: 'finish' });
    const { url, id } = await script({ attempts: [{ headers: H, chunks: [first] }, { headers: H, chunks: [second] }] });
    const el = await chat({ endpoint: url });
    el.requestBody = ({ messages }) => ({ messages });
    await answered(el);
    const message = await el.respondToToolApproval('ap-2', false, 'Not now');
    expect(message.parts[0]).to.deep.include({ state: 'output-denied', approval: { id: 'ap-2', approved: false, reason: 'Not now' } });
    expect(message.content).to.equal('Not sent.');
    const sent = JSON.parse((await received(`script:${id}`))[1].body).messages;
    expect(sent[1].parts[0].approval).to.deep.equal({ id: 'ap-2', approved: false, reason: 'Not now' });
    // An approval that no longer waits is refused clearly.
    let refused: Error | undefined;
    await el.respondToToolApproval('ap-2', true).catch((e: Error) => (refused = e));
    expect(refused?.message).to.contain('ap-2');
  });

  it('answered from the tool-approval listener while the request still streams: that answer ends complete, then continues', async () => {
    const first = ai(
      { type: 'start' },
      { type: 'tool-input-available', toolCallId: 'c', toolName: 'pay', input: { amount: 5 } },
      { type: 'tool-approval-request', approvalId: 'ap-4', toolCallId: 'c' },
      { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: 'Waiting for you. ' }, { type: 'text-end', id: 't' },
      { type: 'finish' },
    );
    const second = ai({ type: 'start' }, { type: 'tool-output-available', toolCallId: 'c', output: 'paid' },
      { type: 'text-start', id: 'u' }, { type: 'text-delta', id: 'u', delta: 'Paid.' }, { type: 'text-end', id: 'u' }, { type: 'finish' });
    const { url } = await script({ attempts: [{ headers: H, chunks: [first] }, { headers: H, chunks: [second] }] });
    const el = await chat({ endpoint: url });
    el.requestBody = ({ messages }) => ({ messages });
    let continued: Promise<ChatMessage> | undefined;
    el.addEventListener('tool-approval', (e) => {
      e.preventDefault();
      continued = el.respondToToolApproval((e as CustomEvent).detail.part.approval.id, true);
    });
    const completions: string[] = [];
    el.addEventListener('stream-complete', (e) => completions.push((e as CustomEvent).detail.message.status));
    await el.send('pay');
    const message = await continued!;
    expect(completions).to.deep.equal(['complete', 'complete']);
    expect(message.content).to.equal('Waiting for you. Paid.');
    expect(message.parts[0]).to.include({ state: 'output-available', output: 'paid' });
  });

  it('tool-approval prevented: the page shows its own controls, the widget none', async () => {
    const { url } = await script({ headers: H, chunks: [ai({ type: 'start' },
      { type: 'tool-input-available', toolCallId: 'c', toolName: 'pay', input: { amount: 5 } },
      { type: 'tool-approval-request', approvalId: 'ap-3', toolCallId: 'c' }, { type: 'finish' })] });
    const el = await chat({ endpoint: url });
    el.addEventListener('tool-approval', (e) => e.preventDefault());
    await answered(el);
    expect($(el, '[part=tool]')!.querySelector('.tool-state')!.textContent).to.equal('Awaiting approval');
    expect($(el, '[part=approval]')).to.equal(null);
  });

  it('toolRenderers: a page renders a tool its own way; other tools get the default card', async () => {
    const { url } = await script({ headers: H, chunks: [ai({ type: 'start' },
      { type: 'tool-input-available', toolCallId: 'a', toolName: 'weather', input: { city: 'Oslo' } },
      { type: 'tool-output-available', toolCallId: 'a', output: { temp: 4 } },
      { type: 'tool-input-available', toolCallId: 'b', toolName: 'other', input: {} }, { type: 'finish' })] });
    const el = await chat({ endpoint: url });
    el.toolRenderers = {
      weather: (part) => Object.assign(document.createElement('output'), { textContent: `${(part.input as { city: string }).city}: ${(part.output as { temp: number }).temp}°` }),
    };
    await answered(el);
    const cards = $$(el, '[part=tool]');
    expect(cards[0].querySelector('output')!.textContent).to.equal('Oslo: 4°');
    expect(cards[1].querySelector('.tool-name')!.textContent).to.equal('other');
  });

  it('sources: a numbered list of safe links (a javascript: URL stays text); files: links, images only from image-origins; data not shown', async () => {
    const { url } = await script({ headers: H, chunks: [ai({ type: 'start' },
      { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: 'See sources.' }, { type: 'text-end', id: 't' },
      { type: 'source-url', sourceId: 's1', url: 'https://yr.no/oslo', title: 'Yr' },
      { type: 'source-url', sourceId: 's2', url: 'javascript:alert(1)', title: 'Evil' },
      { type: 'source-document', sourceId: 'd1', mediaType: 'application/pdf', title: 'Report' },
      { type: 'file', url: 'https://img.example/cat.png', mediaType: 'image/png' },
      { type: 'file', url: 'https://other.example/dog.png', mediaType: 'image/png' },
      { type: 'data-secret', data: { hidden: 'DATA-NOT-SHOWN' } },
      { type: 'finish' })] });
    const el = await chat({ endpoint: url, 'image-origins': 'https://img.example' });
    await answered(el);
    const items = $$(el, '[part=sources] [part=source]');
    expect(items.map((li) => li.textContent)).to.deep.equal(['Yr', 'Evil', 'Report']);
    const link = items[0].querySelector('a')!;
    expect(link.getAttribute('href')).to.equal('https://yr.no/oslo');
    expect(link.rel).to.equal('noopener noreferrer nofollow ugc');
    expect(items[1].querySelector('a')).to.equal(null);
    const files = $$(el, '[part=file]');
    expect(files[0].tagName).to.equal('IMG');
    expect(files[1].tagName).to.equal('DIV');
    expect(files[1].querySelector('a')!.getAttribute('href')).to.equal('https://other.example/dog.png');
    expect(el.shadowRoot!.textContent).to.not.contain('DATA-NOT-SHOWN');
    expect(el.messages[1].parts.find((p) => p.type === 'data')).to.deep.equal({ type: 'data', name: 'secret', data: { hidden: 'DATA-NOT-SHOWN' } });
  });

  it('stream-data for transient data, stream-part removals on reset-step', async () => {
    const { url } = await script({ headers: H, chunks: [ai({ type: 'start' }, { type: 'start-step' },
      { type: 'source-url', sourceId: 's', url: 'https://a.example/' },
      { type: 'data-progress', id: 'p', data: 50, transient: true },
      { type: 'reset-step' }, { type: 'start-step' },
      { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: 'Again.' }, { type: 'text-end', id: 't' }, { type: 'finish' })] });
    const el = await chat({ endpoint: url });
    const data: unknown[] = [];
    const parts: unknown[] = [];
    el.addEventListener('stream-data', (e) => data.push((e as CustomEvent).detail));
    el.addEventListener('stream-part', (e) => parts.push(structuredClone((e as CustomEvent).detail)));
    const message = await answered(el);
    expect(data).to.deep.equal([{ messageId: message.id, name: 'progress', id: 'p', data: 50 }]);
    expect(parts).to.deep.equal([
      { messageId: message.id, part: { type: 'source', sourceId: 's', url: 'https://a.example/' }, index: 0 },
      { messageId: message.id, part: null, index: 0, removed: true },
    ]);
    expect($(el, '[part=sources]')).to.equal(null);
    expect(message.parts).to.deep.equal([{ type: 'text', text: 'Again.', state: 'done' }]);
  });

  it('broken tool arguments: the card says Failed with why, a stream-part tells the page, the answer is kept', async () => {
    const oa = (delta: object, finish: string | null = null) => ({ object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });
    const { url } = await script({ chunks: [sse(
      oa({ content: 'Calling the tool.' }),
      oa({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q": "x",,' } }] }),
      oa({}, 'tool_calls'), '[DONE]',
    )] });
    const el = await chat({ endpoint: url });
    const parts: { part: MessagePart | null }[] = [];
    el.addEventListener('stream-part', (e) => parts.push(structuredClone((e as CustomEvent).detail)));
    const message = await answered(el);
    expect(message.status).to.equal('complete');
    expect(message.content).to.equal('Calling the tool.');
    expect($(el, '[part=tool] .tool-state')!.textContent).to.equal('Failed');
    expect($(el, '[part=tool] .tool-error')!.textContent).to.equal('The tool call arguments are not valid JSON.');
    expect($(el, '[part=tool] .tool-input')!.textContent).to.equal('{"q": "x",,');
    expect(parts.at(-1)!.part).to.deep.include({ state: 'output-error', errorText: 'The tool call arguments are not valid JSON.' });
  });

  it('abort from the backend: the answer ends interrupted, its text kept, and says so', async () => {
    const { url } = await script({ headers: H, chunks: [ai({ type: 'start' },
      { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: 'Cut short' }, { type: 'abort', reason: 'timeout' })] });
    const el = await chat({ endpoint: url });
    const message = await answered(el);
    expect(message.status).to.equal('interrupted');
    expect(message.content).to.equal('Cut short');
    expect($(el, '.message.assistant [part=error]')!.textContent).to.contain('interrupted');
  });
});

describe('setMessages', () => {
  const history = [
    { id: 'u1', role: 'user', content: 'What is the weather?' },
    { id: 'a1', role: 'assistant', content: 'ignored: parts win', status: 'complete', parts: [
      { type: 'reasoning', text: 'Look it up.' },
      { type: 'tool', toolCallId: 'c1', toolName: 'weather', state: 'output-available', input: { city: 'Oslo' }, output: { temp: 4 } },
      { type: 'text', text: 'It is 4 °C.' },
      { type: 'source', sourceId: 'https://yr.no/', url: 'https://yr.no/', title: 'Yr' },
    ] },
  ] as const;

  it('loads a conversation: ids and statuses kept (default complete), parts win, content recomputed, shown at once', async () => {
    const el = await chat({ endpoint: 'http://127.0.0.1:1/none' });
    el.setMessages(history as unknown as ChatMessage[]);
    expect(el.messages.map((m) => [m.id, m.status])).to.deep.equal([['u1', 'complete'], ['a1', 'complete']]);
    expect(el.messages[1].content).to.equal('It is 4 °C.');
    expect(el.messages[1].metadata.reasoning).to.equal('Look it up.');
    expect(el.messages[0].parts).to.deep.equal([{ type: 'text', text: 'What is the weather?', state: 'done' }]);
    await el.updateComplete;
    expect(lastAnswer(el).textContent!.trim()).to.equal('It is 4 °C.');
    expect($(el, '[part=tool] .tool-state')!.textContent).to.equal('Done');
    expect(($(el, '[part=reasoning]') as HTMLDetailsElement).open).to.equal(false);
  });

  it('the default (OpenAI) body sends role and content only, leaving out answers without text', async () => {
    const { url, id } = await script({ chunks: [sse({ delta: 'ok' }, { type: 'done' })] });
    const el = await chat({ endpoint: url });
    el.setMessages([
      { role: 'user', content: 'run it' },
      { role: 'assistant', parts: [{ type: 'tool', toolCallId: 'c', toolName: 't', state: 'output-available', input: {}, output: 1 }] },
    ] as unknown as ChatMessage[]);
    await el.send('next');
    expect(JSON.parse((await received(`script:${id}`))[0].body).messages).to.deep.equal([
      { role: 'user', content: 'run it' }, { role: 'user', content: 'next' },
    ]);
  });

  it('bad input: a TypeError naming the message, nothing changed', async () => {
    const el = await chat({ endpoint: 'http://127.0.0.1:1/none' });
    el.setMessages([{ id: 'keep', role: 'user', content: 'kept' }] as ChatMessage[]);
    const bad: [unknown, RegExp][] = [
      ['nope', /expects an array/],
      [[{ role: 'user', content: 'ok' }, { role: 'robot', content: 'x' }], /message 1 has an unknown role "robot"/],
      [[{ id: 'x', role: 'assistant' }], /message 0 \(id "x"\) has neither content nor parts/],
      [[{ role: 'assistant', parts: [{ type: 'tool', toolCallId: 'c', toolName: 't', state: 'flying' }] }], /message 0 part 0 has an unknown tool state "flying"/],
      [[{ role: 'assistant', parts: [{ type: 'text' }] }], /message 0 part 0 needs "text" to be a string/],
      [[{ id: 'd', role: 'user', content: 'a' }, { id: 'd', role: 'user', content: 'b' }], /message 1 \(id "d"\) repeats the id/],
      [[{ role: 'user', content: 'x', status: 'done' }], /unknown status "done"/],
    ];
    for (const [input, error] of bad) {
      expect(() => el.setMessages(input as ChatMessage[])).to.throw(TypeError, error);
      expect(el.messages.map((m) => m.id)).to.deep.equal(['keep']);
    }
  });

  it('stops a running stream; persists when persist is set, parts included', async () => {
    const key = `parts-${Math.random().toString(36).slice(2)}`;
    const { url } = await script({ headers: H, chunks: [chunks({ type: 'start' }, { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: 'streaming…' }), { hang: true }] });
    const el = await chat({ endpoint: url, persist: key });
    const pending = el.send('long');
    await waitUntil(() => el.messages.at(-1)?.content === 'streaming…', 'did not start');
    el.setMessages(history as unknown as ChatMessage[]);
    expect((await pending).status).to.equal('cancelled');
    expect(el.messages.map((m) => m.id)).to.deep.equal(['u1', 'a1']);
    const restored = await chat({ endpoint: url, persist: key });
    await waitUntil(() => restored.messages.length === 2, 'not restored');
    expect(restored.messages[1].parts).to.deep.equal(el.messages[1].parts);
  });
});

describe('persistence of parts', () => {
  it('a conversation stored before parts existed comes back with text parts; a part cut mid-stream comes back done', async () => {
    const key = `parts-old-${Math.random().toString(36).slice(2)}`;
    const base = { createdAt: 1, metadata: {} };
    await new IndexedDbStore().save(key, [
      { ...base, id: 'u', role: 'user', content: 'old question', status: 'complete' },
      { ...base, id: 'a', role: 'assistant', content: 'old answer', status: 'complete' },
      { ...base, id: 'u2', role: 'user', content: 'next', status: 'complete', parts: [{ type: 'text', text: 'next', state: 'done' }] },
      { ...base, id: 'a2', role: 'assistant', content: 'partial', status: 'streaming', metadata: { reasoning: 'thinking' },
        parts: [{ type: 'reasoning', text: 'thinking', state: 'streaming' }, { type: 'text', text: 'partial', state: 'streaming' }] },
      { ...base, id: 'a3', role: 'assistant', content: 'bad part kept as text', status: 'complete', parts: [{ type: 'tool', toolCallId: 1 }] },
    ] as unknown as ChatMessage[]);
    const el = await chat({ endpoint: 'http://127.0.0.1:1/none', persist: key });
    await waitUntil(() => el.messages.length === 5, 'not restored');
    expect(el.messages[1].parts).to.deep.equal([{ type: 'text', text: 'old answer', state: 'done' }]);
    expect(el.messages[3].status).to.equal('interrupted');
    expect(el.messages[3].parts.map((p) => 'state' in p && p.state)).to.deep.equal(['done', 'done']);
    expect(el.messages[4].parts).to.deep.equal([{ type: 'text', text: 'bad part kept as text', state: 'done' }]);
    await el.updateComplete;
    expect($$(el, '.message.assistant [part=content]').map((c) => c.textContent!.trim())).to.deep.equal(['old answer', 'partial', 'bad part kept as text']);
  });
});

describe('the demo backend: structured answers in every format', () => {
  const formats = [['native', ''], ['openai', ''], ['openai-responses', ''], ['anthropic', ''], ['ai-sdk', ''], ['ollama', '&transport=ndjson']] as const;
  for (const [format, extra] of formats) {
    it(`${format}: reasoning, a tool call and (where the format has them) sources`, async () => {
      const el = await chat({ endpoint: `${BACKEND}/api/chat?format=${format}&speed=0${extra}` });
      const message = await answered(el, 'What is the weather in Oslo?');
      expect(message.status).to.equal('complete');
      const types = message.parts.map((p) => p.type);
      expect(types).to.include.members(['reasoning', 'tool', 'text']);
      if (format !== 'openai' && format !== 'ollama') expect(types).to.include('source');
      expect(message.content).to.contain('4 °C');
      expect($(el, '[part=reasoning]')).to.exist;
      expect($(el, '[part=tool]')).to.exist;
    });
  }

  for (const format of ['ai-sdk', 'native']) {
    it(`${format}: a tool that asks for approval, approved through the widget's button, continues the same answer`, async () => {
      const el = await chat({ endpoint: `${BACKEND}/api/chat?format=${format}&speed=0` });
      el.requestBody = ({ messages, model }) => ({ model, stream: true, messages });
      const first = await answered(el, 'Delete the demo cache file');
      expect(first.parts.find((p) => p.type === 'tool')).to.include({ state: 'approval-requested' });
      const done = new Promise((resolve) => el.addEventListener('stream-complete', resolve, { once: true }));
      ($(el, '[part=approve-button]') as HTMLButtonElement).click();
      await done;
      const message = el.messages[1];
      expect(message.id).to.equal(first.id);
      expect(message.parts.find((p) => p.type === 'tool')).to.include({ state: 'output-available' });
      expect(message.content).to.contain('Done: I deleted');
    });
  }
});

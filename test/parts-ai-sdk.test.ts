// The AI SDK 7 UI message stream's full chunk list, read by the real runner, decoder and
// parts assembler over a fake transport; and the assembler's rules on their own.
import { expect } from '@open-wc/testing';
import { PartsAssembler, type PartChange } from '../src/core/message-parts.js';
import { DONE, newMessage, runFrames, stable, type Frame } from './parts/run-frames.js';

const c = (data: object): Frame => ({ data });
const H = { 'x-vercel-ai-ui-message-stream': 'v1' };

describe('AI SDK 7 chunks as parts', () => {
  it('every part kind in arrival order; finish then chunks then [DONE] still apply; custom and unknown types are ignored', async () => {
    const { message, result, changes } = await runFrames('auto', [
      c({ type: 'start', messageId: 'srv-1' }),
      c({ type: 'start-step' }),
      c({ type: 'reasoning-start', id: 'r1' }),
      c({ type: 'reasoning-delta', id: 'r1', delta: 'Think' }),
      c({ type: 'text-start', id: 't1' }),
      c({ type: 'text-delta', id: 't1', delta: 'Hello' }),
      c({ type: 'reasoning-delta', id: 'r1', delta: 'ing.' }),
      c({ type: 'reasoning-end', id: 'r1' }),
      c({ type: 'custom', kind: 'acme.marker' }),
      c({ type: 'some-future-chunk', value: 1 }),
      c({ type: 'tool-input-start', toolCallId: 'call-1', toolName: 'weather' }),
      c({ type: 'tool-input-delta', toolCallId: 'call-1', inputTextDelta: '{"city":' }),
      c({ type: 'tool-input-delta', toolCallId: 'call-1', inputTextDelta: '"Oslo"}' }),
      c({ type: 'tool-input-available', toolCallId: 'call-1', toolName: 'weather', input: { city: 'Oslo' } }),
      c({ type: 'tool-output-available', toolCallId: 'call-1', output: { temp: 3 }, preliminary: true }),
      c({ type: 'tool-output-available', toolCallId: 'call-1', output: { temp: 4 } }),
      c({ type: 'source-url', sourceId: 's1', url: 'https://yr.no/oslo', title: 'Yr' }),
      c({ type: 'source-document', sourceId: 'd1', mediaType: 'application/pdf', title: 'Report', filename: 'report.pdf' }),
      c({ type: 'file', url: 'https://cdn.example/map.png', mediaType: 'image/png' }),
      c({ type: 'reasoning-file', url: 'https://cdn.example/sketch.png', mediaType: 'image/png' }),
      c({ type: 'data-weather', id: 'w1', data: { status: 'loading' } }),
      c({ type: 'data-weather', id: 'w1', data: { status: 'done' } }),
      c({ type: 'data-note', data: 'no id' }),
      c({ type: 'data-progress', data: 50, transient: true }),
      c({ type: 'text-delta', id: 't1', delta: ' world' }),
      c({ type: 'text-end', id: 't1' }),
      c({ type: 'finish-step' }),
      c({ type: 'finish', finishReason: 'stop' }),
      c({ type: 'message-metadata', messageMetadata: { model: 'mock-model' } }),
      DONE,
      c({ type: 'text-start', id: 'late' }),
      c({ type: 'text-delta', id: 'late', delta: 'after the end' }),
    ], { headers: H });
    expect(result.status).to.equal('complete');
    expect(result.finishReason).to.equal('stop');
    expect(result.model).to.equal('mock-model');
    expect(stable(message.parts)).to.deep.equal([
      { type: 'reasoning', text: 'Thinking.', state: 'done' },
      { type: 'text', text: 'Hello world', state: 'done' },
      { type: 'tool', toolCallId: 'call-1', toolName: 'weather', state: 'output-available', input: { city: 'Oslo' }, output: { temp: 4 } },
      { type: 'source', sourceId: 's1', url: 'https://yr.no/oslo', title: 'Yr' },
      { type: 'source', sourceId: 'd1', title: 'Report', mediaType: 'application/pdf', filename: 'report.pdf' },
      { type: 'file', url: 'https://cdn.example/map.png', mediaType: 'image/png' },
      { type: 'file', url: 'https://cdn.example/sketch.png', mediaType: 'image/png' },
      { type: 'data', name: 'weather', id: 'w1', data: { status: 'done' } },
      { type: 'data', name: 'note', data: 'no id' },
    ]);
    expect(message.content).to.equal('Hello world');
    expect(message.metadata.reasoning).to.equal('Thinking.');
    expect(changes).to.deep.include({ kind: 'data', name: 'progress', id: undefined, data: 50 });
  });

  it('reset-step removes the parts since the last start-step (and their text), reporting each removal', async () => {
    const { message, result, changes } = await runFrames('ai-sdk', [
      c({ type: 'start' }),
      c({ type: 'start-step' }),
      c({ type: 'text-start', id: 'a' }),
      c({ type: 'text-delta', id: 'a', delta: 'Kept. ' }),
      c({ type: 'text-end', id: 'a' }),
      c({ type: 'finish-step' }),
      c({ type: 'start-step' }),
      c({ type: 'reasoning-start', id: 'r' }),
      c({ type: 'reasoning-delta', id: 'r', delta: 'discarded thought' }),
      c({ type: 'text-start', id: 'b' }),
      c({ type: 'text-delta', id: 'b', delta: 'Discarded partial' }),
      c({ type: 'tool-input-start', toolCallId: 'x', toolName: 'lookup' }),
      c({ type: 'reset-step' }),
      c({ type: 'start-step' }),
      c({ type: 'text-start', id: 'c' }),
      c({ type: 'text-delta', id: 'c', delta: 'Retried.' }),
      c({ type: 'text-end', id: 'c' }),
      c({ type: 'finish-step' }),
      c({ type: 'finish', finishReason: 'stop' }),
      DONE,
    ]);
    expect(result.status).to.equal('complete');
    expect(message.parts).to.deep.equal([
      { type: 'text', text: 'Kept. ', state: 'done' },
      { type: 'text', text: 'Retried.', state: 'done' },
    ]);
    expect(message.content).to.equal('Kept. Retried.');
    expect(message.metadata.reasoning).to.equal(undefined);
    expect(changes.filter((ch) => ch.kind === 'removed')).to.deep.equal([
      { kind: 'removed', index: 3 }, { kind: 'removed', index: 2 }, { kind: 'removed', index: 1 },
    ]);
  });

  it('abort ends the answer interrupted, text and parts kept, even with [DONE] after it', async () => {
    const { message, result } = await runFrames('ai-sdk', [
      c({ type: 'start' }),
      c({ type: 'text-start', id: 't' }),
      c({ type: 'text-delta', id: 't', delta: 'Cut short' }),
      c({ type: 'abort', reason: 'timeout' }),
      DONE,
    ]);
    expect(result.status).to.equal('interrupted');
    expect(result.error?.code).to.equal('aborted');
    expect(result.error?.message).to.contain('timeout');
    expect(message.content).to.equal('Cut short');
    expect(message.parts).to.deep.equal([{ type: 'text', text: 'Cut short', state: 'done' }]);
  });

  it('abort while the user stops is cancelled', async () => {
    const stop = new AbortController();
    stop.abort();
    const { result } = await runFrames('ai-sdk', [c({ type: 'start' }), c({ type: 'abort' }), DONE], { signal: stop.signal });
    expect(result.status).to.equal('cancelled');
  });

  it('a body that ends before finish is interrupted; after finish it is complete', async () => {
    const body = [c({ type: 'start' }), c({ type: 'text-start', id: 't' }), c({ type: 'text-delta', id: 't', delta: 'Hi' })];
    expect((await runFrames('ai-sdk', body)).result.status).to.equal('interrupted');
    expect((await runFrames('ai-sdk', [...body, c({ type: 'text-end', id: 't' }), c({ type: 'finish' })])).result.status).to.equal('complete');
  });

  it('approval request and response; tool-input-error keeps the raw input; output error and denial', async () => {
    const { message, changes } = await runFrames('ai-sdk', [
      c({ type: 'start' }),
      c({ type: 'tool-input-available', toolCallId: 'a', toolName: 'deleteFile', input: { path: '/tmp/x' } }),
      c({ type: 'tool-approval-request', approvalId: 'ap-1', toolCallId: 'a', reason: 'Deletes a file' }),
      c({ type: 'tool-input-available', toolCallId: 'b', toolName: 'sendMail', input: { to: 'x@example.com' } }),
      c({ type: 'tool-approval-request', approvalId: 'ap-2', toolCallId: 'b' }),
      c({ type: 'tool-approval-response', approvalId: 'ap-2', approved: false, reason: 'No' }),
      c({ type: 'tool-output-denied', toolCallId: 'b' }),
      c({ type: 'tool-input-error', toolCallId: 'c', toolName: 'calc', input: '{"x":', errorText: 'Invalid input' }),
      c({ type: 'tool-input-available', toolCallId: 'd', toolName: 'fetch', input: {} }),
      c({ type: 'tool-output-error', toolCallId: 'd', errorText: 'HTTP 500' }),
      c({ type: 'finish', finishReason: 'tool-calls' }),
      DONE,
    ]);
    expect(message.parts).to.deep.equal([
      { type: 'tool', toolCallId: 'a', toolName: 'deleteFile', state: 'approval-requested', input: { path: '/tmp/x' }, approval: { id: 'ap-1', requestReason: 'Deletes a file' } },
      { type: 'tool', toolCallId: 'b', toolName: 'sendMail', state: 'output-denied', input: { to: 'x@example.com' }, approval: { id: 'ap-2', approved: false, reason: 'No' } },
      { type: 'tool', toolCallId: 'c', toolName: 'calc', state: 'output-error', input: '{"x":', errorText: 'Invalid input' },
      { type: 'tool', toolCallId: 'd', toolName: 'fetch', state: 'output-error', input: {}, errorText: 'HTTP 500' },
    ]);
    expect(changes.filter((ch) => ch.kind === 'approval').map((ch) => ch.kind === 'approval' && ch.part.toolCallId)).to.deep.equal(['a', 'b']);
  });
});

describe('PartsAssembler', () => {
  const assemble = (message = newMessage()) => {
    const changes: PartChange[] = [];
    let now = 0;
    const parts = new PartsAssembler(message, (change) => changes.push(change), () => now);
    return { message, changes, parts, tick: (ms: number) => (now += ms) };
  };

  it('a part keeps the position of its first chunk; later deltas extend it in place', () => {
    const { message, parts } = assemble();
    parts.text('A', 't1');
    parts.reasoning('R', 'r1');
    parts.text('B', 't2');
    parts.text('a', 't1');
    expect(message.parts.map((p) => p.type === 'text' || p.type === 'reasoning' ? p.text : '')).to.deep.equal(['Aa', 'R', 'B']);
    expect(message.content).to.equal('AaB');
  });

  it('without ids, text after any other part starts a new part, and ends the one before', () => {
    const { message, parts } = assemble();
    parts.reasoning('think');
    parts.text('one');
    parts.apply({ type: 'source', sourceId: 'u', url: 'https://a.example/' });
    parts.text('two');
    expect(message.parts.map((p) => p.type)).to.deep.equal(['reasoning', 'text', 'source', 'text']);
    expect(message.parts[0]).to.include({ state: 'done' });
    expect(message.parts[1]).to.include({ state: 'done' });
    expect(message.parts[3]).to.include({ state: 'streaming' });
  });

  it('reasoning takes durationMs from its first chunk to its end; every text and reasoning part is done at any end', () => {
    const { message, parts, tick } = assemble();
    parts.reasoning('a', 'r');
    tick(4200);
    parts.text('x', 't');
    parts.end('cancelled');
    expect(message.parts).to.deep.equal([
      { type: 'reasoning', text: 'a', state: 'done', durationMs: 4200 },
      { type: 'text', text: 'x', state: 'done' },
    ]);
  });

  it('one source per id; data with the same name and id replaces; without an id it adds', () => {
    const { message, parts, changes } = assemble();
    parts.apply({ type: 'source', sourceId: 'u', url: 'https://a.example/' });
    parts.apply({ type: 'source', sourceId: 'u', url: 'https://a.example/' });
    parts.apply({ type: 'data', name: 'n', id: '1', data: 1 });
    parts.apply({ type: 'data', name: 'm', id: '1', data: 'other name' });
    parts.apply({ type: 'data', name: 'n', id: '1', data: 2 });
    expect(message.parts).to.deep.equal([
      { type: 'source', sourceId: 'u', url: 'https://a.example/' },
      { type: 'data', name: 'n', id: '1', data: 2 },
      { type: 'data', name: 'm', id: '1', data: 'other name' },
    ]);
    expect(changes.map((ch) => ch.kind === 'part' && [ch.index, ch.added])).to.deep.equal([[0, true], [1, true], [2, true], [1, false]]);
  });

  it('a retry starting afresh removes only the parts this stream added (a continuation keeps the earlier ones)', () => {
    const message = newMessage([{ type: 'tool', toolCallId: 'a', toolName: 't', state: 'approval-responded', approval: { id: 'x', approved: true } }]);
    const { parts, changes } = assemble(message);
    parts.apply({ type: 'tool-output-available', toolCallId: 'a', output: 'ok' });
    parts.text('after');
    parts.reset();
    expect(message.parts).to.deep.equal([{ type: 'tool', toolCallId: 'a', toolName: 't', state: 'output-available', output: 'ok', approval: { id: 'x', approved: true } }]);
    expect(message.content).to.equal('');
    expect(changes.at(-1)).to.deep.equal({ kind: 'removed', index: 1 });
  });

  it('a tool chunk without a name still makes a well-formed part (name empty, never undefined)', async () => {
    const { message } = await runFrames('ai-sdk', [
      c({ type: 'start' }), c({ type: 'tool-input-start', toolCallId: 'x' }), c({ type: 'tool-input-available', toolCallId: 'y', input: {} }), c({ type: 'finish' }),
    ]);
    expect(message.parts.map((p) => p.type === 'tool' && p.toolName)).to.deep.equal(['', '']);
  });

  it('a result for an unknown call without a name is ignored with one warning', () => {
    const { message, parts } = assemble();
    const warn = console.warn;
    let warnings = 0;
    console.warn = () => void warnings++;
    try {
      parts.apply({ type: 'tool-output-available', toolCallId: 'nope', output: 1 });
      parts.apply({ type: 'tool-output-error', toolCallId: 'nope', errorText: 'x' });
    } finally {
      console.warn = warn;
    }
    expect(message.parts).to.deep.equal([]);
    expect(warnings).to.equal(1);
  });
});

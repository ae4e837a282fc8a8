// The widget against a real `ai` 7 server: its parts must equal what the AI SDK's own
// client (`readUIMessageStream`, as `useChat` uses it) rebuilds from the same bytes —
// streamText with reasoning, a streamed tool call, a source and an approval (approved and
// denied, continued into the same message), createUIMessageStream with reset-step, data
// parts, files and abort, and streamText's own timeout abort.
import { expect } from '@open-wc/testing';
// @ts-expect-error served by the test runner's backend plugin
import { AI_SDK_BACKEND } from '/__backend.js';
import type { StreamChat } from '../src/stream-chat.js';
import type { ChatMessage, MessagePart, RequestBodyInput } from '../src/types.js';
import { $, $$, chat } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- UI messages are the SDK's JSON */

/** Without undefined fields (JSON's view). */
const clean = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** The recipe of docs/backends.md: the widget's messages as the AI SDK's UI messages. */
function toUIPart(p: MessagePart): any {
  switch (p.type) {
    case 'text':
    case 'reasoning':
      return { type: p.type, text: p.text, state: 'done' };
    case 'tool':
      return { type: `tool-${p.toolName}`, toolCallId: p.toolCallId, state: p.state, input: p.input, output: p.output,
        errorText: p.errorText, approval: p.approval, providerExecuted: p.providerExecuted };
    case 'source':
      return p.url ? { type: 'source-url', sourceId: p.sourceId, url: p.url, title: p.title }
        : { type: 'source-document', sourceId: p.sourceId, mediaType: p.mediaType ?? 'text/plain', title: p.title ?? p.sourceId, filename: p.filename };
    case 'file':
      return { type: 'file', url: p.url, mediaType: p.mediaType, filename: p.filename };
    case 'data':
      return { type: `data-${p.name}`, id: p.id, data: p.data };
  }
}
const uiMessages = ({ messages }: RequestBodyInput) => ({
  messages: messages.filter((m) => m.role !== 'system').map((m) => ({ id: m.id, role: m.role, parts: m.parts.map(toUIPart) })),
});

/** The SDK client's parts in the widget's shape (its step markers are not parts here). */
function fromUI(parts: any[]): MessagePart[] {
  return clean(parts.flatMap((p): MessagePart[] => {
    if (p.type === 'step-start') return [];
    if (p.type === 'text' || p.type === 'reasoning') return [{ type: p.type, text: p.text, state: 'done' }];
    if (p.type === 'source-url') return [{ type: 'source', sourceId: p.sourceId, url: p.url, title: p.title }];
    if (p.type === 'source-document') return [{ type: 'source', sourceId: p.sourceId, title: p.title, mediaType: p.mediaType, filename: p.filename }];
    if (p.type === 'file' || p.type === 'reasoning-file') return [{ type: 'file', url: p.url, mediaType: p.mediaType, filename: p.filename }];
    if (p.type.startsWith('data-')) return [{ type: 'data', name: p.type.slice(5), id: p.id, data: p.data }];
    return [{
      type: 'tool', toolCallId: p.toolCallId, toolName: p.toolName ?? p.type.slice(5), state: p.state, input: p.input, output: p.output,
      errorText: p.errorText, preliminary: p.preliminary, providerExecuted: p.providerExecuted,
      approval: p.approval && { id: p.approval.id, approved: p.approval.approved, reason: p.approval.reason, requestReason: p.approval.requestReason },
    } as MessagePart];
  }));
}

/** The widget's parts, compared field by field: text state is `done` at any end here (the SDK leaves an aborted one `streaming`). */
const widgetParts = (m: ChatMessage) =>
  clean(m.parts.map((p) => (p.type === 'text' || p.type === 'reasoning' ? { type: p.type, text: p.text, state: 'done' } : p)));

async function rebuilt(messageId: string): Promise<any> {
  return (await fetch(`${AI_SDK_BACKEND}/parts/rebuilt?id=${encodeURIComponent(messageId)}`)).json();
}

async function expectSameAsSdk(message: ChatMessage): Promise<any> {
  const sdk = await rebuilt(message.id);
  expect(sdk?.error, 'the SDK client failed').to.equal(undefined);
  expect(widgetParts(message)).to.deep.equal(fromUI(sdk.parts));
  return sdk;
}

async function agent(): Promise<StreamChat> {
  const el = await chat({ endpoint: `${AI_SDK_BACKEND}/parts/agent` });
  el.requestBody = uiMessages;
  return el;
}

describe('ai 7 server: the widget rebuilds what the SDK client rebuilds', () => {
  it('streamText: reasoning, a tool streamed and run, a source, then an approval request', async () => {
    const el = await agent();
    const message = await el.send('Weather in Oslo?');
    expect(message.status).to.equal('complete');
    expect(message.metadata.finishReason).to.equal('tool-calls');
    await expectSameAsSdk(message);
    expect(message.parts.map((p) => (p.type === 'tool' ? `${p.toolName}:${p.state}` : p.type))).to.deep.equal([
      'reasoning', 'text', 'weather:output-available', 'source', 'text', 'deleteFile:approval-requested',
    ]);
    expect(message.content).to.equal('Let me check. It is 4 °C in Oslo. Shall I delete the cache?');
    await el.updateComplete;
    expect($(el, '[part=approval]')!.textContent).to.contain('Deleting files needs your approval');
  });

  for (const approved of [true, false]) {
    it(`approval ${approved ? 'granted' : 'denied'}: the follow-up carries UI messages, the reply continues the same message`, async () => {
      const el = await agent();
      const first = await el.send('Weather in Oslo?');
      const tool = first.parts.find((p) => p.type === 'tool' && p.state === 'approval-requested');
      const approvalId = tool?.type === 'tool' ? tool.approval!.id : '';
      const message = await el.respondToToolApproval(approvalId, approved, approved ? undefined : 'keep it');
      expect(message.id).to.equal(first.id);
      expect(el.messages).to.have.length(2);
      expect(message.status).to.equal('complete');
      await expectSameAsSdk(message);
      const part = message.parts.find((p) => p.type === 'tool' && p.toolName === 'deleteFile');
      expect(part).to.deep.include(approved
        ? { state: 'output-available', output: { deleted: '/tmp/cache' } }
        : { state: 'output-denied' });
      expect(message.content).to.match(/Done: the file is handled\.$/);
      await el.updateComplete;
      expect($$(el, '[part=tool] .tool-state').map((s) => s.textContent)).to.deep.equal(['Done', approved ? 'Done' : 'Denied']);
    });
  }

  it('createUIMessageStream reset-step: the discarded step is gone, as in the SDK client', async () => {
    const el = await chat({ endpoint: `${AI_SDK_BACKEND}/parts/stream?case=reset` });
    const message = await el.send('go');
    expect(message.status).to.equal('complete');
    await expectSameAsSdk(message);
    expect(message.content).to.equal('First step. Retried step.');
    expect(message.metadata.reasoning).to.equal(undefined);
  });

  it('createUIMessageStream data parts (replaced by id; transient only as stream-data), files, sources, tool errors, metadata after finish', async () => {
    const el = await chat({ endpoint: `${AI_SDK_BACKEND}/parts/stream?case=data` });
    const data: unknown[] = [];
    el.addEventListener('stream-data', (e) => data.push((e as CustomEvent).detail));
    const message = await el.send('go');
    expect(message.status).to.equal('complete');
    await expectSameAsSdk(message);
    expect(data).to.deep.equal([{ messageId: message.id, name: 'progress', id: undefined, data: { percent: 50 } }]);
    expect(message.metadata.model).to.equal('hand-written');
  });

  it('abort written by the server: interrupted, text kept, like the SDK client (never complete despite [DONE])', async () => {
    const el = await chat({ endpoint: `${AI_SDK_BACKEND}/parts/stream?case=abort` });
    const message = await el.send('go');
    expect(message.status).to.equal('interrupted');
    await expectSameAsSdk(message);
    expect(message.content).to.equal('First step. Cut sh');
  });

  it("streamText's own timeout: the abort it sends ends the answer interrupted, its text kept", async () => {
    const el = await chat({ endpoint: `${AI_SDK_BACKEND}/parts/timeout` });
    const message = await el.send('go');
    expect(message.status).to.equal('interrupted');
    expect(message.metadata.error?.message).to.contain('TimeoutError');
    await expectSameAsSdk(message);
    expect(message.content).to.equal('Cut off by the ');
  });
});

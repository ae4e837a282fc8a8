import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { $$, BACKEND, WS_BACKEND, chat, chromiumOnly, fixture, html, lastAnswer, leftOut, oneEvent, received, script, sse, waitUntil, watchRenders } from './helpers.js';
import { longAnswer } from '../demo/answers.mjs';
import { IndexedDbStore } from '../src/core/storage.js';
import { lexBlocks } from '../src/render/markdown.js';
import type { StreamChat } from '../src/stream-chat.js';

/** What storage holds for `key` now. */
const stored = (key: string) => new IndexedDbStore().load(key);

let keys = 0;
const freshKey = () => `test-${Date.now()}-${keys++}`;

describe('memory, persistence and lifecycle', () => {
  it('max-messages bounds messages in memory and in the DOM, oldest first', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0`, 'max-messages': '4' });
    for (const q of ['one', 'two', 'three']) await el.send(q);
    await el.updateComplete;
    expect(el.messages.map((m) => m.role)).to.deep.equal(['user', 'assistant', 'user', 'assistant']);
    expect(el.messages[0].content).to.equal('two');
    expect($$(el, '[part~=message]')).to.have.length(4);
  });

  it('never drops the answer that is streaming', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=20`, 'max-messages': '1' });
    const pending = el.send('hi');
    await waitUntil(() => el.messages.some((m) => m.status === 'streaming'));
    expect(el.messages.at(-1)!.role).to.equal('assistant');
    el.stop();
    await pending;
  });

  it('persist: a new page with the same key restores the conversation; clear() removes it', async () => {
    const key = freshKey();
    const first = await chat({ endpoint: `${BACKEND}/api/chat?speed=0`, persist: key });
    const answer = await first.send('remember me');
    await waitUntil(async () => (await stored(key))?.length === 2, 'not saved');
    first.remove();

    const second = await chat({ endpoint: `${BACKEND}/api/chat?speed=0`, persist: key });
    await waitUntil(() => second.messages.length === 2, 'not restored');
    expect(second.messages[1]).to.deep.include({ id: answer.id, content: answer.content, status: 'complete' });
    await second.updateComplete;
    expect(lastAnswer(second).textContent!.length).to.be.greaterThan(20);

    second.clear();
    await waitUntil(async () => (await stored(key)) === undefined, 'not removed from storage');
    const third = await chat({ endpoint: `${BACKEND}/api/chat?speed=0`, persist: key });
    await stored(key); // one more storage round trip: the element's own load has answered
    expect(third.messages).to.have.length(0);
  });

  it('persist: a reload mid-stream restores the partial answer as interrupted, with Retry', async () => {
    const key = freshKey();
    const streaming = await chat({ endpoint: `${BACKEND}/api/chat?speed=30`, persist: key });
    const pending = streaming.send('long answer please');
    // A debounced save happens while it streams.
    await waitUntil(async () => ((await stored(key))?.[1]?.content.length ?? 0) > 40, 'nothing saved while streaming');
    // A new page reads what the old one saved while it was still streaming.
    const reloaded = await chat({ endpoint: `${BACKEND}/api/chat?speed=0`, persist: key });
    await waitUntil(() => reloaded.messages.length === 2, 'not restored');
    const restored = reloaded.messages[1];
    expect(restored.status).to.equal('interrupted');
    expect(restored.content.length).to.be.greaterThan(20);
    await reloaded.updateComplete;
    expect(reloaded.shadowRoot!.querySelector('[part=retry-button]')).to.exist;
    streaming.stop();
    await pending;
  });

  it('storage that throws on write: one console warning, the chat keeps working', async () => {
    const put = IDBObjectStore.prototype.put;
    const warn = console.warn;
    const warnings: unknown[] = [];
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    };
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const key = freshKey();
      const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0`, persist: key });
      expect((await el.send('one')).status).to.equal('complete');
      expect((await el.send('two')).status).to.equal('complete');
      expect(el.messages).to.have.length(4);
      const ours = () => warnings.map((w) => String((w as unknown[])[0])).filter((text) => text.includes(key));
      // Each save failed (and the one at the end of each answer has been attempted).
      await waitUntil(() => ours().length > 0, 'no warning');
      await stored(key);
      expect(ours()).to.have.length(1);
      expect(ours()[0]).to.contain('storage is unavailable');
    } finally {
      IDBObjectStore.prototype.put = put;
      console.warn = warn;
    }
  });

  it('removing the element stops its stream (the server sees the close) and its sockets; adding it back works', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=40&log=removed-sse` });
    const pending = el.send('hi');
    await waitUntil(() => el.state === 'streaming');
    const parent = el.parentElement!;
    el.remove();
    expect((await pending).status).to.equal('cancelled');
    await waitUntil(async () => (await received('removed-sse'))[0]?.aborted, 'the server still streams');

    parent.append(el);
    expect((await el.send('again')).status).to.equal('complete');
  }).timeout(20000);

  for (const [name, endpoint] of [['SSE', `${BACKEND}/api/chat?speed=20&log=moved-sse`], ['WebSocket', `${WS_BACKEND}?speed=20&log=moved-ws`]]) {
    it(`moving the element mid-answer (${name}) keeps the stream: the answer completes, nothing aborted`, async () => {
      const el = await chat({ endpoint });
      const pending = el.send('hi');
      await waitUntil(() => el.messages.at(-1)!.content.length > 0, 'no text arrived');
      const other = document.createElement('div');
      document.body.append(other);
      try {
        other.append(el); // disconnected and connected again at once, as a framework's list move does
        const message = await pending;
        expect(message.status).to.equal('complete');
        await el.updateComplete;
        expect(lastAnswer(el).querySelector('[part=cursor]')).to.not.exist;
        // One request, never cancelled nor asked again.
        if (name === 'SSE') expect(await received('moved-sse')).to.have.length(1);
        else expect((await received('moved-ws'))[0].frames!.map((f) => f.type)).to.deep.equal(['request']);
      } finally {
        other.remove();
      }
    }).timeout(20000);
  }

  it('a removed element keeps no WebSocket open', async () => {
    const el = await fixture<StreamChat>(html`<stream-chat endpoint=${`${WS_BACKEND}?speed=0&log=removed-ws`}></stream-chat>`);
    await el.send('hi');
    el.remove();
    await waitUntil(async () => (await received('removed-ws'))[0]?.closed, 'the socket is still open');
  });

  chromiumOnly('heap figures through the DevTools protocol')('a 3 MB answer in 7-byte chunks grows the JS heap by at most ~10x its size', async () => {
    const size = 3_000_000;
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0&format=text&size=${size}&chunk=7`, plain: '', 'max-answer-chars': '0' });
    const before = await executeServerCommand<number, undefined>('js-heap');
    const message = await el.send('big');
    await el.updateComplete;
    const growth = (await executeServerCommand<number, undefined>('js-heap')) - before;
    // The answer itself stays (message.content): a growth below its size measures nothing.
    expect(growth).to.be.above(size);
    expect(message.status).to.equal('complete');
    expect(message.content.length).to.equal(size);
    expect(growth).to.be.below(10 * size);
  }).timeout(150_000); // 430,000 chunks: over a minute on a loaded 2-core machine

  chromiumOnly('gc() and WeakRef')('markdown lexing keeps none of the tokens it returned (marked keeps its last lexer)', async () => {
    const gc = (window as unknown as { gc: () => void }).gc;
    let tokens: ReturnType<typeof lexBlocks> | undefined = lexBlocks(longAnswer(20_000));
    const lexed = new WeakRef(tokens);
    expect(tokens.length).to.be.greaterThan(10);
    tokens = undefined;
    await new Promise((resolve) => setTimeout(resolve, 0)); // a WeakRef holds its target until the task ends
    gc();
    // marked's shared tokenizer kept the last lexer, and with it every token of the last
    // text lexed: after a whole answer rendered at once, ~12 bytes of heap per character.
    expect(lexed.deref()).to.equal(undefined);
  });
});

describe('connections follow the endpoint attribute', () => {
  it('changing endpoint away from a WebSocket closes that socket', async () => {
    const el = await chat({ endpoint: `${WS_BACKEND}?speed=0&log=ws-retarget` });
    await el.send('hi');
    el.endpoint = `${BACKEND}/api/chat?speed=0`;
    await el.updateComplete;
    await waitUntil(async () => (await received('ws-retarget'))[0]?.closed, 'the old socket is still open');
    expect((await el.send('again')).status).to.equal('complete');
  });
});

describe('paced rendering and moves', () => {
  it('a page that is not being drawn (no animation frames) shows a burst whole, not over 250 ms timer ticks', async () => {
    const { url } = await script({ chunks: [sse({ delta: `${longAnswer(100_000)}\n\nThe very end.` }), sse({ type: 'done' })] });
    const el = await chat({ endpoint: url, format: 'native' });
    let behind = 0;
    const stopWatching = watchRenders((text, _, where) => leftOut(el, text, where) && behind++);
    const raf = window.requestAnimationFrame;
    window.requestAnimationFrame = () => 0; // frames stop, as in a page the browser does not draw
    try {
      await el.send('long please');
      await el.updateComplete;
      expect(lastAnswer(el).textContent).to.contain('The very end.');
      // Paced, 100 KB would take some 25 renders, one per timer tick.
      expect(behind).to.be.at.most(2);
    } finally {
      window.requestAnimationFrame = raf;
      stopWatching();
    }
  });

  it('an answer still being paced onto the screen finishes after the element is moved', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0&size=200000` });
    const done = oneEvent(el, 'stream-complete');
    void el.send('long');
    // The stream has ended; its text is still being paced onto the screen.
    const { message } = (await done).detail;
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await el.updateComplete;
    const shown = lastAnswer(el).textContent!.replace(/\s+/g, '').replace(/Copycode/g, '');
    expect(shown.length).to.be.greaterThan(message.content.replace(/\s+/g, '').length * 0.8);
    expect(lastAnswer(el).querySelector('[part=cursor]')).to.not.exist;
  });
});

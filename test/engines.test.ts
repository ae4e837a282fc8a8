// What engines differ in, checked in each engine the suite runs in: scheduling WebKit lacks
// (requestIdleCallback, scheduler.yield) and the composer's size and font where CSS
// field-sizing is missing (WebKit, Firefox).
import { expect } from '@open-wc/testing';
import { onIdle, yieldToPage } from '../src/core/platform.js';
import type { StreamChat } from '../src/stream-chat.js';
import { $, BACKEND, chat, lastAnswer, waitUntil } from './helpers.js';

/** Hides a global for one test (as an engine without it would), restoring it afterwards. */
async function without<T>(name: string, run: () => Promise<T>): Promise<T> {
  const own = Object.getOwnPropertyDescriptor(window, name);
  Object.defineProperty(window, name, { value: undefined, configurable: true, writable: true });
  try {
    return await run();
  } finally {
    if (own) Object.defineProperty(window, name, own);
    else delete (window as unknown as Record<string, unknown>)[name];
  }
}

describe('scheduling in every engine', () => {
  it('onIdle runs its callback, with or without requestIdleCallback', async () => {
    await new Promise<void>((resolve) => onIdle(resolve));
    await without('requestIdleCallback', () => new Promise<void>((resolve) => onIdle(resolve)));
  });

  it('without requestIdleCallback the element still warms up and streams an answer', async () => {
    await without('requestIdleCallback', async () => {
      const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0` });
      expect((await el.send('streaming?')).status).to.equal('complete');
      await el.updateComplete;
      expect(lastAnswer(el).textContent!.length).to.be.greaterThan(20);
      // The warm-up sample is removed once it has run.
      await waitUntil(() => !el.shadowRoot!.querySelector('.warm-up'), 'the warm-up never ran');
    });
  });

  it('without scheduler.yield, yieldToPage ends the task: a timer due meanwhile gets to run', async () => {
    await without('scheduler', async () => {
      let fired = false;
      setTimeout(() => (fired = true));
      // Yields that only awaited microtasks would never let the timer run.
      let yields = 0;
      while (!fired && yields < 1000) {
        await yieldToPage();
        yields++;
      }
      expect(fired, 'the timer never ran between yields').to.be.true;
    });
  });

  it('without scheduler.yield a 200 KB answer in one burst streams complete', async () => {
    await without('scheduler', async () => {
      const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0&size=200000` });
      const message = await el.send('long');
      expect(message.status).to.equal('complete');
      expect(message.content.length).to.be.greaterThan(150_000);
    });
  });
});

describe('the composer in every engine', () => {
  const input = (el: StreamChat) => $(el, 'textarea') as HTMLTextAreaElement;
  const height = (el: StreamChat) => input(el).getBoundingClientRect().height;
  const type = (el: StreamChat, text: string) => {
    input(el).value = text;
    input(el).dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  };

  it('grows with its text up to its limit, then scrolls, and shrinks back once sent', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0` });
    const one = height(el);
    type(el, 'one\ntwo\nthree\nfour');
    const four = height(el);
    expect(four, 'four lines are no taller than one').to.be.greaterThan(one * 1.8);
    type(el, 'line\n'.repeat(40));
    const max = parseFloat(getComputedStyle(input(el)).maxHeight);
    expect(height(el)).to.be.greaterThan(four).and.at.most(max + 0.5);
    expect(input(el).scrollHeight, 'the text beyond the limit scrolls').to.be.greaterThan(input(el).clientHeight);
    type(el, 'one\ntwo');
    expect(height(el)).to.be.below(four);
    type(el, 'one\ntwo\nthree\nfour');
    input(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
    await waitUntil(() => input(el).value === '', 'the composer was not cleared');
    await el.updateComplete;
    expect(height(el)).to.be.closeTo(one, 0.5);
  });

  it('uses at least a 16 px font, which keeps iOS Safari from zooming in on focus', async () => {
    const el = await chat();
    expect(parseFloat(getComputedStyle(input(el)).fontSize)).to.be.at.least(16);
    el.style.setProperty('--stream-chat-font-size', '12px');
    expect(parseFloat(getComputedStyle(input(el)).fontSize)).to.be.at.least(16);
    el.style.setProperty('--stream-chat-font-size', '20px');
    expect(parseFloat(getComputedStyle(input(el)).fontSize)).to.equal(20);
  });
});

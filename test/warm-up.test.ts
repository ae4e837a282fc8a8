// The idle warm-ups, in a page of their own: what they prepare (compiled code, Lit's
// templates) is kept by the page, so another file's answers would have prepared it first.
import { expect } from '@open-wc/testing';
import { BACKEND, chat, waitUntil } from './helpers.js';

describe('<stream-chat> warm-up while the page is idle', () => {
  it('prepares the templates a first question brings while the page is idle, not in the send', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0&size=3000` });
    await waitUntil(() => !el.shadowRoot!.querySelector('.warm-up'), 'the warm-up never ended');
    // Lit prepares a template by parsing it into a <template> element, once.
    const prepared: Element[] = [];
    const createElement = document.createElement;
    document.createElement = function (this: Document, tag: string, options?: ElementCreationOptions) {
      const element = createElement.call(this, tag, options);
      if (tag === 'template') prepared.push(element);
      return element;
    } as typeof document.createElement;
    try {
      await el.send('hello'); // the question, the answer under way and settled, Stop then Send
      await el.updateComplete;
    } finally {
      document.createElement = createElement;
    }
    expect(el.messages.at(-1)!.status).to.equal('complete');
    expect(prepared.map((template) => template.innerHTML), 'templates prepared during the first question').to.deep.equal([]);
  });

  it('warms its renderer while the page is idle, out of sight, for one-byte and two-byte text, and leaves nothing behind', async () => {
    const el = await chat();
    const sample = el.shadowRoot!.querySelector<HTMLElement>('.warm-up')!;
    expect(sample, 'a warm-up sample after the first render').to.exist;
    expect([sample.getAttribute('aria-hidden'), getComputedStyle(sample).visibility]).to.deep.equal(['true', 'hidden']);
    expect(sample.closest('[part=log]')).to.not.exist;
    const rendered = new Set<string>();
    const whole: string[] = []; // the text of each complete render of the sample
    const observer = new MutationObserver(() => {
      sample.querySelectorAll('*').forEach((node) => rendered.add(node.localName));
      if (sample.textContent!.includes('let x = 1;')) whole.push(sample.textContent!);
    });
    observer.observe(sample, { childList: true, subtree: true, characterData: true });
    await waitUntil(() => !sample.isConnected, 'the warm-up sample was never removed');
    observer.disconnect();
    // The sample went through marked, DOMPurify and the streaming paths (cursor included).
    expect([...rendered]).to.include.members(['h1', 'strong', 'table', 'pre', 'span']);
    // Whole, in both of V8's string forms (its regular expressions are compiled for each):
    // all Latin-1, and with a character beyond it.
    const twoByte = (text: string) => /[^\u0000-\u00ff]/.test(text);
    expect([whole.some((text) => !twoByte(text)), whole.some(twoByte)], 'rendered whole as one-byte, as two-byte text').to.deep.equal([true, true]);
    expect(el.shadowRoot!.querySelector('.log')!.textContent).to.not.contain('Title');
  });
});

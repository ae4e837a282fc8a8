// Accessibility and theming as a user meets them: axe in every state and theme, the live
// regions a screen reader hears, real keyboard focus, and styling from the page.
import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import type AxeCore from 'axe-core';
import type { StreamChat } from '../src/stream-chat.js';
import { $, $$, BACKEND, chat, chromiumOnly, fixture, html, lastAnswer, script, sse, waitUntil } from './helpers.js';

const THEMES = ['light', 'dark'] as const;
const axe = (window as unknown as { axe: typeof AxeCore }).axe;

const input = (el: StreamChat) => $(el, 'textarea') as HTMLTextAreaElement;
/** The part name of whatever has focus inside the element. */
const focusedPart = (el: StreamChat) => (el.shadowRoot!.activeElement as HTMLElement | null)?.getAttribute('part') ?? null;

/** A backend that fails with a 500 and a readable message. */
const failing = () => script({ status: 500, contentType: 'application/json', chunks: [JSON.stringify({ error: { message: 'The upstream model is unavailable.' } })] });

describe('<stream-chat> accessibility', () => {
  for (const theme of THEMES) {
    describe(`theme ${theme}`, () => {
      it('is accessible when empty', async () => {
        const el = await chat({ theme, endpoint: `${BACKEND}/api/chat` });
        expect($(el, '[part=send-button]')).to.exist;
        await expect(el).to.be.accessible();
      });

      it('is accessible while an answer streams', async () => {
        const el = await chat({ theme, endpoint: `${BACKEND}/api/chat?speed=40` });
        const pending = el.send('Tell me about streaming');
        await waitUntil(() => lastAnswer(el)?.textContent!.length > 40, 'no text streamed');
        expect($(el, '[part=stop-button]')).to.exist;
        expect(lastAnswer(el).querySelector('[part=cursor]')).to.exist;
        await expect(el).to.be.accessible();
        el.stop();
        await pending;
      });

      it('is accessible showing an error with its Retry button', async () => {
        const { url } = await failing();
        const el = await chat({ theme, endpoint: url, 'max-retries': '0' });
        expect((await el.send('hello')).status).to.equal('error');
        await el.updateComplete;
        expect($(el, '[part=error]')!.textContent).to.contain('The upstream model is unavailable.');
        expect($(el, '[part=error] button')).to.exist;
        await expect(el).to.be.accessible();
      });

      it('is accessible with a long conversation', async () => {
        const el = await chat({ theme, endpoint: `${BACKEND}/api/chat?speed=0` });
        for (const question of ['streaming?', 'debounce in TypeScript', 'which database?', 'and again', 'one more']) await el.send(question);
        await el.updateComplete;
        expect($$(el, '[part~=assistant]')).to.have.length(5);
        expect(lastAnswer(el).querySelector('table, pre')).to.exist;
        await expect(el).to.be.accessible();
      });
    });
  }

  // The dark palette itself is checked in every engine by the theme=dark tests above.
  chromiumOnly('media emulation goes through the DevTools protocol')('follows prefers-color-scheme with theme auto, and stays accessible in dark', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0` });
    await el.send('streaming?');
    const light = getComputedStyle(el).backgroundColor;
    await emulateMedia({ colorScheme: 'dark' });
    try {
      expect(getComputedStyle(el).backgroundColor).to.not.equal(light);
      // axe only checks text in view: bring the metadata line and actions into it.
      $(el, '[part=metadata]')!.scrollIntoView();
      await expect(el).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('keeps the log quiet and announces "Responding…" then the finished answer once', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=5` });
    const log = $(el, '[part=log]')!;
    expect(log.getAttribute('role')).to.equal('log');
    expect(log.getAttribute('aria-live')).to.equal('off');
    expect(log.getAttribute('aria-label')).to.equal('Conversation');

    const region = el.shadowRoot!.querySelector('[aria-live=polite]')!;
    const said: string[] = [];
    new MutationObserver(() => {
      const text = region.textContent!.trim();
      if (text && text !== said.at(-1)) said.push(text);
    }).observe(region, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    const busy: string[] = [];
    el.addEventListener('stream-chunk', () => busy.push(log.getAttribute('aria-busy')!));

    await el.send('Explain how SSE streaming works');
    await el.updateComplete;
    expect(busy.length).to.be.greaterThan(10);
    expect(new Set(busy)).to.deep.equal(new Set(['true']));
    expect(log.getAttribute('aria-busy')).to.equal('false');
    // Two announcements for a stream of many chunks: its start and its end, never a token.
    expect(said).to.have.length(2);
    expect(said[0]).to.equal('Responding…');
    expect(said[1]).to.match(/^Response complete\./);
    expect(said[1]).to.contain('Streaming, in short').and.contain('Server-Sent Events keep');
  });

  it('announces the start of the finished answer as it reads, code labels and buttons left out, without copying its DOM', async () => {
    /** The reference: the answer's whole rendered text, collapsed, cut at a word near 500 characters. */
    const expected = (content: Element) => {
      const copy = content.cloneNode(true) as Element;
      for (const node of copy.querySelectorAll('.copy-code,.code-label')) node.remove();
      const text = copy.textContent!.replace(/\s+/g, ' ').trim();
      const cut = text.slice(0, 500);
      return `Response complete. ${text.length <= 500 ? cut : `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 400))}…`}`;
    };
    const code = '```js\nconst a = 1;\n```\n\n';
    const answers = [
      `${code}Short   answer\n\n- one\n- two`,
      `${code}${'Some **words** and more words, '.repeat(20)}`, // just over 500 characters once rendered
      `${code}${'- item\n'.repeat(5_000)}`, // a long answer
      `${'a'.repeat(500)}\n\nmore`, // 500 characters, then a space: not the end yet
    ];
    for (const answer of answers) {
      const { url } = await script({ chunks: [sse({ delta: answer }), sse({ type: 'done' })] });
      const el = await chat({ endpoint: url, format: 'native' });
      let copies = 0;
      const cloneNode = Node.prototype.cloneNode;
      Node.prototype.cloneNode = function (this: Node, deep?: boolean) {
        if ((this as Element).matches?.('[part=content]')) copies++;
        return cloneNode.call(this, deep);
      };
      try {
        await el.send('an answer');
        await el.updateComplete;
      } finally {
        Node.prototype.cloneNode = cloneNode;
      }
      await waitUntil(() => el.shadowRoot!.querySelector('[aria-live=polite]')!.textContent!.includes('Response complete.'));
      expect(el.shadowRoot!.querySelector('[aria-live=polite]')!.textContent!.trim()).to.equal(expected(lastAnswer(el)));
      expect(copies, 'copies of the answer').to.equal(0);
    }
  });

  it('gives every control an accessible name, in every state', async () => {
    // axe's own accessible-name computation (the one its rules use), node by node.
    const controls = (el: StreamChat) => {
      axe.setup(el);
      try {
        // The renderer's idle warm-up sample (hidden, removed once done) is no control.
        return $$(el, 'button, textarea, [tabindex]').filter((control) => !control.closest('.warm-up')).map((control) => {
          const name = axe.commons.text.accessibleText(control);
          expect(name, `${control.outerHTML.slice(0, 80)} has no name`).to.not.equal('');
          return `${control.getAttribute('part') ?? control.localName}:${name}`;
        });
      } finally {
        axe.teardown();
      }
    };
    const { url } = await failing();
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=40`, 'max-retries': '0' });
    // The renderer's warm-up sample (aria-hidden, with its own Copy code button) goes once the
    // page is idle, which a loaded engine can put off for a while.
    await waitUntil(() => !el.shadowRoot!.querySelector('.warm-up'), 'the warm-up sample stayed');
    expect(controls(el)).to.deep.equal(['log:Conversation', 'input:Message', 'send-button:Send']);
    const pending = el.send('hi');
    await waitUntil(() => $(el, '[part=stop-button]'));
    expect(controls(el)).to.include.members(['input:Message', 'stop-button:Stop']);
    await waitUntil(() => el.messages.at(-1)!.content, 'no text streamed'); // Copy needs text
    el.stop();
    await pending;
    await el.updateComplete;
    expect(controls(el)).to.include.members(['send-button:Send', 'button:Copy', 'button:Regenerate']);
    el.endpoint = url;
    await el.send('again');
    await el.updateComplete;
    expect(controls(el)).to.include.members(['retry-button:Retry', 'send-button:Send']);
  });

  it('reaches log → input → Send with Tab, each with a visible focus ring', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div><button>before</button><stream-chat endpoint=${`${BACKEND}/api/chat`}></stream-chat></div>`);
    const el = wrapper.querySelector('stream-chat')!;
    await el.updateComplete;
    wrapper.querySelector('button')!.focus();
    const order: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      await sendKeys({ press: 'Tab' });
      order.push(focusedPart(el));
      const focused = el.shadowRoot!.activeElement!;
      // The input's ring is drawn around the rounded field that holds it (and its Send button).
      const ring = getComputedStyle(focused.localName === 'textarea' ? focused.closest('form')! : focused);
      expect(ring.outlineStyle, `${focusedPart(el)} has no focus ring`).to.equal('solid');
      expect(parseFloat(ring.outlineWidth)).to.be.at.least(2);
    }
    expect(order).to.deep.equal(['log', 'input', 'send-button']);
  });

  it('keeps focus in the composer after sending with Enter, and Escape stops the answer', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=40` });
    const sent = new Promise<CustomEvent>((resolve) => el.addEventListener('stream-complete', (e) => resolve(e as CustomEvent), { once: true }));
    input(el).focus();
    await sendKeys({ type: 'Hello there' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => lastAnswer(el)?.textContent, 'no text streamed');
    expect(input(el).value).to.equal('');
    expect(document.activeElement).to.equal(el);
    expect(focusedPart(el)).to.equal('input');

    await sendKeys({ press: 'Escape' });
    expect((await sent).detail.message.status).to.equal('cancelled');
    await el.updateComplete;
    expect($(el, '[part=send-button]')).to.exist;
    expect(focusedPart(el)).to.equal('input');
  });

  it('keeps focus in the composer after pressing the Send button', async () => {
    const { url } = await script({ chunks: [sse({ delta: 'Hi!' }), { hang: true }] });
    const el = await chat({ endpoint: url });
    input(el).focus();
    await sendKeys({ type: 'Hello' });
    const button = $(el, '[part=send-button]')!;
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '[part=stop-button]'));
    expect(focusedPart(el)).to.equal('input');
    el.stop();
  });
});

describe('<stream-chat> theming from the page', () => {
  const PARTS = ['log', 'message', 'user', 'assistant', 'content', 'cursor', 'composer', 'input', 'send-button', 'stop-button', 'error', 'status'];
  let sheet: HTMLStyleElement;

  beforeEach(() => {
    sheet = document.createElement('style');
    // scroll-margin-top has no visible effect and no default: a clean probe for ::part.
    sheet.textContent = PARTS.map((part) => `stream-chat.probe::part(${part}) { scroll-margin-top: 7px; }`).join('\n');
    document.head.append(sheet);
  });
  afterEach(() => sheet.remove());

  const styled = (el: StreamChat, part: string) => {
    const nodes = $$(el, `[part~="${part}"]`);
    expect(nodes, `no part ${part}`).to.not.be.empty;
    for (const node of nodes) expect(getComputedStyle(node).scrollMarginTop, part).to.equal('7px');
    return part;
  };

  it('styles every contract part with ::part', async () => {
    const seen = new Set<string>();
    const { url: hanging } = await script({ chunks: [sse({ delta: 'Streaming **now**' }), { hang: true }] });
    const el = await chat({ endpoint: hanging, 'max-retries': '0' });
    el.classList.add('probe');
    for (const part of ['log', 'composer', 'input', 'send-button', 'status']) seen.add(styled(el, part));

    const pending = el.send('hello');
    await waitUntil(() => lastAnswer(el)?.textContent?.includes('now'), 'no text streamed');
    for (const part of ['message', 'user', 'assistant', 'content', 'cursor', 'stop-button']) seen.add(styled(el, part));
    el.stop();
    await pending;

    el.endpoint = (await failing()).url;
    await el.send('again');
    await el.updateComplete;
    seen.add(styled(el, 'error'));
    expect([...seen].sort()).to.deep.equal([...PARTS].sort());
  });

  it('takes colours, font, radius, spacing and width from --stream-chat-* properties', async () => {
    const el = await chat({ theme: 'dark', endpoint: `${BACKEND}/api/chat` });
    const props = {
      '--stream-chat-bg': 'rgb(1, 2, 3)',
      '--stream-chat-fg': 'rgb(250, 251, 252)',
      '--stream-chat-accent': 'rgb(4, 5, 6)',
      '--stream-chat-font': 'Georgia',
      '--stream-chat-radius': '3px',
      '--stream-chat-spacing': '20px',
      '--stream-chat-max-width': '400px',
    };
    for (const [name, value] of Object.entries(props)) el.style.setProperty(name, value);
    const host = getComputedStyle(el);
    expect(host.backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(host.color).to.equal('rgb(250, 251, 252)');
    expect(host.fontFamily).to.equal('Georgia');
    expect(host.borderTopLeftRadius).to.equal('3px');
    expect(host.maxWidth).to.equal('400px');
    expect(getComputedStyle($(el, '[part=log]')!).paddingTop).to.equal('20px');
    expect(getComputedStyle($(el, '[part=send-button]')!).backgroundColor).to.equal('rgb(4, 5, 6)');
  });

  chromiumOnly('media emulation goes through the DevTools protocol')('keeps the cursor still under prefers-reduced-motion', async () => {
    const { url } = await script({ chunks: [sse({ delta: 'Thinking' }), { hang: true }] });
    const el = await chat({ endpoint: url });
    const pending = el.send('hello');
    await waitUntil(() => lastAnswer(el)?.querySelector('[part=cursor]'), 'no cursor');
    const cursor = lastAnswer(el).querySelector('[part=cursor]')!;
    expect(getComputedStyle(cursor).animationName).to.not.equal('none');
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      expect(getComputedStyle(cursor).animationName).to.equal('none');
      expect(getComputedStyle(cursor).opacity).to.equal('1');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
    el.stop();
    await pending;
  });
});

// The look (issue 17): the layout attribute, icon buttons named from `strings`, the
// compact composer, avatars from slots, and nothing moving when an answer settles.
import { expect } from '@open-wc/testing';
import type { StreamChat } from '../src/stream-chat.js';
import { $, $$, BACKEND, chat, fixture, html, lastAnswer, script, sse, typeAndEnter, waitUntil } from './helpers.js';

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
/** WebKit lays a content-visibility:auto message out at its placeholder size until the rendering update after it appeared. */
const settled = async (el: StreamChat) => {
  await el.updateComplete;
  for (let frame = 0; frame < 2; frame++) await nextFrame();
};

/** One question and its (complete) answer, from a scripted backend. */
async function exchange(el: StreamChat, answer = 'A short answer.'): Promise<void> {
  el.endpoint = (await script({ chunks: [sse({ delta: answer }, { type: 'done' })] })).url;
  expect((await el.send('A question')).status).to.equal('complete');
  await settled(el);
}

/** An answer that streams `text` and then waits, until stopped (its send in an object: awaiting it would wait for the end). */
async function streaming(el: StreamChat, text: string): Promise<{ pending: Promise<unknown> }> {
  el.endpoint = (await script({ chunks: [sse({ delta: text }), { hang: true }] })).url;
  const pending = el.send('A question');
  await waitUntil(() => el.messages.at(-1)!.content === text && lastAnswer(el)?.textContent?.includes(text.slice(-5)), 'the text did not arrive');
  await settled(el);
  return { pending };
}

const TRANSPARENT = 'rgba(0, 0, 0, 0)';
const box = (node: Element) => node.getBoundingClientRect();

/** The log's content box: where messages may go. */
function column(el: StreamChat) {
  const log = $(el, '[part=log]')!;
  const style = getComputedStyle(log);
  const rect = box(log);
  return { left: rect.left + parseFloat(style.paddingLeft), right: rect.right - parseFloat(style.paddingRight) };
}

describe('<stream-chat> layout', () => {
  it('document (the default): the answer reads full width without a bubble, the question is a bubble at the inline end', async () => {
    const el = await chat();
    expect(el.getAttribute('layout'), 'reflected for CSS').to.equal('document');
    await exchange(el);
    const { left, right } = column(el);
    const question = $(el, '.message.user')!;
    const answer = $(el, '.message.assistant')!;
    expect(getComputedStyle(answer).backgroundColor).to.equal(TRANSPARENT);
    expect(box(answer).left).to.be.closeTo(left, 1);
    expect(box(answer).right).to.be.closeTo(right, 1);
    expect(getComputedStyle(question).backgroundColor).to.not.equal(TRANSPARENT);
    expect(box(question).right).to.be.closeTo(right, 1);
    expect(box(question).width).to.be.lessThan((right - left) / 2);
  });

  it('bubbles: both roles in bubbles, the answer at the start, the question in the accent colour', async () => {
    const el = await chat({ layout: 'bubbles' });
    await exchange(el);
    const { left, right } = column(el);
    const answer = $(el, '.message.assistant')!;
    expect(getComputedStyle(answer).backgroundColor).to.not.equal(TRANSPARENT);
    expect(box(answer).left).to.be.closeTo(left, 1);
    expect(box(answer).width, 'a short answer gets a short bubble').to.be.lessThan((right - left) / 2);
    expect(getComputedStyle($(el, '.message.user')!).backgroundColor).to.equal(getComputedStyle($(el, '[part=send-button]')!).backgroundColor);

    // Back to the document layout by attribute.
    el.layout = 'document';
    await settled(el);
    expect(getComputedStyle(answer).backgroundColor).to.equal(TRANSPARENT);
    expect(box(answer).right).to.be.closeTo(right, 1);
  });

  it('a misspelled layout warns on the console, naming the valid values, and looks like document', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      const el = await chat({ layout: 'bubble' });
      await exchange(el);
      expect(warnings.filter((w) => w.includes('layout="bubble"'))).to.deep.equal(['<stream-chat>: layout="bubble" is not a valid value; use one of: document, bubbles.']);
      expect(getComputedStyle($(el, '.message.assistant')!).backgroundColor).to.equal(TRANSPARENT);
      expect(box($(el, '.message.assistant')!).right).to.be.closeTo(column(el).right, 1);
    } finally {
      console.warn = warn;
    }
  });

  for (const theme of ['light', 'dark']) {
    it(`bubbles, with avatars, stays accessible in the ${theme} theme`, async () => {
      const wrapper = await fixture<HTMLElement>(html`<div>
        <stream-chat theme=${theme} layout="bubbles"><span slot="assistant-avatar" style="background: teal; color: white">AI</span></stream-chat>
      </div>`);
      const el = wrapper.querySelector('stream-chat')!;
      await exchange(el, 'Some **bold** text and a [link](https://example.com/).');
      expect($(el, '[part=avatar]')).to.exist;
      await expect(el).to.be.accessible();
    });
  }
});

describe('<stream-chat> icon buttons', () => {
  const STRINGS = { copy: 'C-opy', copied: 'C-opied', regenerate: 'R-egen', retry: 'R-etry', send: 'S-end', stop: 'S-top', copyCode: 'C-ode', jumpToLatest: 'J-ump' };

  /** Name (aria-label), tooltip (title), icon, size. */
  function iconButton(button: HTMLElement | null, name: string) {
    expect(button, name).to.exist;
    expect(button!.getAttribute('aria-label'), 'its name').to.equal(name);
    expect(button!.title, 'its tooltip').to.equal(name);
    expect(button!.textContent!.trim(), 'no text: an icon').to.equal('');
    expect(button!.querySelector('svg[aria-hidden=true] path')?.getAttribute('d')).to.be.a('string');
    const { width, height } = box(button!);
    expect(Math.min(width, height), `${name} is at least 24 × 24 px`).to.be.at.least(24);
    return button!.querySelector('path')!.getAttribute('d');
  }

  it('Send, Stop, Copy, Regenerate, Copy code and Jump to latest are icons named from strings; Retry keeps its word', async () => {
    const el = await chat();
    el.strings = STRINGS;
    el.style.setProperty('--stream-chat-height', '260px');
    await el.updateComplete;
    iconButton($(el, '[part=send-button]'), STRINGS.send);

    const { pending } = await streaming(el, 'Some code:\n\n```js\nconst a = 1;\n```\n\n' + 'More text. '.repeat(80));
    iconButton($(el, '[part=stop-button]'), STRINGS.stop);
    iconButton(lastAnswer(el).querySelector('[part=copy-code-button]'), STRINGS.copyCode);
    const log = $(el, '[part=log]')!;
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    await waitUntil(() => $(el, '[part=jump-button]'), 'no jump button');
    iconButton($(el, '[part=jump-button]'), STRINGS.jumpToLatest);
    el.stop();
    await pending;
    await el.updateComplete;

    const [copy, regenerate, ...more] = [...$(el, '.message.assistant [part=actions]')!.querySelectorAll('button')];
    iconButton(copy, STRINGS.copy);
    iconButton(regenerate, STRINGS.regenerate);
    expect(more).to.deep.equal([]);

    el.endpoint = 'http://127.0.0.1:9/api/chat';
    el.maxRetries = 0;
    await el.send('again');
    await el.updateComplete;
    const retry = $(el, '[part=retry-button]')!;
    expect(retry.textContent!.trim()).to.equal(STRINGS.retry);
    expect(retry.querySelector('svg[aria-hidden=true]')).to.exist;
  });

  it('Copy turns into a check named "Copied", then back', async () => {
    Object.defineProperty(navigator.clipboard, 'writeText', { configurable: true, value: async () => {} });
    try {
      const el = await chat();
      el.strings = STRINGS;
      await exchange(el, 'Copy this, and this code:\n\n```\nx\n```');
      const copy = $(el, '[part=actions] button')!;
      const copyIcon = iconButton(copy, STRINGS.copy);
      copy.click();
      await waitUntil(() => copy.getAttribute('aria-label') === STRINGS.copied, 'not "Copied"');
      const checkIcon = iconButton(copy, STRINGS.copied);
      expect(checkIcon, 'the icon changed').to.not.equal(copyIcon);
      await waitUntil(() => copy.getAttribute('aria-label') === STRINGS.copy, 'not back to "Copy"');
      expect(iconButton(copy, STRINGS.copy)).to.equal(copyIcon);

      // Copy code does the same.
      const code = lastAnswer(el).querySelector<HTMLElement>('[part=copy-code-button]')!;
      expect(iconButton(code, STRINGS.copyCode)).to.equal(copyIcon);
      code.click();
      await waitUntil(() => code.getAttribute('aria-label') === STRINGS.copied, 'Copy code not "Copied"');
      expect(iconButton(code, STRINGS.copied)).to.equal(checkIcon);
    } finally {
      delete (navigator.clipboard as { writeText?: unknown }).writeText;
    }
  });

  it('Send and Stop are 44 × 44 px under a coarse pointer', async () => {
    // No engine lets a test page emulate a coarse pointer: the element's own
    // (pointer: coarse) rules are applied to it unconditionally, as on a phone.
    const el = await chat();
    const root = el.shadowRoot!;
    const rules = root.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules]);
    const coarse = rules.filter((rule): rule is CSSMediaRule => rule instanceof CSSMediaRule && rule.conditionText.includes('pointer: coarse'));
    expect(coarse, 'no (pointer: coarse) rules').to.not.be.empty;
    const phone = new CSSStyleSheet();
    for (const rule of coarse.flatMap((media) => [...media.cssRules])) phone.insertRule(rule.cssText, phone.cssRules.length);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, phone];
    const send = box($(el, '[part=send-button]')!);
    expect([send.width, send.height]).to.deep.equal([44, 44]);
    const { pending } = await streaming(el, 'Streaming');
    const stop = box($(el, '[part=stop-button]')!);
    expect([stop.width, stop.height]).to.deep.equal([44, 44]);
    el.stop();
    await pending;
  });
});

describe('<stream-chat> composer', () => {
  it('one field: the textarea and Send inside it; Send becomes Stop while an answer streams, and back', async () => {
    const el = await chat();
    el.style.setProperty('--stream-chat-font-size', '12px');
    await el.updateComplete;
    const form = $(el, '[part=composer]')!;
    const input = $(el, 'textarea') as HTMLTextAreaElement;
    expect(parseFloat(getComputedStyle(input).fontSize), 'the input stays at 16 px or more').to.be.at.least(16);
    const field = box(form);
    const inside = (node: Element) => {
      const r = box(node);
      return r.left >= field.left && r.right <= field.right && r.top >= field.top && r.bottom <= field.bottom;
    };
    expect(getComputedStyle(form).borderTopStyle, 'the field has its own border').to.equal('solid');
    expect(inside(input) && inside($(el, '[part=send-button]')!), 'the input and Send inside the field').to.be.true;

    // It grows with its text; the button stays at the bottom of the field.
    const oneLine = box(input).height;
    input.value = 'one\ntwo\nthree\nfour';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(box(input).height).to.be.greaterThan(oneLine * 2);
    expect(box(form).bottom - box($(el, '[part=send-button]')!).bottom).to.be.lessThan(box($(el, '[part=send-button]')!).top - box(form).top);

    const { pending } = await streaming(el, 'Streaming');
    const stop = $(el, '[part=stop-button]')!;
    expect($(el, '[part=send-button]')).to.not.exist;
    expect(stop.closest('form')).to.equal(form);
    // Enter while it streams keeps the text (test/defects.test.ts says why, and the pulse).
    await typeAndEnter(el, 'next question');
    expect(input.value).to.equal('next question');
    stop.click();
    await pending;
    await el.updateComplete;
    expect($(el, '[part=send-button]')).to.exist;
    expect(el.messages.at(-1)!.status).to.equal('cancelled');
  });
});

describe('<stream-chat> avatars', () => {
  const PIXEL = 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"%3E%3Crect width="1" height="1" fill="teal"/%3E%3C/svg%3E';

  it('each message shows a copy of its role\'s slotted avatar beside it, hidden from assistive technology', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div>
      <stream-chat style="width: 360px"><img slot="assistant-avatar" alt="" src=${PIXEL}><b slot="user-avatar">Me</b></stream-chat>
    </div>`);
    const el = wrapper.querySelector('stream-chat')!;
    await exchange(el);
    await exchange(el);
    const messages = $$(el, '[part~=message]');
    expect(messages).to.have.length(4);
    for (const message of messages) {
      const avatar = message.querySelector('[part=avatar]')!;
      expect(avatar, 'an avatar').to.exist;
      expect(avatar.getAttribute('aria-hidden')).to.equal('true');
      expect(avatar.querySelector(message.matches('.user') ? 'b' : 'img'), 'a copy of the slotted element').to.exist;
      // Beside the message, not over its text, and inside the log (nothing clipped or scrolling sideways).
      const content = box(message.querySelector('[part=content]')!);
      const face = box(avatar);
      expect(face.width).to.equal(28);
      expect(face.right <= content.left || face.left >= content.right, 'the avatar covers the text').to.be.true;
      expect(face.left).to.be.at.least(box($(el, '[part=log]')!).left);
      expect(face.right).to.be.at.most(box($(el, '[part=log]')!).right);
    }
    expect(box(messages[0].querySelector('[part=avatar]')!).left, 'the question\'s avatar at the inline end').to.be.greaterThan(box(messages[0]).right - 1);
    expect(box(messages[1].querySelector('[part=avatar]')!).right, 'the answer\'s avatar at the inline start').to.be.lessThan(box(messages[1]).left + 1);
    expect($(el, '[part=log]')!.scrollWidth).to.be.at.most($(el, '[part=log]')!.clientWidth);
    // The slotted originals are not shown themselves.
    expect(el.querySelector('img')!.getClientRects()).to.have.length(0);

    // Replaced: every message shows the new one; removed: none.
    el.querySelector('img')!.replaceWith(Object.assign(document.createElement('i'), { slot: 'assistant-avatar', textContent: 'AI' }));
    await waitUntil(() => $$(el, '.message.assistant [part=avatar] i').length === 2, 'the answers did not take the new avatar');
    expect($$(el, '.message.assistant [part=avatar] img')).to.have.length(0);
    el.querySelector('b')!.remove();
    await waitUntil(() => !$(el, '.message.user [part=avatar]'), 'the questions kept a removed avatar');
    expect($$(el, '.message.assistant [part=avatar]')).to.have.length(2);
  });

  it('a streaming answer keeps one copy of the avatar (not a new one every frame)', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div><stream-chat><img slot="assistant-avatar" alt="" src=${PIXEL}></stream-chat></div>`);
    const el = wrapper.querySelector('stream-chat')!;
    el.endpoint = `${BACKEND}/api/chat?speed=20`;
    const pending = el.send('Tell me about streaming');
    await waitUntil(() => el.messages.at(-1)!.content.length > 10 && $(el, '.message.assistant [part=avatar] img'), 'no text streamed');
    const copy = $(el, '.message.assistant [part=avatar] img');
    const length = el.messages.at(-1)!.content.length;
    await waitUntil(() => el.messages.at(-1)!.content.length > length + 100, 'no more text arrived');
    expect($(el, '.message.assistant [part=avatar] img'), 'the avatar was copied again').to.equal(copy);
    el.stop();
    await pending;
  });
});

describe('<stream-chat> no layout shift', () => {
  it('the actions and metadata take room kept for them while the answer streams: the answer keeps its height when it ends', async () => {
    const el = await chat();
    const { pending } = await streaming(el, 'An answer of one line.');
    const message = lastAnswer(el).closest('.message')!;
    const log = $(el, '[part=log]')!;
    const before = { height: box(message).height, scroll: log.scrollHeight };
    el.stop();
    await pending;
    await settled(el);
    expect($(el, '[part=actions] button'), 'the actions came').to.exist;
    expect($(el, '[part=metadata]'), 'the metadata came').to.exist;
    expect(box(message).height, 'the answer grew when it ended').to.be.closeTo(before.height, 0.5);
    expect(log.scrollHeight, 'the log grew when the answer ended').to.be.closeTo(before.scroll, 0.5);
  });

  it('the cursor takes no room on its line: the text wraps the same with it and without it', async () => {
    const el = await chat();
    el.style.width = '320px';
    const { pending } = await streaming(el, 'Words');
    const content = lastAnswer(el);
    const cursor = content.querySelector<HTMLElement>('[part=cursor]')!;
    const text = cursor.previousSibling as Text;
    expect(text.nodeType, 'the cursor follows the text').to.equal(Node.TEXT_NODE);
    const differences: string[] = [];
    // Every length of the last line, the full line included, with and without the cursor.
    for (let i = 0; i < 150; i++) {
      text.appendData(i % 7 === 6 ? ' ' : 'x');
      const withCursor = box(content).height;
      cursor.style.display = 'none';
      const without = box(content).height;
      cursor.style.display = '';
      if (withCursor !== without) differences.push(`${text.length} characters: ${without} → ${withCursor}`);
    }
    expect(box(content).height, 'the text wrapped onto new lines').to.be.greaterThan(3 * parseFloat(getComputedStyle(content).lineHeight));
    expect(differences).to.deep.equal([]);
    el.stop();
    await pending;
  });

  it('"Jump to latest" leaves the log its size', async () => {
    const el = await chat();
    el.style.setProperty('--stream-chat-height', '300px');
    const { pending } = await streaming(el, 'A long answer. '.repeat(120));
    const log = $(el, '[part=log]')!;
    const height = log.clientHeight;
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    await waitUntil(() => $(el, '[part=jump-button]'), 'no jump button');
    expect(log.clientHeight).to.equal(height);
    // Over the foot of the log.
    const jump = box($(el, '[part=jump-button]')!);
    expect(jump.bottom).to.be.at.most(box(log).bottom);
    expect(jump.top).to.be.greaterThan(box(log).bottom - 60);
    el.stop();
    await pending;
  });
});

import { expect } from '@open-wc/testing';
import { IndexedDbStore } from '../src/core/storage.js';
import { DEFAULT_STRINGS } from '../src/strings.js';
import type { StreamChat } from '../src/stream-chat.js';
import type { ChatStrings } from '../src/types.js';
import { $, $$, BACKEND, chat, lastAnswer, received, script, shadow, sse, typeAndEnter, waitUntil } from './helpers.js';

/**
 * The element copies through `navigator.clipboard.writeText`. Headless Chromium gives a
 * test page no clipboard permission (and @web/test-runner-commands cannot grant one, nor
 * `clipboard-read` to read the copy back), so each test replaces `writeText` on the page's
 * clipboard object with a recorder and the afterEach hook removes it again.
 */
function recordClipboard(): string[] {
  const copies: string[] = [];
  Object.defineProperty(navigator.clipboard, 'writeText', {
    configurable: true,
    value: async (text: string) => void copies.push(text),
  });
  return copies;
}

afterEach(() => {
  delete (navigator.clipboard as { writeText?: unknown }).writeText;
});

/** Buttons under `root` whose name (an icon button's aria-label, or its text) is exactly `label`. */
const buttons = (root: ParentNode, label: string) =>
  [...root.querySelectorAll('button')].filter((b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === label);
const nameOf = (button: Element) => button.getAttribute('aria-label');

/** The whole bubble of the message with this id. */
const bubble = (el: StreamChat, id: string) => $(el, `.message[data-id="${id}"]`)!;

const isShown = (node: Element) => node.checkVisibility() && (node as HTMLElement).offsetHeight > 0;

/** A markdown answer with two code blocks, in three pieces. */
const TWO_BLOCKS = ['Two examples.\n\n```js\nconst a = 1;\n', 'console.log(a);\n```\n\nAnd a ', 'second one:\n\n```py\nprint("two")\n```\n\nDone.'];

describe('<stream-chat> message actions', () => {
  it('Copy copies the whole message text, says Copied, then Copy again', async () => {
    const copies = recordClipboard();
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0` });
    const message = await el.send('Copy me');
    await el.updateComplete;
    expect(message.content.length).to.be.greaterThan(100);

    const [copy] = buttons(bubble(el, message.id), DEFAULT_STRINGS.copy);
    expect(copy, 'Copy button').to.exist;
    copy.click();
    await waitUntil(() => nameOf(copy) === DEFAULT_STRINGS.copied, 'the label did not turn into "Copied"');
    expect(copies).to.deep.equal([message.content]);
    await waitUntil(() => nameOf(copy) === DEFAULT_STRINGS.copy, 'the label did not return to "Copy"');
  });

  it('Copy code: each button copies its own block (not its label), streamed or rendered at once', async () => {
    const copies = recordClipboard();
    const strings = { copyCode: 'Code kopieren', copied: 'Kopiert' };
    const streamed = await script({ chunks: TWO_BLOCKS.flatMap((delta) => [sse({ delta }), { delay: 40 }]).concat(sse({ type: 'done' })) });
    const oneShot = await script({ chunks: [sse({ delta: TWO_BLOCKS.join('') }, { type: 'done' })] });

    for (const { url } of [streamed, oneShot]) {
      const el = await chat({ endpoint: url });
      el.strings = strings;
      const message = await el.send('Show me code');
      expect(message.status).to.equal('complete');
      await el.updateComplete;
      const copyButtons = [...lastAnswer(el).querySelectorAll<HTMLButtonElement>('button.copy-code')];
      expect(copyButtons.map((b) => [nameOf(b), b.getAttribute('part')])).to.deep.equal([
        [strings.copyCode, 'copy-code-button'],
        [strings.copyCode, 'copy-code-button'],
      ]);

      copyButtons[1].click();
      await waitUntil(() => nameOf(copyButtons[1]) === strings.copied, 'the second button did not say "Kopiert"');
      expect(nameOf(copyButtons[0])).to.equal(strings.copyCode);
      copyButtons[0].click();
      await waitUntil(() => copies.length === 2, 'the first button copied nothing');
      // marked ends a code block's text with one newline.
      expect(copies).to.deep.equal(['print("two")\n', 'const a = 1;\nconsole.log(a);\n']);
      copies.length = 0;
    }
  });

  it('the finished answer is announced as text, without the Copy code labels and language names', async () => {
    const { url } = await script({ chunks: [sse({ delta: TWO_BLOCKS.join('') }, { type: 'done' })] });
    const el = await chat({ endpoint: url });
    await el.send('Announce it');
    await el.updateComplete;
    const text = lastAnswer(el).cloneNode(true) as HTMLElement;
    for (const node of text.querySelectorAll('button.copy-code, [part=code-label]')) node.remove();
    expect($(el, '[aria-live=polite]')!.textContent).to.equal(`${DEFAULT_STRINGS.responseComplete} ${text.textContent!.replace(/\s+/g, ' ').trim()}`);
  });

  it('Regenerate shows only on the last complete answer and asks the last user message again', async () => {
    const key = `actions-regenerate-${Math.random()}`;
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0&log=${key}` });
    const first = await el.send('First question');
    const second = await el.send('Second question');
    await el.updateComplete;
    expect(buttons(bubble(el, first.id), DEFAULT_STRINGS.regenerate), 'on an older answer').to.have.length(0);
    const [regenerate] = buttons(bubble(el, second.id), DEFAULT_STRINGS.regenerate);
    expect(regenerate, 'on the last answer').to.exist;

    el.endpoint = `${BACKEND}/api/chat?speed=5&log=${key}`;
    await el.updateComplete;
    regenerate.click();
    await waitUntil(() => el.messages.at(-1)!.status === 'streaming', 'regenerating did not start');
    await el.updateComplete;
    expect(buttons(shadow(el), DEFAULT_STRINGS.regenerate), 'while the new answer streams').to.have.length(0);
    await waitUntil(() => el.messages.at(-1)!.status === 'complete', 'the regenerated answer did not complete');

    const requests = await received(key);
    expect(requests).to.have.length(3);
    const asked = (i: number) => JSON.parse(requests[i].body).messages;
    expect(asked(2)).to.deep.equal(asked(1));
    expect(asked(2).at(-1)).to.deep.equal({ role: 'user', content: 'Second question' });
    // The answer was replaced, not added to.
    expect(el.messages.map((m) => m.role)).to.deep.equal(['user', 'assistant', 'user', 'assistant']);
    await el.updateComplete;
    expect($$(el, '.message.assistant').flatMap((m) => buttons(m, DEFAULT_STRINGS.regenerate))).to.have.length(1);
  });

  it('Retry on a failed answer (scripted 500) replaces it with a complete one once the backend works', async () => {
    const { url, id } = await script({
      attempts: [
        { status: 500, contentType: 'application/json', chunks: [JSON.stringify({ error: { message: 'Model down.' } })] },
        { chunks: [sse({ delta: 'Recovered **answer**' }, { type: 'done' })] },
      ],
    });
    const el = await chat({ endpoint: url, 'max-retries': '0' });
    const failed = await el.send('Try this');
    expect(failed.status).to.equal('error');
    await el.updateComplete;
    const failedBubble = bubble(el, failed.id);
    expect(failedBubble.querySelector('[part=error]')!.textContent).to.contain('Model down.');
    expect(buttons(failedBubble, DEFAULT_STRINGS.regenerate), 'no Regenerate on a failed answer').to.have.length(0);

    ($(el, '[part=retry-button]') as HTMLButtonElement).click();
    await waitUntil(() => el.messages.at(-1)!.status === 'complete', 'Retry did not bring a complete answer');
    await el.updateComplete;
    expect(el.messages.map((m) => [m.role, m.content])).to.deep.equal([['user', 'Try this'], ['assistant', 'Recovered **answer**']]);
    expect(lastAnswer(el).querySelector('strong')!.textContent).to.equal('answer');
    expect($(el, '[part=error]')).to.not.exist;
    expect($(el, '[part=retry-button]')).to.not.exist;
    expect(buttons(shadow(el), DEFAULT_STRINGS.regenerate)).to.have.length(1);
    expect((await received(`script:${id}`)).map((r) => JSON.parse(r.body).messages)).to.deep.equal([
      [{ role: 'user', content: 'Try this' }],
      [{ role: 'user', content: 'Try this' }],
    ]);
  });

  it('Retry after a dead endpoint (127.0.0.1:9) works once the endpoint is fixed', async () => {
    const el = await chat({ endpoint: 'http://127.0.0.1:9/api/chat', 'max-retries': '0' });
    const failed = await el.send('Anyone there?');
    expect(failed.status).to.equal('error');
    await el.updateComplete;
    expect(bubble(el, failed.id).querySelector('[part=retry-button]')).to.exist;

    el.endpoint = `${BACKEND}/api/chat?speed=0`;
    await el.updateComplete;
    ($(el, '[part=retry-button]') as HTMLButtonElement).click();
    await waitUntil(() => el.messages.at(-1)!.status === 'complete', 'Retry did not bring a complete answer');
    expect(el.messages).to.have.length(2);
    await el.updateComplete;
    expect($(el, '[part=retry-button]')).to.not.exist;
    expect(lastAnswer(el).textContent!.length).to.be.greaterThan(50);
  });

  it('the metadata line shows model, tokens and timing, and hide-metadata hides it from view', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?format=openai&speed=0` });
    const message = await el.send('Some metadata please');
    await el.updateComplete;
    expect(message.metadata.model).to.equal('demo-1');
    // Output tokens: the answer's own count, as the events report it (not prompt + output).
    const total = message.metadata.usage!.completionTokens!;
    expect(total).to.be.greaterThan(12);

    const meta = bubble(el, message.id).querySelector('[part=metadata]')!;
    const time = String.raw`(\d+ ms|\d+\.\d s)`;
    expect(meta.textContent).to.match(new RegExp(`^demo-1 · ${total} tokens · first token ${time} · ${time}$`));
    expect(isShown(meta)).to.be.true;

    el.setAttribute('hide-metadata', '');
    await el.updateComplete;
    expect(getComputedStyle(meta).display).to.equal('none');
    expect(isShown(meta)).to.be.false;
    // Only the metadata goes: the actions stay.
    expect(isShown(buttons(bubble(el, message.id), DEFAULT_STRINGS.copy)[0])).to.be.true;
  });

  it('a reader who scrolled up stays put even when an update comes before the scroll event (a page drawn rarely)', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=15&size=6000` });
    const pending = el.send('A long one');
    const log = $(el, '[part=log]')!;
    await waitUntil(() => log.scrollHeight > log.clientHeight * 2, 'the answer did not overflow the log');
    await el.updateComplete;
    // The reader scrolls up; an update runs at once, before the browser fires the scroll event.
    log.scrollTop = 0;
    el.requestUpdate();
    await el.updateComplete;
    expect(log.scrollTop, 'the update pinned the log back under the reader').to.equal(0);
    expect($(el, '[part=jump-button]')).to.exist;
    el.stop();
    await pending;
  });

  it('Jump to latest: a reader who scrolled up stays put while text arrives; the button brings the log back down', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=15&size=6000` });
    const pending = el.send('A long one');
    const log = $(el, '[part=log]')!;
    const fromBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight;
    await waitUntil(() => log.scrollHeight > log.clientHeight * 2, 'the answer did not overflow the log');
    expect(fromBottom(), 'pinned to the bottom while streaming').to.be.at.most(1);

    // The reader scrolls up in the very update that pinned the log to the bottom, as
    // happens whenever text arrives every frame: the browser then fires one scroll event
    // for both moves, and the reader's move must not be taken for the pin.
    await new Promise<void>((resolve) => {
      let top = 0;
      const reader = {
        hostUpdate: () => void (top = log.scrollTop),
        hostUpdated() {
          if (log.scrollTop === top) return; // not pinned in this update
          log.scrollTop = 0;
          el.removeController(reader);
          resolve();
        },
      };
      el.addController(reader);
    });
    await waitUntil(() => $(el, '[part=jump-button]'), 'no jump button after scrolling up');
    const height = log.scrollHeight;
    await waitUntil(() => log.scrollHeight > height + 200, 'no more text arrived');
    expect(log.scrollTop, 'the log moved while the reader was reading').to.equal(0);
    expect(el.messages.at(-1)!.status).to.equal('streaming');

    $(el, '[part=jump-button]')!.click();
    await waitUntil(() => !$(el, '[part=jump-button]') && fromBottom() <= 1, 'the log did not go back to the bottom');
    // It stays pinned as more text arrives.
    const pinnedHeight = log.scrollHeight;
    await waitUntil(() => log.scrollHeight > pinnedHeight + 100, 'no more text arrived');
    await el.updateComplete;
    expect(fromBottom()).to.be.at.most(1);
    expect($(el, '[part=jump-button]')).to.not.exist;
    el.stop();
    await pending;
  });
});

/**
 * Every string the widget itself shows: each element's own text (message content left
 * out, copy-code buttons kept), accessible names and placeholders.
 */
function widgetStrings(el: StreamChat): string[] {
  const texts: string[] = [];
  for (const node of el.shadowRoot!.querySelectorAll('*')) {
    if (node.closest('.warm-up')) continue; // the renderer's idle warm-up sample: hidden, never seen
    const own = [...node.childNodes].filter((child) => child.nodeType === Node.TEXT_NODE).map((child) => child.textContent).join('');
    const content = node.closest('[part=content]') && !node.closest('button.copy-code');
    if (!content && !node.closest('[aria-live=polite]')) texts.push(own);
    for (const name of ['aria-label', 'placeholder', 'title', 'alt']) texts.push(node.getAttribute(name) ?? '');
  }
  return texts.map((t) => t.trim()).filter(Boolean);
}

describe('<stream-chat> strings', () => {
  it('every visible string comes from `strings`: empty, streaming, stopped, finished, reconnecting, failed, interrupted', async () => {
    const copies = recordClipboard();
    const ZZ = Object.fromEntries(Object.keys(DEFAULT_STRINGS).map((k) => [k, `ZZ-${k.toUpperCase()}`])) as unknown as ChatStrings;
    const defaults = Object.values(DEFAULT_STRINGS);
    const seen = new Set<string>();

    /** No default in what the widget shows, every shown string is one of ours, and what was used is noted. */
    const check = (el: StreamChat, phase: string) => {
      const shown = widgetStrings(el);
      // After an answer the live region also reads it: that answer holds no default (see below).
      const live = $(el, '[aria-live=polite]')!.textContent!.trim();
      for (const text of [...shown, live]) {
        for (const value of defaults) expect(text, `${phase}: a default string is shown`).to.not.include(value);
      }
      // Anything else the widget shows, but a bare duration (SI units), was hard-coded.
      expect(shown.filter((text) => !text.includes('ZZ-') && !/^[\d.]+ m?s$/.test(text)), `${phase}: hard-coded strings`).to.deep.equal([]);
      for (const value of Object.values(ZZ)) if ([...shown, live].some((text) => text.includes(value))) seen.add(value);
    };

    const key = `actions-strings-${Math.random()}`;
    const el = await chat({ 'retry-delay': '10' });
    el.strings = ZZ;
    el.style.setProperty('--stream-chat-height', '260px');
    await el.updateComplete;
    check(el, 'empty');
    expect([...seen]).to.include.members([ZZ.empty, ZZ.placeholder, ZZ.inputLabel, ZZ.logLabel, ZZ.send]);

    // Streaming (this question's demo answer has two code blocks).
    el.persist = key;
    el.endpoint = `${BACKEND}/api/chat?speed=40`;
    const streaming = el.send('Show me some code');
    const log = $(el, '[part=log]')!;
    await waitUntil(() => lastAnswer(el)?.querySelector('button.copy-code') && log.scrollHeight > log.clientHeight + 100, 'no code block streamed');
    // A scroll event now, not at the next frame: how the log follows a reader is the jump test's job.
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    await waitUntil(() => $(el, '[part=jump-button]'), 'no jump button');
    // Enter while it streams: the status line says why nothing was sent.
    await typeAndEnter(el, 'another question');
    await el.updateComplete;
    check(el, 'streaming');
    expect([...seen]).to.include.members([ZZ.stop, ZZ.responding, ZZ.you, ZZ.assistant, ZZ.copyCode, ZZ.jumpToLatest, ZZ.stillStreaming]);

    // A page reloaded mid-stream restores the answer as interrupted.
    const store = new IndexedDbStore();
    await waitUntil(async () => (await store.load(key))?.some((m) => m.role === 'assistant' && m.content), 'nothing saved mid-stream');
    const restored = await chat();
    restored.strings = ZZ;
    restored.persist = key;
    await waitUntil(() => restored.messages.at(-1)?.status === 'interrupted', 'not restored as interrupted');
    await restored.updateComplete;
    check(restored, 'interrupted');
    expect([...seen]).to.include.members([ZZ.interrupted, ZZ.retry]);

    el.stop();
    expect((await streaming).status).to.equal('cancelled');
    await el.updateComplete;
    check(el, 'stopped');
    expect([...seen]).to.include.members([ZZ.responseStopped, ZZ.stopped]);

    // Finished, then the copy labels.
    el.endpoint = `${BACKEND}/api/chat?speed=0`;
    const answer = await el.regenerate();
    expect(answer.status).to.equal('complete');
    expect(defaults.filter((value) => answer.content.includes(value)), 'the demo answer itself holds a default string').to.deep.equal([]);
    await el.updateComplete;
    check(el, 'finished');
    expect($(el, '[aria-live=polite]')!.textContent).to.match(new RegExp(`^${ZZ.responseComplete} \\S`));
    expect([...seen]).to.include.members([ZZ.responseComplete, ZZ.copy, ZZ.regenerate, ZZ.tokens, ZZ.firstToken]);
    buttons(shadow(el), ZZ.copy)[0].click();
    lastAnswer(el).querySelector<HTMLButtonElement>('button.copy-code')!.click();
    await waitUntil(() => copies.length === 2 && buttons(shadow(el), ZZ.copied).length === 2, 'no "copied" labels');
    check(el, 'copied');
    // A page that forbids the clipboard: the refusal is said with strings.copyFailed.
    Object.defineProperty(navigator.clipboard, 'writeText', { configurable: true, value: async () => Promise.reject(new DOMException('denied', 'NotAllowedError')) });
    buttons(shadow(el), ZZ.copied)[0].click();
    await waitUntil(() => $(el, '.notice')?.textContent === ZZ.copyFailed, 'no copy failure notice');
    check(el, 'copy refused');

    // Reconnecting (the second attempt waits before answering), then failed.
    const { url } = await script({
      attempts: [
        { status: 500, contentType: 'application/json', chunks: [JSON.stringify({ error: { message: 'ZZ-SERVER: first try failed' } })] },
        { status: 500, contentType: 'application/json', chunks: [{ delay: 800 }, JSON.stringify({ error: { message: 'ZZ-SERVER: still down' } })] },
      ],
    });
    el.endpoint = url;
    el.maxRetries = 1;
    const failing = el.send('Once more');
    await waitUntil(() => $(el, '[part=status]')!.textContent!.trim() === ZZ.reconnecting, 'no reconnecting status', { interval: 20 });
    check(el, 'reconnecting');
    expect((await failing).status).to.equal('error');
    await el.updateComplete;
    check(el, 'failed');
    expect($(el, '[part=retry-button]')!.textContent).to.equal(ZZ.retry);

    // Every error code in the widget's own words (the backend's message may follow).
    el.maxRetries = 0;
    const htmlPage = await script({ contentType: 'text/html', chunks: ['<!doctype html><p>Please sign in</p>'] });
    const silent = await script({ chunks: [{ hang: true }] });
    const failures: [string, string][] = [
      ['network', 'http://127.0.0.1:9/api/chat'],
      ['auth', `${BACKEND}/api/chat?fault=auth`],
      ['rate limit', `${BACKEND}/api/chat?fault=ratelimit&times=5`],
      ['protocol', htmlPage.url],
      ['timeout', silent.url],
      ['server', `${BACKEND}/api/chat?fault=error&after=0&speed=0`],
    ];
    for (const [phase, endpoint] of failures) {
      el.endpoint = endpoint;
      // A short idle timeout for the silent server only: the next phases get time to answer.
      el.idleTimeout = phase === 'timeout' ? 300 : 30_000;
      expect((await el.send(phase)).status, phase).to.equal('error');
      await el.updateComplete;
      check(el, phase);
    }
    el.endpoint = '';
    await el.send('nowhere').catch(() => {});
    await el.updateComplete;
    check(el, 'no endpoint');

    expect(Object.values(ZZ).filter((value) => !seen.has(value)), 'strings never shown').to.deep.equal([]);
  });
});

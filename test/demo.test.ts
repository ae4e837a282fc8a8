// The demo pages and their backend, as a new user meets them: the showcase (/) and the
// playground (/playground) with its controls (issue 17). Needs `npm run build`: the pages
// load dist/stream-chat.js.
import { expect } from '@open-wc/testing';
import { ANSWERS, GENERAL_ANSWER, pickAnswer } from '../demo/answers.mjs';
import type AxeCore from 'axe-core';
import type { StreamChat } from '../src/stream-chat.js';
import { BACKEND, chat, waitUntil } from './helpers.js';

interface DemoPage {
  doc: Document;
  win: Window & typeof globalThis;
  /** CSP violations, uncaught errors, unhandled rejections and console errors, from before the page's first script. */
  problems: string[];
}

/**
 * A demo page in a frame (same origin as the tests, served under the policy the demo server
 * sends: web-test-runner.config.mjs). A frame's first same-origin page keeps the window of
 * its initial about:blank document (HTML's navigation rules), so listeners set on it before
 * the page loads hear everything the page does.
 */
async function demoPage(path: string, width: number, height = 900): Promise<DemoPage> {
  const frame = document.createElement('iframe');
  frame.style.cssText = `width: ${width}px; height: ${height}px; border: 0;`;
  frame.src = path;
  document.body.append(frame);
  const win = frame.contentWindow as Window & typeof globalThis;
  const problems: string[] = [];
  win.addEventListener('securitypolicyviolation', (e) => problems.push(`CSP ${e.violatedDirective}: ${e.blockedURI} ${e.sample}`));
  win.addEventListener('error', (e) => problems.push(`error: ${e.message}`));
  win.addEventListener('unhandledrejection', (e) => problems.push(`unhandled rejection: ${e.reason}`));
  const consoleError = win.console.error;
  win.console.error = (...args: unknown[]) => {
    problems.push(`console.error: ${args.join(' ')}`);
    consoleError.apply(win.console, args);
  };
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  expect(frame.contentWindow, 'the page did not keep the frame’s first window').to.equal(win);
  await win.customElements.whenDefined('stream-chat');
  return { doc: frame.contentDocument!, win, problems };
}

afterEach(() => {
  for (const frame of document.querySelectorAll('iframe')) frame.remove();
});

/** The showcase's chat, its own endpoint (path and query) moved to the test backend at full speed. */
function showcaseChat(doc: Document): StreamChat {
  const el = doc.getElementById('chat') as StreamChat;
  const endpoint = new URL(el.getAttribute('endpoint')!, BACKEND);
  endpoint.searchParams.set('speed', '0');
  el.setAttribute('endpoint', endpoint.href);
  return el;
}

/** Clicks a suggested prompt and resolves with the answer's final message. */
async function clickPrompt(el: StreamChat, button: HTMLButtonElement) {
  const done = new Promise<CustomEvent>((resolve) => el.addEventListener('stream-complete', (e) => resolve(e as CustomEvent), { once: true }));
  button.click();
  return (await done).detail.message as StreamChat['messages'][number];
}

const prompts = (doc: Document) => [...doc.querySelectorAll<HTMLButtonElement>('[data-prompt]')];
const RECOVERY = 'Show a dropped connection recovering';

describe('the demo answers', () => {
  it('match the question: keywords choose the answer, with a general one when none match', () => {
    const [streaming, code, database] = ANSWERS;
    expect(pickAnswer('Which database should I use?')).to.equal(database);
    expect(pickAnswer('Which database should a side project use?')).to.equal(database);
    expect(pickAnswer('Explain how SSE streaming works')).to.equal(streaming);
    expect(pickAnswer('Compare SSE and WebSocket for chat')).to.equal(streaming);
    expect(pickAnswer('How do I resume a dropped WebSocket?')).to.equal(streaming);
    expect(pickAnswer('Write a debounce helper in TypeScript')).to.equal(code);
    expect(pickAnswer('Retry with backoff in Python, Go and Rust')).to.match(/```python[\s\S]*```go[\s\S]*```rust/);
    expect(pickAnswer('Where can I learn about web components?')).to.match(/\[MDN: Web Components\]\(https:/);
    expect(pickAnswer('اشرح البث المتدفق باختصار')).to.match(/^### البث المتدفق/);
    expect(pickAnswer(RECOVERY)).to.match(/cut twice on purpose/);
    expect(pickAnswer('Why is the sky blue?')).to.equal(GENERAL_ANSWER);
    expect(pickAnswer('')).to.equal(GENERAL_ANSWER);
  });

  it('the backend streams the answer that matches the question', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0` });
    expect((await el.send('Which database should I use?')).content).to.contain('SQLite');
    expect((await el.send('Why is the sky blue?')).content).to.equal(GENERAL_ANSWER);
  });

  it('a topic’s staged fault happens only when the endpoint asks for it (staged=on)', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0` });
    const plain = await el.send(RECOVERY);
    expect(plain.status).to.equal('complete');
    expect(el.stats.lastStream!.reconnects, 'cut without staged=on').to.equal(0);
    el.setAttribute('endpoint', `${BACKEND}/api/chat?speed=0&staged=on&retry=50`);
    const staged = await el.send(RECOVERY);
    expect(el.stats.lastStream!.reconnects, 'staged=on did not cut the stream twice').to.equal(2);
    expect(staged.content).to.equal(plain.content);
  });
});

describe('the showcase (/)', function () {
  // The recovered connection waits twice for the 1.5 s the backend asks for.
  this.timeout(30_000);

  it('is served at / and the playground at /playground', async () => {
    const showcase = await (await fetch(`${BACKEND}/`)).text();
    expect(showcase).to.contain('src="/demo/showcase.js"').and.contain('href="/playground"');
    const playground = await (await fetch(`${BACKEND}/playground`)).text();
    expect(playground).to.contain('src="/demo/playground.js"').and.contain('id="controls"');
  });

  it('loads under its CSP with no violation and no error, and its prompts work there', async () => {
    const { doc, problems } = await demoPage('/demo/index.html', 375, 812);
    const el = showcaseChat(doc);
    const arabic = prompts(doc).find((button) => button.dataset.prompt!.startsWith('اشرح'))!;
    expect((await clickPrompt(el, arabic)).status).to.equal('complete');
    (doc.getElementById('theme') as HTMLButtonElement).click();
    (doc.getElementById('new-chat') as HTMLButtonElement).click();
    await waitUntil(() => doc.querySelector('.welcome')?.getBoundingClientRect().height, 'the suggestions did not come back');
    expect(problems).to.deep.equal([]);
  });

  it('fills a phone’s screen: the title bar, then the chat down to the bottom, its prompts on the first screen', async () => {
    const { doc } = await demoPage('/demo/index.html', 375, 812);
    const bar = doc.querySelector('.app-bar')!.getBoundingClientRect();
    const chatBox = doc.getElementById('chat')!.getBoundingClientRect();
    // One row: the brand unbroken, the playground link inside the screen.
    expect(bar.top).to.equal(0);
    expect(bar.height).to.be.below(60);
    expect(doc.querySelector('.bar-link')!.getBoundingClientRect().right).to.be.at.most(375);
    expect(chatBox.top).to.be.closeTo(bar.bottom, 1);
    expect(chatBox.bottom).to.be.closeTo(812, 1);
    expect(chatBox.width).to.equal(375);
    // Nothing wider than the screen (no sideways scrolling), every prompt on it.
    expect(doc.documentElement.scrollWidth).to.equal(375);
    for (const button of prompts(doc)) expect(button.getBoundingClientRect().bottom).to.be.below(chatBox.bottom);
  });

  it('each suggested prompt sends its question and gets the answer on its topic', async () => {
    const { doc } = await demoPage('/demo/index.html', 1000);
    const el = showcaseChat(doc);
    const asked = prompts(doc).map((button) => button.dataset.prompt!);
    expect(asked).to.have.length.of.at.least(6);
    const answers = new Set<string>();
    for (const prompt of asked) {
      if (prompt === RECOVERY) continue; // its own test
      const button = prompts(doc).find((b) => b.dataset.prompt === prompt)!;
      const answer = await clickPrompt(el, button);
      expect(el.messages.map((m) => m.content)).to.deep.equal([prompt, pickAnswer(prompt)]);
      expect(answer.status).to.equal('complete');
      expect(answer.content, `“${prompt}” matched no topic`).to.not.equal(GENERAL_ANSWER);
      answers.add(answer.content);
      (doc.getElementById('new-chat') as HTMLButtonElement).click();
      await waitUntil(() => el.messages.length === 0 && prompts(doc).length, 'New chat did not clear the conversation');
    }
    expect(answers.size, 'two prompts got the same answer').to.equal(asked.length - 1);
    // Between them: code in several languages, tables, lists, links, and a right-to-left answer.
    const all = [...answers].join('\n');
    for (const shown of [/```python/, /```go/, /```rust/, /\n\|---/, /\n1\. /, /\n- /, /\]\(https:\/\//, /[\u0600-\u06ff]/]) expect(all).to.match(shown);
  });

  it('the recovered-connection prompt shows Reconnecting… and ends complete, equal to the uninterrupted answer', async () => {
    const { doc } = await demoPage('/demo/index.html', 375, 812);
    const el = showcaseChat(doc);
    const states: string[] = [];
    el.addEventListener('connection-change', (e) => states.push((e as CustomEvent).detail.state));
    const button = prompts(doc).find((b) => b.dataset.prompt === RECOVERY)!;
    const answer = await clickPrompt(el, button);
    expect(answer.status).to.equal('complete');
    expect(states.filter((state) => state === 'reconnecting')).to.have.length(2);
    expect(el.stats.lastStream!.reconnects).to.equal(2);
    // Byte for byte what the backend streams for this question without cutting it.
    expect(answer.content).to.equal(pickAnswer(RECOVERY));
  });

  for (const theme of ['light', 'dark']) {
    it(`axe finds nothing serious in the ${theme} theme, before a question and after an answer`, async () => {
      const { doc, win } = await demoPage('/demo/index.html', 375, 812);
      const el = showcaseChat(doc);
      if (((doc.getElementById('theme') as HTMLButtonElement).getAttribute('aria-pressed') === 'true') !== (theme === 'dark')) {
        (doc.getElementById('theme') as HTMLButtonElement).click();
      }
      const axe = await loadAxe(doc, win);
      expect(await seriousProblems(axe, doc)).to.deep.equal([]);
      await clickPrompt(el, prompts(doc).find((b) => b.dataset.prompt!.startsWith('Retry'))!);
      await el.updateComplete;
      expect(await seriousProblems(axe, doc)).to.deep.equal([]);
    });
  }

  it('the theme follows the system until the toggle picks one, for the page and the chat alike', async () => {
    const { doc, win } = await demoPage('/demo/index.html', 375, 812);
    const el = doc.getElementById('chat') as StreamChat;
    const toggle = doc.getElementById('theme') as HTMLButtonElement;
    const systemDark = win.matchMedia('(prefers-color-scheme: dark)').matches;
    expect(el.theme).to.equal('auto');
    expect(toggle.getAttribute('aria-pressed')).to.equal(String(systemDark));
    toggle.click();
    const picked = systemDark ? 'light' : 'dark';
    expect(el.theme).to.equal(picked);
    expect(doc.documentElement.dataset.theme).to.equal(picked);
    expect(toggle.getAttribute('aria-pressed')).to.equal(String(!systemDark));
    expect(win.getComputedStyle(doc.body).colorScheme).to.equal(picked);
    toggle.click();
    expect(el.theme).to.equal(systemDark ? 'dark' : 'light');
  });
});

/**
 * axe-core, loaded into a demo page. The script element is made here, outside the page's
 * Trusted Types policy, and its file is same-origin, as the page's CSP requires.
 */
async function loadAxe(doc: Document, win: Window): Promise<typeof AxeCore> {
  const script = document.createElement('script');
  script.src = '/node_modules/axe-core/axe.min.js';
  await new Promise((resolve, reject) => {
    script.addEventListener('load', resolve, { once: true });
    script.addEventListener('error', reject, { once: true });
    doc.head.append(script);
  });
  return (win as unknown as { axe: typeof AxeCore }).axe;
}

/** What axe rates serious or critical on the whole page, the chat's shadow DOM included. */
async function seriousProblems(axe: typeof AxeCore, doc: Document): Promise<string[]> {
  const { violations } = await axe.run(doc);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Points the playground at the test backend through its own form, as a user typing an endpoint would. */
function useEndpoint(doc: Document, url: string, settings: Record<string, string> = {}): StreamChat {
  const form = doc.getElementById('controls') as HTMLFormElement;
  for (const [name, value] of Object.entries({ endpoint: url, ...settings })) {
    const input = form.elements.namedItem(name) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return doc.getElementById('chat') as StreamChat;
}

const stat = (doc: Document, term: string) =>
  [...doc.querySelectorAll('#stats div')].find((row) => row.querySelector('dt')!.textContent === term)?.querySelector('dd')!.textContent;

describe('the playground (/playground)', () => {
  const PLAYGROUND = '/demo/playground.html';

  it('runs under its CSP with no violation and no error', async () => {
    const { doc, problems } = await demoPage(PLAYGROUND, 1300);
    const el = useEndpoint(doc, `${BACKEND}/api/chat?speed=0`);
    expect((await el.send('Which database should I use?')).status).to.equal('complete');
    await waitUntil(() => stat(doc, 'streams') === '1', 'the stats did not count the stream');
    expect(problems).to.deep.equal([]);
  });

  it('at 375 px the chat comes first, above the settings and the events', async () => {
    const { doc } = await demoPage(PLAYGROUND, 375);
    const top = (selector: string) => doc.querySelector(selector)!.getBoundingClientRect().top;
    expect(top('stream-chat')).to.be.below(top('#controls'));
    expect(top('#controls')).to.be.below(top('.events'));
    expect(top('stream-chat'), 'the chat is not on the first screen').to.be.below(300);
    // Wide, the three columns stay side by side with the chat in the middle.
    const { doc: wide } = await demoPage(PLAYGROUND, 1300);
    const left = (selector: string) => wide.querySelector(selector)!.getBoundingClientRect().left;
    expect(left('#controls')).to.be.below(left('stream-chat'));
    expect(left('stream-chat')).to.be.below(left('.events'));
  });

  it('Clear conversation resets the stats panel', async () => {
    const { doc } = await demoPage(PLAYGROUND, 1300);
    const el = useEndpoint(doc, `${BACKEND}/api/chat?speed=0`);
    expect((await el.send('hi')).status).to.equal('complete');
    // The panel repaints at most every 200 ms: a repaint mid-stream may show the stream and no chunk yet.
    await waitUntil(() => stat(doc, 'state') === 'idle' && stat(doc, 'streams') === '1', 'the stats did not count the stream');
    expect(Number(stat(doc, 'chunks'))).to.be.greaterThan(0);
    (doc.getElementById('clear') as HTMLButtonElement).click();
    await waitUntil(() => stat(doc, 'streams') === '0', 'the stats were not reset');
    expect(stat(doc, 'chunks')).to.equal('0');
    expect(stat(doc, 'received')).to.equal('0 B');
    expect(stat(doc, 'duration')).to.equal('–');
    // And they count again from there.
    await el.send('again');
    await waitUntil(() => stat(doc, 'streams') === '1', 'the stats did not count after the reset');
  });

  it('the event log colours stream-complete by how the answer ended', async () => {
    const { doc } = await demoPage(PLAYGROUND, 1300);
    const colour = (selector: string) => getComputedStyle(doc.querySelector(`${selector} .name`)!).color;
    const el = useEndpoint(doc, `${BACKEND}/api/chat?speed=0`);
    expect((await el.send('hi')).status).to.equal('complete');
    await waitUntil(() => doc.querySelector('.event.stream-complete'), 'no stream-complete entry');
    const ok = colour('.event.stream-complete');
    expect(ok).to.equal(colour('.event.stream-start'));

    useEndpoint(doc, `${BACKEND}/api/chat?speed=0&fault=error&after=3`, { 'max-retries': '0' });
    expect((await el.send('hi')).status).to.equal('error');
    await waitUntil(() => doc.querySelector('.event.stream-complete.error'), 'no stream-complete entry for the failed answer');
    expect(colour('.event.stream-complete.error')).to.not.equal(ok);
    expect(colour('.event.stream-complete.error')).to.equal(colour('.event.stream-error'));
  });
});

// The demo page and its backend, as a new user meets them (defects of issue 17).
import { expect } from '@open-wc/testing';
import { ANSWERS, GENERAL_ANSWER, pickAnswer } from '../demo/answers.mjs';
import type { StreamChat } from '../src/stream-chat.js';
import { BACKEND, chat, waitUntil } from './helpers.js';

/** The demo page, same origin as the tests, in a frame of the given width. */
async function demoPage(width: number): Promise<Document> {
  const frame = document.createElement('iframe');
  frame.style.cssText = `width: ${width}px; height: 900px; border: 0;`;
  frame.src = '/demo/index.html';
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const win = frame.contentWindow as Window & typeof globalThis;
  await win.customElements.whenDefined('stream-chat');
  return frame.contentDocument!;
}

afterEach(() => {
  for (const frame of document.querySelectorAll('iframe')) frame.remove();
});

/** Points the demo at the test backend through its own form, as a user typing an endpoint would. */
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

describe('the demo', () => {
  it('answers match the question: keywords choose the answer, with a general one when none match', () => {
    const [streaming, code, database] = ANSWERS;
    expect(pickAnswer('Which database should I use?')).to.equal(database);
    expect(pickAnswer('Which database should a side project use?')).to.equal(database);
    expect(pickAnswer('Explain how SSE streaming works')).to.equal(streaming);
    expect(pickAnswer('How do I resume a dropped WebSocket?')).to.equal(streaming);
    expect(pickAnswer('Write a debounce helper in TypeScript')).to.equal(code);
    expect(pickAnswer('Why is the sky blue?')).to.equal(GENERAL_ANSWER);
    expect(pickAnswer('')).to.equal(GENERAL_ANSWER);
  });

  it('the backend streams the answer that matches the question', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0` });
    expect((await el.send('Which database should I use?')).content).to.contain('SQLite');
    expect((await el.send('Why is the sky blue?')).content).to.equal(GENERAL_ANSWER);
  });

  it('at 375 px the chat comes first, above the settings and the events', async () => {
    const doc = await demoPage(375);
    const top = (selector: string) => doc.querySelector(selector)!.getBoundingClientRect().top;
    expect(top('stream-chat')).to.be.below(top('#controls'));
    expect(top('#controls')).to.be.below(top('.events'));
    expect(top('stream-chat'), 'the chat is not on the first screen').to.be.below(300);
    // Wide, the three columns stay side by side with the chat in the middle.
    const wide = await demoPage(1300);
    const left = (selector: string) => wide.querySelector(selector)!.getBoundingClientRect().left;
    expect(left('#controls')).to.be.below(left('stream-chat'));
    expect(left('stream-chat')).to.be.below(left('.events'));
  });

  it('Clear conversation resets the stats panel', async () => {
    const doc = await demoPage(1300);
    const el = useEndpoint(doc, `${BACKEND}/api/chat?speed=0`);
    expect((await el.send('hi')).status).to.equal('complete');
    await waitUntil(() => stat(doc, 'streams') === '1', 'the stats did not count the stream');
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
    const doc = await demoPage(1300);
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

// Shared test helpers: a real backend on 127.0.0.1, and ways to watch the element.
import { fixture, html, oneEvent, waitUntil as owcWaitUntil } from '@open-wc/testing';
// @ts-expect-error served by the test runner's backend plugin
import { BACKEND, WS_BACKEND } from '/__backend.js';
import '../src/stream-chat.js';
import type { StreamChat } from '../src/stream-chat.js';
import type { StreamChatEventDetails as StreamChatEventMap } from '../src/events.js';
import { StreamingMarkdown, type RenderOptions } from '../src/render/streaming-markdown.js';

export { BACKEND, WS_BACKEND };

/** One scripted response step: raw chunks (strings, `{b64}`, `{repeat, times}`, `{delay}`, `{destroy}`, `{hang}`). */
export interface ScriptStep {
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  chunks?: (string | { b64?: string; delay?: number; destroy?: true; hang?: true; repeat?: string; times?: number })[];
}

/** Registers a scripted response; returns its URL. `attempts` gives a different step per request. */
export async function script(step: ScriptStep | { attempts: ScriptStep[] }): Promise<{ url: string; id: string }> {
  const response = await fetch(`${BACKEND}/__script`, { method: 'POST', body: JSON.stringify(step) });
  const { id, path } = await response.json();
  return { url: `${BACKEND}${path}`, id };
}

export interface ReceivedRequest {
  headers: Record<string, string>;
  body: string;
  aborted: boolean;
  complete: boolean;
  url?: string;
  /** A WebSocket log: the frames the client sent, and whether it closed. */
  frames?: { type: string; [key: string]: unknown }[];
  closed?: boolean;
}

/** What the backend received for a script (or a `?log=` key). */
export async function received(key: string): Promise<ReceivedRequest[]> {
  return (await fetch(`${BACKEND}/__requests/${encodeURIComponent(key)}`)).json();
}

/** SSE text of events: each `data` (object → JSON), optional id / event. */
export function sse(...events: (unknown | { data: unknown; id?: string | number; event?: string })[]): string {
  return events
    .map((e) => {
      const wrapped = e && typeof e === 'object' && 'data' in (e as object) ? (e as { data: unknown; id?: string; event?: string }) : { data: e };
      const data = typeof wrapped.data === 'string' ? wrapped.data : JSON.stringify(wrapped.data);
      return `${wrapped.id !== undefined ? `id: ${wrapped.id}\n` : ''}${wrapped.event ? `event: ${wrapped.event}\n` : ''}${data
        .split('\n')
        .map((line) => `data: ${line}`)
        .join('\n')}\n\n`;
    })
    .join('');
}

export async function chat(attrs: Partial<Record<string, string>> = {}): Promise<StreamChat> {
  const el = await fixture<StreamChat>(html`<stream-chat></stream-chat>`);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) el.setAttribute(name, value);
  await el.updateComplete;
  return el;
}

/** One recorded event: its type tells its detail's type. */
export type RecordedEvent = { [K in keyof StreamChatEventMap]: { type: K; detail: StreamChatEventMap[K]; event: CustomEvent } }[keyof StreamChatEventMap];

/** Records every event of the contract the element dispatches. */
export function recordEvents(el: HTMLElement) {
  const names: (keyof StreamChatEventMap)[] = ['message-send', 'stream-start', 'stream-chunk', 'stream-complete', 'stream-cancel', 'stream-error', 'connection-change'];
  const events: RecordedEvent[] = [];
  for (const name of names) el.addEventListener(name, (e) => events.push({ type: name, detail: (e as CustomEvent).detail, event: e as CustomEvent } as RecordedEvent));
  return {
    events,
    of: <K extends keyof StreamChatEventMap>(type: K) => events.filter((e) => e.type === type).map((e) => e.detail as StreamChatEventMap[K]),
  };
}

export const shadow = (el: StreamChat) => el.shadowRoot!;
export const $ = (el: StreamChat, selector: string) => el.shadowRoot!.querySelector(selector) as HTMLElement | null;
export const $$ = (el: StreamChat, selector: string) => [...el.shadowRoot!.querySelectorAll(selector)] as HTMLElement[];

/** The rendered content of the last assistant message. */
export function lastAnswer(el: StreamChat): HTMLElement {
  const all = $$(el, '.message.assistant .content');
  return all[all.length - 1];
}

/** Types into the composer and presses Enter, as a user would. */
export async function typeAndEnter(el: StreamChat, text: string): Promise<void> {
  const input = $(el, 'textarea') as HTMLTextAreaElement;
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
}

export { fixture, html, oneEvent };

/** waitUntil with a timeout that tolerates a loaded 2-core machine (it returns as soon as true). */
export const waitUntil = (predicate: () => unknown, message?: string, options: { interval?: number; timeout?: number } = {}) =>
  owcWaitUntil(predicate, message, { timeout: 8000, ...options });

/** The engine this page runs in (the test runner drives Chromium, Firefox and WebKit). */
export const ENGINE: 'chromium' | 'firefox' | 'webkit' = navigator.userAgent.includes('Firefox/')
  ? 'firefox'
  : navigator.userAgent.includes('Chrome/')
    ? 'chromium'
    : 'webkit';

/**
 * How many times longer than in Chromium a long CPU-bound test may take here: marked runs
 * ~10x and DOMPurify ~2x slower in JavaScriptCore than in V8 (measured in WebKitGTK 2.50).
 */
export const SLOWER = { chromium: 1, firefox: 2, webkit: 5 }[ENGINE];

/**
 * `it` for a test that needs a facility only Chromium gives the runner (its DevTools
 * protocol: heap figures, media emulation; `gc()`); in other engines the test is skipped and its
 * title says why. Never for what a user sees: that runs everywhere.
 */
export function chromiumOnly(reason: string): (title: string, fn: () => Promise<void>) => ReturnType<typeof it> {
  return (title, fn) => (ENGINE === 'chromium' ? it(title, fn) : it.skip(`${title} [Chromium only: ${reason}]`, fn));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `onRender` with every text any StreamingMarkdown renders; returns a function that stops it. */
export function watchRenders(onRender: (text: string, options: RenderOptions, where: HTMLElement) => void): () => void {
  const original = StreamingMarkdown.prototype.update;
  StreamingMarkdown.prototype.update = function (this: StreamingMarkdown, text: string, options: RenderOptions) {
    onRender(text, options, this.blockParent);
    return original.call(this, text, options);
  };
  return () => {
    StreamingMarkdown.prototype.update = original;
  };
}

/** The last answer's HTML, its groups' `closed` state left out (set a frame after they fill up: presentation, not content). */
export const answerHtml = (el: StreamChat): string => lastAnswer(el).innerHTML.replaceAll('class="group closed"', 'class="group"');

/** The DOM of `text` rendered in one piece, as a settled answer is. */
export function oneShot(text: string): string {
  const root = document.createElement('div');
  new StreamingMarkdown(root).update(text, { streaming: false });
  return root.innerHTML;
}

/** Streams `chunks` (native SSE deltas) to a new element; returns it, the final message and how many renders had over 1,000 characters. */
export async function streamed(chunks: string[]) {
  const { url } = await script({ chunks: [...chunks.map((delta) => sse({ delta })), sse({ type: 'done' })] });
  let renders = 0;
  const stopWatching = watchRenders((rendered) => rendered.length > 1000 && renders++);
  try {
    const el = await chat({ endpoint: url, format: 'native' });
    const message = await el.send('an answer');
    await el.updateComplete;
    return { el, message, renders };
  } finally {
    stopWatching();
  }
}

/** How much of `el`'s last answer a render of `text` (into `where`) leaves out; 0 for other renders (the idle warm-ups' samples). */
export function leftOut(el: StreamChat, text: string, where: HTMLElement): number {
  const arrived = el.messages.at(-1)?.content ?? '';
  return el.shadowRoot!.querySelector('[part=log]')!.contains(where) && arrived.startsWith(text) ? arrived.length - text.length : 0;
}

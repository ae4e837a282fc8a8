import { onIdle } from '../core/platform.js';
import type { CodeHighlighter } from '../types.js';
import { sanitizeToFragment } from './sanitize.js';

/** Main-thread time highlighting may take per frame while an answer streams. */
const FRAME_MS = 2;
/**
 * Characters each hook highlights per ms (with the sanitizing and the swap of the block's
 * text), measured on every block; a cautious guess until then (highlight.js does
 * 100-1000, by language and device).
 */
const speeds = new WeakMap<CodeHighlighter, number>();

/** A block waiting for its hook: its code element, its length, whether its answer still streams. */
type Waiting = [code: Element, length: number, hook: CodeHighlighter, streaming: () => boolean];

/** Every element's waiting blocks, oldest first. */
const queue: Waiting[] = [];
/** Code elements queued once already: each block is highlighted once. */
const seen = new WeakSet<Element>();
/** Hooks that failed: one console warning each. */
const warned = new WeakSet<CodeHighlighter>();

/**
 * Highlights the code blocks inside `nodes` with `hook`, each once, in idle time. Only
 * blocks that can no longer change come here (committed ones, then the final render's).
 * While their answer streams, an idle period highlights only the blocks that fit in
 * what is left of FRAME_MS since the last frame (a longer one waits for the answer's end);
 * after, at least one per idle period.
 */
export function highlightLater(nodes: Iterable<Node>, hook: CodeHighlighter, streaming: () => boolean): void {
  const idle = !queue.length;
  for (const node of nodes) {
    for (const code of (node as Element).querySelectorAll?.('pre>code') ?? []) {
      if (!seen.has(code)) queue.push([code, code.textContent!.length, hook, streaming]), seen.add(code);
    }
  }
  if (idle && queue.length) later();
}

/**
 * The next idle period; without requestIdleCallback (Safari), a task 20 ms on (onIdle's
 * default fallback, 200 ms, would highlight a tenth as fast): the 2 ms per frame hold either way.
 */
const later = () => onIdle(run, 2000, 20);

/** Highlighting time since the last animation frame (an idle period may not be the frame's only one). */
let used = 0;

/** One idle period's highlighting. */
function run(): void {
  const start = performance.now();
  let ran = false;
  for (let i = 0; i < queue.length; ) {
    const [code, length, hook, streaming] = queue[i];
    const before = performance.now();
    const live = streaming();
    const speed = speeds.get(hook) ?? 50;
    // A block that does not fit waits (a smaller one after it may fit); once its answer ended,
    // one runs per idle period at least. A block no longer shown (its answer removed) is dropped.
    if (code.isConnected && length > (FRAME_MS - (live ? used : 0) - before + start) * speed && (live || ran)) i++;
    else if (queue.splice(i, 1) && code.isConnected) {
      apply(code, hook);
      speeds.set(hook, (speed + length / Math.max(performance.now() - before, 0.05)) / 2);
      ran = true;
    }
  }
  if (!used) requestAnimationFrame(() => (used = 0));
  used += performance.now() - start;
  if (queue.length) later();
}

/**
 * The hook's HTML, sanitized, replaces the block's text if it holds nothing but spans
 * and exactly the code's text; otherwise (an exception, a non-string, anything else) the
 * block stays as it is and the hook gets one console warning.
 */
function apply(code: Element, hook: CodeHighlighter): void {
  const text = code.textContent!;
  // The sanitizer leaves a code element's class `language-…` or none.
  const language = code.className.slice(9);
  let html: unknown;
  try {
    html = hook(text, language);
  } catch (error) {
    html = error;
  }
  const fragment = typeof html == 'string' ? sanitizeToFragment(html) : undefined;
  if (fragment && fragment.textContent === text && !fragment.querySelector(':not(span)')) code.replaceChildren(fragment);
  else if (!warned.has(hook)) {
    warned.add(hook);
    console.warn('<stream-chat>: highlight failed, the code stays plain:', html);
  }
}

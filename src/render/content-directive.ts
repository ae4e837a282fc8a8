import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';
import { StreamingMarkdown, type RenderOptions } from './streaming-markdown.js';
import { onIdle } from '../core/platform.js';

/**
 * Main-thread time one frame may spend rendering new markdown (lex, sanitize, insert),
 * leaving room for layout and the page's own work. A burst (a fast backend, a slow frame,
 * a restored conversation) is shown over several frames instead of in one long task.
 */
const FRAME_BUDGET_MS = 8;
/** First frames, before this device's speed is known: a cold renderer is slowest. */
const FIRST_FRAME_CHARS = 500;
const MIN_FRAME_CHARS = 250;
const MAX_FRAME_CHARS = 4000;
/**
 * Characters of markdown this device renders per ms, measured on frames that rendered a
 * full budget, shared by every answer (the device's speed, not the answer's).
 */
let charsPerMs = 0;

export interface ContentOptions extends RenderOptions {
  /**
   * Whether to spread a burst over frames (default true). A page that is not being drawn
   * (a hidden tab, whose timers run once a second) has no frames to keep smooth.
   */
  paced?: boolean;
  /** Called when text is still waiting to be shown: render again next frame. */
  more?: () => void;
}

/**
 * `<div ${messageContent(text, options)}>`: the element's children belong to a
 * StreamingMarkdown renderer, which updates them incrementally; Lit never touches them.
 */
class MessageContentDirective extends Directive {
  private renderer?: StreamingMarkdown;
  /** How much of the text is on screen. */
  private shown = 0;
  private source = '';

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('messageContent() goes on an element');
  }

  render(_text: string, _options: ContentOptions) {
    return noChange;
  }

  override update(part: ElementPart, [text, { more, paced = true, ...options }]: [string, ContentOptions]) {
    this.renderer ??= new StreamingMarkdown(part.element as HTMLElement);
    if (!text.startsWith(this.source)) this.shown = 0;
    this.source = text;
    // Plain text is appended as it is (no parsing): only markdown is paced.
    // Each update also re-renders the unfinished tail: adding at least as much as the tail
    // keeps the total work linear when one block is huge (a long table, a long list).
    const budget = Math.max(
      charsPerMs ? Math.min(MAX_FRAME_CHARS, Math.max(MIN_FRAME_CHARS, charsPerMs * FRAME_BUDGET_MS)) : FIRST_FRAME_CHARS,
      this.shown ? this.renderer.tailLength : 0,
    );
    let upto = paced && !options.plain ? Math.min(text.length, this.shown + Math.round(budget)) : text.length;
    if (upto < text.length && /[\uD800-\uDBFF]/.test(text.charAt(upto - 1))) upto--; // keep surrogate pairs whole
    const behind = upto < text.length;
    const started = performance.now();
    // Until it has caught up, the answer renders as still streaming, whatever its status.
    this.renderer.update(behind ? text.slice(0, upto) : text, { ...options, streaming: options.streaming || behind });
    // Smoothed, so that one slow frame (a garbage collection) does not stall the rest.
    if (behind) {
      const rate = (upto - this.shown) / Math.max(performance.now() - started, 0.5);
      charsPerMs = charsPerMs ? (charsPerMs + rate) / 2 : rate;
    }
    this.shown = upto;
    if (behind) more?.();
    return noChange;
  }
}

export const messageContent = directive(MessageContentDirective);

const WARM_UP = '# Title\n\nSome **bold**, *em*, `code` and a [link](https://example.com).\n\n- one\n- two\n\n1. first\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nlet x = 1;\n```\n';

/**
 * While the page is idle, streams a sample answer into `container` (hidden, in the
 * widget's own shadow root, so its styles and fonts apply) in a few idle steps, laying
 * it out each time, then removes it. The first real answer then pays neither for
 * compiling marked and DOMPurify nor for cold font and text-shaping caches in the middle
 * of a stream (cold first frames measured 50–150 ms; warm frames stay under ~20 ms).
 */
export function warmUpRenderer(container: HTMLElement): void {
  const renderer = new StreamingMarkdown(container);
  // Streamed in steps, as an answer is: the repair and tail paths run too, and each regular
  // expression runs more than once (V8 compiles one to machine code on its second use).
  const steps = [0.25, 0.5, 0.75, 1, 1].map((part) => WARM_UP.slice(0, Math.round(WARM_UP.length * part)));
  const step = () => {
    const text = steps.shift()!;
    renderer.update(text, { streaming: steps.length > 0 });
    container.getBoundingClientRect(); // lays it out now, while idle
    if (steps.length) onIdle(step);
    else container.remove();
  };
  onIdle(step);
}

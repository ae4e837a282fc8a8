import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';
import type { Pacing } from './pacing.js';
import { Reveal, type RevealMode } from './reveal.js';
import { StreamingMarkdown, hasPrefix, type RenderOptions } from './streaming-markdown.js';
import { onIdle } from '../core/platform.js';

export interface ContentOptions extends RenderOptions {
  /** Spreads a burst over frames; without it, all the text is rendered at once. */
  pacing?: Pacing;
  /** How a streaming answer's text comes onto the screen (see reveal.ts); none: at once. */
  reveal?: RevealMode;
}

/**
 * `<div ${messageContent(text, options)}>`: the element's children belong to a
 * StreamingMarkdown renderer, which updates them incrementally; Lit never touches them.
 */
class MessageContentDirective extends Directive {
  #renderer?: StreamingMarkdown;
  /** How much of the text is on screen. */
  #shown = 0;
  #source = '';
  /** The reveal of an answer first seen streaming (never of one restored or settled). */
  #reveal?: Reveal;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('messageContent() goes on an element');
  }

  render(_text: string, _options: ContentOptions) {
    return noChange;
  }

  override update(part: ElementPart, [text, { pacing, reveal, ...options }]: [string, ContentOptions]) {
    const root = part.element as HTMLElement;
    this.#renderer ??= new StreamingMarkdown(root);
    if (!hasPrefix(text, this.#source)) (this.#shown = 0), (this.#reveal = undefined);
    this.#source = text;
    // Plain text is appended as it is (no parsing): only markdown is paced.
    const paced = pacing?.paced && !options.plain;
    let upto = text.length;
    if (paced) {
      // Once some of it is shown, more of an answer comes only on the pacer's turn.
      const added = !this.#shown ? pacing.budget(0) : pacing.turn ? pacing.budget(this.#renderer.tailLength) : 0;
      upto = Math.min(text.length, this.#shown + added);
    }
    if ((reveal === 'fade' || reveal === 'typewriter') && (this.#reveal || options.streaming)) {
      upto = Math.min(upto, (this.#reveal ??= new Reveal()).upto(text.length, !options.streaming, Boolean(options.unfinished)));
    } else this.#reveal = undefined;
    if (upto < text.length && /[\uD800-\uDBFF]/.test(text.charAt(upto - 1))) upto--; // keep surrogate pairs whole
    const behind = upto < text.length;
    // Until it has caught up, the answer renders as still streaming, whatever its status.
    this.#renderer.update(behind ? text.slice(0, upto) : text, { ...options, streaming: options.streaming || behind });
    if (reveal === 'fade') this.#reveal?.fade(this.#renderer.blockParent);
    if (behind && pacing) {
      // A frame the reveal held back says nothing of the renderer's speed.
      if (!this.#reveal && upto > this.#shown) pacing.rendered(upto - this.#shown);
      pacing.more();
    }
    this.#shown = upto;
    return noChange;
  }
}

export const messageContent = directive(MessageContentDirective);

const WARM_UP = '# Title\n\nSome **bold**, *em*, `code` and a [link](https://example.com).\n\n- one\n- two\n\n1. first\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nlet x = 1;\n```\n';
/**
 * The sample twice: as one-byte (Latin-1) text and with a dash beyond Latin-1. V8 compiles
 * each regular expression apart for one-byte and two-byte strings, and one such character
 * (a dash, a curly quote, an emoji: most answers have one) makes the whole answer two-byte.
 * Warmed with one-byte text only, the first 500-character render of such an answer took
 * 25–33 ms; warmed with both, 11–13 ms.
 */
const WARM_UP_SAMPLES = [WARM_UP, WARM_UP.replace(', *em*', ' — *em*')];

/**
 * While the page is idle, streams a sample answer into a hidden container in `root` (the
 * widget's own shadow root, so its styles and fonts apply) in a few idle steps, laying
 * it out each time, then removes it. The first real answer then pays neither for
 * compiling marked and DOMPurify nor for cold font and text-shaping caches in the middle
 * of a stream (cold first frames measured 50–150 ms; warm frames stay under ~20 ms).
 */
export function warmUpRenderer(root: ParentNode): void {
  const container = document.createElement('div');
  container.className = 'content warm-up';
  container.setAttribute('aria-hidden', 'true');
  root.append(container);
  const renderer = new StreamingMarkdown(container);
  // Streamed in steps, as an answer is: the repair and tail paths run too, and each regular
  // expression runs more than once (V8 compiles one to machine code on its second use).
  const parts = [0.25, 0.5, 0.75, 1, 1];
  const steps = WARM_UP_SAMPLES.flatMap((sample) => parts.map((part, i) => ({ text: sample.slice(0, Math.round(sample.length * part)), final: i === parts.length - 1 })));
  const step = () => {
    const { text, final } = steps.shift()!;
    renderer.update(text, { streaming: !final });
    container.getBoundingClientRect(); // lays it out now, while idle
    if (steps.length) onIdle(step);
    else container.remove();
  };
  onIdle(step);
}

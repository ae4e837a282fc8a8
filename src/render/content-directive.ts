import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';
import { StreamingMarkdown, type RenderOptions } from './streaming-markdown.js';

/**
 * Most new characters rendered in one frame. A burst (a fast backend, a slow frame, a
 * restored conversation) is shown over several frames instead of in one long task:
 * ~3,000 characters of markdown lex, sanitize and lay out in a few ms.
 */
export const CHARS_PER_FRAME = 3000;
const FIRST_FRAME_CHARS = 750;

export interface ContentOptions extends RenderOptions {
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
  /** Renders so far: the budget ramps up from FIRST_FRAME_CHARS. */
  private frames = 0;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('messageContent() goes on an element');
  }

  render(_text: string, _options: ContentOptions) {
    return noChange;
  }

  override update(part: ElementPart, [text, { more, ...options }]: [string, ContentOptions]) {
    this.renderer ??= new StreamingMarkdown(part.element as HTMLElement);
    if (!text.startsWith(this.source)) this.shown = 0;
    this.source = text;
    // Plain text is appended as it is (no parsing): only markdown is paced.
    // The first frames of an answer show less: a cold layout of the first text costs most.
    const budget = Math.min(CHARS_PER_FRAME, FIRST_FRAME_CHARS * 2 ** this.frames++);
    let upto = options.plain ? text.length : Math.min(text.length, this.shown + budget);
    if (upto < text.length && /[\uD800-\uDBFF]/.test(text.charAt(upto - 1))) upto--; // keep surrogate pairs whole
    const behind = upto < text.length;
    // Until it has caught up, the answer renders as still streaming, whatever its status.
    this.renderer.update(behind ? text.slice(0, upto) : text, { ...options, streaming: options.streaming || behind });
    this.shown = upto;
    if (behind) more?.();
    return noChange;
  }
}

export const messageContent = directive(MessageContentDirective);

const WARM_UP = '# Title\n\nSome **bold**, *em*, `code` and a [link](https://example.com).\n\n- one\n- two\n\n1. first\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nlet x = 1;\n```\n';

/**
 * While the page is idle, renders a sample answer once into `container` (hidden, in the
 * widget's own shadow root, so its styles and fonts apply) and lays it out, then removes
 * it. The first real answer then pays neither for compiling marked and DOMPurify nor for
 * cold font and text-shaping caches in the middle of a stream (a cold first frame
 * measured 50–150 ms; warm frames stay under ~20 ms).
 */
export function warmUpRenderer(container: HTMLElement): void {
  const run = () => {
    new StreamingMarkdown(container).update(WARM_UP, { streaming: false });
    container.getBoundingClientRect(); // lays it out now, while idle
    container.remove();
  };
  if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}

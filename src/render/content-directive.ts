import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';
import { StreamingMarkdown, type RenderOptions } from './streaming-markdown.js';

/**
 * `<div ${messageContent(text, options)}>`: the element's children belong to a
 * StreamingMarkdown renderer, which updates them incrementally; Lit never touches them.
 */
class MessageContentDirective extends Directive {
  private renderer?: StreamingMarkdown;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('messageContent() goes on an element');
  }

  render(_text: string, _options: RenderOptions) {
    return noChange;
  }

  override update(part: ElementPart, [text, options]: [string, RenderOptions]) {
    this.renderer ??= new StreamingMarkdown(part.element as HTMLElement);
    this.renderer.update(text, options);
    return noChange;
  }
}

export const messageContent = directive(MessageContentDirective);

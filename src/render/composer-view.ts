import { html } from 'lit';
import type { ChatStrings } from '../types.js';
import { SEND, STOP, icon } from './icons.js';

/** What the composer needs from the element. */
export interface ComposerContext {
  strings: ChatStrings;
  placeholder: string;
  /** An answer is streaming: Stop instead of Send. */
  busy: boolean;
  /** Sends the text; resolves or rejects as the element's `send`. */
  send(text: string): Promise<unknown>;
  stop(): void;
  /** Read after a send: whether it was accepted (an answer streams now). */
  isBusy(): boolean;
  /** Enter was pressed while an answer streams: nothing is sent, the element says why. */
  refused(): void;
}

/**
 * The form under the conversation, one rounded field: the growing textarea and an icon
 * button, Send, or Stop while an answer streams. Enter sends, Shift+Enter is a new line.
 */
export function composerView(ctx: ComposerContext) {
  const t = ctx.strings;
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit(event.target as HTMLTextAreaElement, ctx);
    }
  };
  const onSubmit = (event: Event) => {
    event.preventDefault();
    submit((event.target as HTMLFormElement).querySelector('textarea'), ctx);
  };
  return html`<form part="composer" class="composer" @submit=${onSubmit}>
    <textarea part="input" rows="1" dir="auto" aria-label=${t.inputLabel}
      placeholder=${ctx.placeholder} @keydown=${onKeydown}></textarea>
    ${ctx.busy
      ? html`<button part="stop-button" class="stop" type="button" aria-label=${t.stop} title=${t.stop} @click=${() => ctx.stop()}>${icon(STOP)}</button>`
      : html`<button part="send-button" class="send" type="submit" aria-label=${t.send} title=${t.send}>${icon(SEND)}</button>`}
  </form>`;
}

/**
 * Sends the composer's text; it is cleared only once the send was accepted. While an
 * answer streams, the text stays, the element says why, and the Stop button pulses.
 */
function submit(input: HTMLTextAreaElement | null, ctx: ComposerContext): void {
  if (!input || !input.value.trim()) return;
  if (ctx.isBusy()) {
    ctx.refused();
    if (!matchMedia('(prefers-reduced-motion: reduce)').matches) {
      input.form?.querySelector('.stop')?.animate({ scale: [1, 1.12, 1] }, { duration: 400, easing: 'ease-in-out' });
    }
    return;
  }
  const pending = ctx.send(input.value);
  // A send that was accepted has started streaming by now; a refused one keeps the text.
  if (ctx.isBusy()) input.value = '';
  pending.catch(() => {});
  input.focus();
}

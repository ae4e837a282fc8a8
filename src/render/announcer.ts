import type { ChatMessage, ChatStrings } from '../types.js';

/**
 * What the polite live region says: "Responding…", then the finished answer once, as the
 * reader sees it (rendered text, not markdown). A failure is left to the error line's own
 * alert, so it is not announced twice.
 */
export class Announcer {
  announcement = '';

  constructor(private readonly host: AnnouncerHost) {}

  /** Announces `pending` (a send or regenerate) and passes its result on. */
  async follow(pending: Promise<ChatMessage>, strings: () => ChatStrings): Promise<ChatMessage> {
    this.#say(strings().responding);
    try {
      const message = await pending;
      await this.host.updateComplete;
      const t = strings();
      this.#say(
        message.status === 'complete' ? `${t.responseComplete} ${clipWords(this.#renderedText(message.id, 500), 500)}`
        : message.status === 'cancelled' ? t.responseStopped
        : '',
      );
      return message;
    } catch (error) {
      this.#say('');
      throw error;
    }
  }

  #say(text: string): void {
    this.announcement = text;
    this.host.requestUpdate();
  }

  /**
   * The answer's start as the reader sees it (whitespace collapsed), without the code
   * blocks' language names and Copy code buttons: a little over `max` characters of it, read
   * node by node (a copy of a long answer's DOM was one task of tens of ms at its end).
   */
  #renderedText(id: string, max: number): string {
    const content = this.host.renderRoot.querySelector(`.message[data-id="${CSS.escape(id)}"] [part=content]`);
    let text = '';
    if (!content) return text;
    // Elements and text (SHOW_ELEMENT | SHOW_TEXT); a button or label is skipped with its subtree (FILTER_REJECT).
    const walker = document.createTreeWalker(content, 5, (node) => ((node as Element).matches?.('.copy-code,.code-label') ? 2 : 1));
    // Past max + 1 characters, trimming the end can no longer make it look complete.
    for (let node = walker.nextNode(); node && text.length <= max + 1; node = walker.nextNode()) {
      if (node instanceof Text) text = (text + node.data).replace(/\s+/g, ' ').trimStart();
    }
    return text.trimEnd();
  }
}

/** The element: re-rendered with the new announcement, read once rendered. */
interface AnnouncerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly updateComplete: Promise<boolean>;
  requestUpdate(): void;
}

/**
 * `text` cut at a word boundary near `max` characters, as a copy: a slice would keep the
 * whole answer's text alive as long as the announcement.
 */
function clipWords(text: string, max: number): string {
  const cut = text.slice(0, max);
  return (text.length <= max ? cut : `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.8))}…`).split('').join('');
}

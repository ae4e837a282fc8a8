import type { ChatStrings } from '../types.js';
import { CHECK, COPY, labelButton } from './icons.js';

/** How long a Copy button says "Copied" (ms). */
export const COPIED_MS = 1500;

/** Writes `text` to the clipboard; false where the page does not allow it. */
export async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A click on a "Copy code" button of a rendered answer copies its code and says "Copied" for a moment. */
export function onCopyCodeClick(event: Event, t: ChatStrings, copy: (text: string, done: () => void) => Promise<void>): void {
  const button = (event.target as Element).closest?.<HTMLElement>('button.copy-code');
  const code = button?.parentElement?.querySelector('pre > code');
  if (!button || !code) return;
  void copy(code.textContent ?? '', () => {
    labelButton(button, t.copied, CHECK);
    setTimeout(() => labelButton(button, t.copyCode, COPY), COPIED_MS);
  });
}

import { html, render } from 'lit';

/**
 * The widget's icons: one stroked path each on a 24-unit grid (the stroke is styled in
 * CSS), inline so that nothing is fetched and no icon font is needed. An icon is
 * decorative: the button around it carries the name (its `aria-label`, from `strings`).
 */
export const COPY = 'M9 9h11v11H9zM4 15V4h11';
export const CHECK = 'M5 12l5 5L20 7';
export const REFRESH = 'M21 12a9 9 0 1 1-2.6-6.4L21 8M21 3v5h-5';
export const SEND = 'M12 19V5m-7 7 7-7 7 7';
export const STOP = 'M7 7h10v10H7z';
export const DOWN = 'M12 5v14m-7-7 7 7 7-7';

/** An icon in a Lit template. */
export const icon = (d: string) => html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d=${d}></path></svg>`;

/**
 * Names (`aria-label`), tooltips (`title`) and draws an icon button built outside Lit's
 * templates: a code block's Copy code, which turns into "Copied" and a check for a moment.
 */
export function labelButton(button: HTMLElement, name: string, d: string): void {
  button.setAttribute('aria-label', name);
  button.title = name;
  render(icon(d), button);
}

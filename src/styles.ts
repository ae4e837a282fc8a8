import { css } from 'lit';

/** The dark palette, for theme="dark" and for theme="auto" under a dark colour scheme. */
const dark = css`
  color-scheme: dark;
  --_bg: var(--stream-chat-bg, #0d1117);
  --_fg: var(--stream-chat-fg, #e6edf3);
  --_muted: var(--stream-chat-muted, #9198a1);
  --_border: var(--stream-chat-border, #3d444d);
  --_input-border: var(--stream-chat-input-border, #6e7681);
  --_accent: var(--stream-chat-accent, #1f6feb);
  --_user-bg: var(--stream-chat-user-bg, #1f6feb);
  --_assistant-bg: var(--stream-chat-assistant-bg, #161b22);
  --_code-bg: var(--stream-chat-code-bg, #1f2428);
  --_error: var(--stream-chat-error, #ff7b72);
  --_error-bg: var(--stream-chat-error-bg, #2d1416);
  --_focus: var(--stream-chat-focus, #4493f8);
`;

export const styles = css`
  :host {
    /* Light palette (WCAG AA on its own background). */
    --_bg: var(--stream-chat-bg, #ffffff);
    --_fg: var(--stream-chat-fg, #1f2328);
    --_muted: var(--stream-chat-muted, #57606a);
    --_border: var(--stream-chat-border, #d0d7de);
    /* Borders that identify a control need 3:1 against the background (WCAG 1.4.11). */
    --_input-border: var(--stream-chat-input-border, #818b98);
    --_accent: var(--stream-chat-accent, #0969da);
    --_accent-fg: var(--stream-chat-accent-fg, #ffffff);
    --_user-bg: var(--stream-chat-user-bg, #0969da);
    --_user-fg: var(--stream-chat-user-fg, #ffffff);
    --_assistant-bg: var(--stream-chat-assistant-bg, #f6f8fa);
    --_assistant-fg: var(--stream-chat-assistant-fg, var(--_fg));
    --_code-bg: var(--stream-chat-code-bg, #eff2f5);
    --_error: var(--stream-chat-error, #cf222e);
    --_error-bg: var(--stream-chat-error-bg, #ffebe9);
    --_focus: var(--stream-chat-focus, #0969da);
    --_radius: var(--stream-chat-radius, 12px);
    --_gap: var(--stream-chat-spacing, 12px);

    display: flex;
    flex-direction: column;
    /* The containing block of the "jump to latest" button. */
    position: relative;
    box-sizing: border-box;
    height: var(--stream-chat-height, 560px);
    max-width: var(--stream-chat-max-width, 100%);
    font-family: var(--stream-chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--stream-chat-font-size, 15px);
    line-height: 1.5;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    color-scheme: light;
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }

  .log {
    position: relative;
    flex: 1 1 auto;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_gap);
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  .empty {
    margin: auto;
    color: var(--_muted);
    text-align: center;
  }
  .message {
    max-width: 85%;
    padding: calc(var(--_gap) * 0.75) var(--_gap);
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }
  .message {
    content-visibility: auto;
    contain-intrinsic-size: auto 80px;
  }
  .message.user {
    /* At the inline end: the right, or the left in a right-to-left page. */
    align-self: end;
    background: var(--_user-bg);
    color: var(--_user-fg);
  }
  .message.assistant {
    align-self: start;
    background: var(--_assistant-bg);
    color: var(--_assistant-fg);
  }
  /* The renderer's idle warm-up sample: laid out, never seen. */
  .warm-up {
    position: absolute;
    visibility: hidden;
    pointer-events: none;
    width: 400px;
  }
  .content > :first-child {
    margin-top: 0;
  }
  .content > :last-child {
    margin-bottom: 0;
  }
  /* What the user typed, line breaks included (the bubble itself holds template whitespace). */
  .message.user .content,
  .content.plain {
    white-space: pre-wrap;
  }
  .content a {
    color: inherit;
    text-decoration: underline;
  }
  .content code {
    font-family: var(--stream-chat-mono-font, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    font-size: 0.9em;
    background: var(--_code-bg);
    padding: 0.1em 0.3em;
    border-radius: 4px;
  }
  .content pre {
    background: var(--_code-bg);
    padding: calc(var(--_gap) * 0.75);
    border-radius: calc(var(--_radius) / 2);
    /* Wrapped, not scrolled: a scrolling block would need a keyboard tab stop of its own. */
    white-space: pre-wrap;
    /* Code reads left to right, also inside a right-to-left answer. */
    direction: ltr;
  }
  .code-block {
    position: relative;
  }
  .code-block pre {
    padding-top: 2.2em;
  }
  .copy-code {
    position: absolute;
    top: 6px;
    inset-inline-end: 6px;
    font-size: 0.8em;
  }
  /* The fence's language, at the other end of the header from "Copy code". */
  .code-label {
    position: absolute;
    top: 8px;
    inset-inline-start: 10px;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .content pre code {
    padding: 0;
    background: none;
  }
  /* Tables fit the bubble and wrap their cells: a scrolling table would be a scroll
     region that keyboard users cannot reach. */
  .content table {
    border-collapse: collapse;
    max-width: 100%;
    overflow-wrap: anywhere;
  }
  .content th,
  .content td {
    border: 1px solid var(--_border);
    padding: 0.3em 0.6em;
  }
  .content blockquote {
    margin-inline: 0;
    padding-inline-start: var(--_gap);
    border-inline-start: 3px solid var(--_border);
    color: var(--_muted);
  }
  .content img {
    max-width: 100%;
  }
  .cursor {
    display: inline-block;
    width: 0.5em;
    height: 1.1em;
    margin-inline-start: 1px;
    vertical-align: text-bottom;
    background: currentColor;
    animation: blink 1s steps(1) infinite;
  }
  @keyframes blink {
    50% {
      opacity: 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .cursor {
      animation: none;
    }
  }
  .error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    margin-top: 8px;
    padding: 6px 10px;
    border-radius: calc(var(--_radius) / 2);
    color: var(--_error);
    background: var(--_error-bg);
    font-size: 0.9em;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 10px;
    margin-top: 6px;
    font-size: 0.8em;
    color: var(--_muted);
  }
  :host([hide-metadata]) .meta-info {
    display: none;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .action,
  .copy-code {
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_fg);
    border-radius: 6px;
    padding: 1px 8px;
  }
  .action {
    font-size: 0.95em;
  }
  button:focus-visible,
  textarea:focus-visible,
  .content a:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .log:focus-visible {
    /* Inside its own edge: the host clips anything drawn outside the log. */
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  .jump {
    position: absolute;
    left: 50%;
    translate: -50%;
    bottom: 84px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    color: var(--_fg);
    padding: 4px 12px;
    box-shadow: 0 2px 8px rgb(0 0 0 / 15%);
  }
  .status {
    padding: 4px var(--_gap);
    font-size: 0.85em;
    color: var(--_muted);
  }
  .status:empty,
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .notice {
    margin: 0 var(--_gap);
  }
  .composer {
    display: flex;
    gap: 8px;
    align-items: flex-end;
    padding: var(--_gap);
    border-top: 1px solid var(--_border);
  }
  textarea {
    flex: 1;
    resize: none;
    box-sizing: border-box;
    min-height: 2.6em;
    max-height: 10em;
    padding: 8px 10px;
    font: inherit;
    /* Under 16px, iOS Safari zooms the page when the field is focused. */
    font-size: max(1em, 16px);
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_input-border);
    border-radius: calc(var(--_radius) / 1.5);
    /* Grows with its text; where unsupported, ComposerSizeController sets the height. */
    field-sizing: content;
  }
  textarea::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  .send,
  .stop {
    border: none;
    border-radius: calc(var(--_radius) / 1.5);
    padding: 8px 16px;
    min-height: 2.6em;
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .stop {
    background: var(--_fg);
    color: var(--_bg);
  }
  @media (forced-colors: active) {
    /* System colours replace backgrounds: borderless buttons and the cursor need their own ink. */
    .send,
    .stop {
      border: 1px solid ButtonText;
    }
    .cursor {
      background: CanvasText;
    }
  }
`;

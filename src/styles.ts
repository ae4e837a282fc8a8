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
  --_surface: #262c36;
  --_bubble: #161b22;
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
    /* A raised surface (questions, hovered buttons) and the answers' bubble in layout="bubbles". */
    --_surface: #eff2f5;
    --_bubble: #f6f8fa;
    --_code-bg: var(--stream-chat-code-bg, #eff2f5);
    --_error: var(--stream-chat-error, #cf222e);
    --_error-bg: var(--stream-chat-error-bg, #ffebe9);
    --_focus: var(--stream-chat-focus, #0969da);
    /* layout="document": questions in a quiet bubble, answers on the page itself. */
    --_user-bg: var(--stream-chat-user-bg, var(--_surface));
    --_user-fg: var(--stream-chat-user-fg, var(--_fg));
    --_assistant-bg: var(--stream-chat-assistant-bg, none);
    --_assistant-fg: var(--stream-chat-assistant-fg, var(--_fg));
    /* Scales. Step 3 of the spacing is the older spacing unit; the radii derive from the older radius. */
    --_gap: var(--stream-chat-space-3, var(--stream-chat-spacing, 12px));
    --_s1: var(--stream-chat-space-1, 4px);
    --_s2: var(--stream-chat-space-2, 8px);
    --_s4: var(--stream-chat-space-4, 24px);
    --_radius: var(--stream-chat-radius, 12px);
    --_radius-sm: var(--stream-chat-radius-sm, calc(var(--_radius) / 2));
    --_radius-lg: var(--stream-chat-radius-lg, calc(var(--_radius) * 1.5));
    --_small: var(--stream-chat-font-size-sm, 0.85em);
    --_large: var(--stream-chat-font-size-lg, 1.25em);
    --_avatar: var(--stream-chat-avatar-size, 28px);
    /* The conversation and the composer keep a readable column, centred in a wide widget. */
    --_inset: max(var(--_gap), (100% - var(--stream-chat-column-width, 48rem)) / 2);
    /* Send and Stop: a finger's size on a touch screen. */
    --_send: 36px;

    display: flex;
    flex-direction: column;
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
  :host([layout='bubbles']) {
    --_user-bg: var(--stream-chat-user-bg, var(--_accent));
    --_user-fg: var(--stream-chat-user-fg, var(--_accent-fg));
    --_assistant-bg: var(--stream-chat-assistant-bg, var(--_bubble));
  }
  @media (pointer: coarse) {
    :host {
      --_send: 44px;
    }
  }

  .log {
    position: relative;
    flex: 1 1 auto;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_gap) var(--_inset);
    display: flex;
    flex-direction: column;
    gap: var(--_s4);
  }
  .empty {
    margin: auto;
    color: var(--_muted);
    text-align: center;
  }
  .message {
    max-width: 85%;
    padding: var(--_s2) var(--_gap);
    border-radius: var(--_radius-lg);
    overflow-wrap: anywhere;
    content-visibility: auto;
    contain-intrinsic-size: auto 80px;
  }
  /* The latest message (the last, or the one before the scroll="top" spacer) is always
     rendered: the log's ResizeObserver watches it, and a placeholder that took its real
     size in the rendering step of the pin that brought it into view made Firefox report
     "ResizeObserver loop completed with undelivered notifications" to the page. The
     containment content-visibility: auto gives is kept (without it a 200 KB answer took
     WebKit up to 3x as long). */
  .message:nth-last-child(-n + 2) {
    content-visibility: visible;
    contain: layout style paint;
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
  /* layout="document" (or a misspelled layout): the answer reads across the column. Its
     thin padding keeps glyphs that overhang the text's edge from being clipped (content-
     visibility clips to the box); the room at its end is the streaming cursor's, which
     takes none of the line's own. */
  :host(:not([layout='bubbles'])) .assistant {
    align-self: stretch;
    max-width: none;
    padding-block: 2px;
    padding-inline: 0.25em 0.75em;
  }
  /* An avatar hangs beside its message, in a margin kept for it; such a message is always
     rendered (content-visibility would clip the avatar to the message's box). */
  .message:has(> .avatar) {
    position: relative;
    margin-inline-start: calc(var(--_avatar) + var(--_s2));
    content-visibility: visible;
  }
  .avatar {
    position: absolute;
    top: 0;
    inset-inline-end: calc(100% + var(--_s2));
    width: var(--_avatar);
    height: var(--_avatar);
    border-radius: 50%;
    overflow: hidden;
  }
  .user:has(> .avatar) {
    margin-inline: 0 calc(var(--_avatar) + var(--_s2));
  }
  .user .avatar {
    inset-inline: calc(100% + var(--_s2)) auto;
  }
  .avatar > * {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  /* The renderer's idle warm-up sample: laid out, never seen. */
  .warm-up {
    position: absolute;
    visibility: hidden;
    pointer-events: none;
    width: 400px;
  }
  .content > :first-child,
  .content > .group > :first-child {
    margin-top: 0;
  }
  .content > :last-child,
  .content > .group > :last-child {
    margin-bottom: 0;
  }
  /* A closed group (a full one, once a frame laid it out whole) is skipped by the browser
     while it is off screen: no layout, pre-paint or paint of what scrolled away (a frame
     late in a 200 KB answer spent 5–9 ms in pre-paint), and it keeps the size it was
     rendered at. Its containment keeps its blocks' margins inside it, so a group's edges
     have none, open or closed (the rules above), and it is 1em below what precedes it:
     closing moves nothing, and the class restyles the group alone (rules on the children
     of .closed restyled its whole subtree, ~400 elements, 1.7 ms a group). Its inline
     padding keeps glyphs that overhang the text's edge from being clipped. */
  .content > .group {
    margin-top: 1em;
    contain-intrinsic-size: auto 2000px;
  }
  .content > .group.closed {
    content-visibility: auto;
    margin-inline: -0.25em;
    padding-inline: 0.25em;
  }
  /* Headings sized for a chat, not a page. */
  .content :is(h1, h2) {
    font-size: var(--_large);
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
    padding: var(--_gap);
    border-radius: var(--_radius-sm);
    /* Wrapped, not scrolled: a scrolling block would need a keyboard tab stop of its own. */
    white-space: pre-wrap;
    /* Tabs (Go, Makefiles) four wide, not the browser's eight. */
    tab-size: 4;
    /* Code reads left to right, also inside a right-to-left answer. */
    direction: ltr;
  }
  .code-block {
    position: relative;
  }
  .code-block pre {
    padding-top: 2.6em;
  }
  .copy-code {
    position: absolute;
    top: 4px;
    inset-inline-end: 4px;
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
  /* A dot after the last word that takes no room on its line (an empty inline, the dot
     laid over what follows): its coming and going never rewraps the text. Its margins
     (which add up to nothing) make a line of it after a code block's last newline. */
  .cursor {
    position: relative;
    margin-inline: 1px -1px;
    background: currentColor;
    animation: blink 1s ease-in-out infinite;
  }
  .cursor::before {
    content: '';
    position: absolute;
    bottom: 0.25em;
    inset-inline-start: 0.2em;
    width: 0.55em;
    height: 0.55em;
    border-radius: 50%;
    background: inherit;
  }
  @keyframes blink {
    50% {
      opacity: 0.25;
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
    gap: var(--_s2);
    margin-top: var(--_s2);
    padding: var(--_s1);
    padding-inline-start: var(--_gap);
    border-radius: var(--_radius-sm);
    color: var(--_error);
    background: var(--_error-bg);
    font-size: var(--_small);
  }
  /* One line of fixed height, there from the first token on: the actions and metadata
     that fill it at the end move nothing. */
  .meta {
    display: flex;
    align-items: center;
    gap: var(--_s2);
    min-height: max(28px, 1.5em);
    margin-top: var(--_s1);
    font-size: var(--_small);
    color: var(--_muted);
  }
  .meta-info {
    min-width: 0;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
  :host([hide-metadata]) .meta-info {
    display: none;
  }
  .actions {
    display: flex;
    gap: 2px;
    /* Its buttons meet the answer's text edge. */
    margin-inline-start: -4px;
  }
  button {
    box-sizing: border-box;
    font: inherit;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--_s1);
    padding: 0;
    border: 0;
    border-radius: var(--_radius-sm);
    color: inherit;
    background: none;
  }
  button svg {
    width: 18px;
    height: 18px;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .icon,
  .copy-code {
    width: 28px;
    height: 28px;
    color: var(--_muted);
  }
  .icon:hover,
  .copy-code:hover {
    color: var(--_fg);
    background: var(--_surface);
  }
  .action {
    min-height: 28px;
    padding-inline: 6px 10px;
    color: var(--_fg);
    background: var(--_bg);
  }
  button:focus-visible,
  .content a:focus-visible,
  .composer:has(textarea:focus-visible) {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .log:focus-visible {
    /* Inside its own edge: the host clips anything drawn outside the log. */
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  /* Over the foot of the log, whatever the composer's height: its margins give back the
     room it takes, so the log keeps its size when it comes and goes. */
  .jump {
    position: relative;
    flex: none;
    align-self: center;
    width: 32px;
    height: 32px;
    margin: -44px 0 12px;
    border: 1px solid var(--_border);
    border-radius: 50%;
    color: var(--_fg);
    background: var(--_bg);
    box-shadow: 0 2px 8px rgb(0 0 0 / 15%);
  }
  .status {
    padding: 4px var(--_inset);
    font-size: var(--_small);
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
    margin: 0 var(--_inset) var(--_s2);
  }
  /* One rounded field: the textarea and the Send / Stop button inside it. */
  .composer {
    display: flex;
    align-items: flex-end;
    gap: var(--_s1);
    margin: 0 var(--_inset) var(--_gap);
    padding: var(--_s1);
    border: 1px solid var(--_input-border);
    border-radius: var(--_radius-lg);
    background: var(--_bg);
  }
  textarea {
    flex: 1;
    resize: none;
    box-sizing: border-box;
    max-height: 10em;
    /* One line of text as tall as the button beside it. */
    padding: calc((var(--_send) - 1.5em) / 2) var(--_s2);
    font: inherit;
    /* Under 16px, iOS Safari zooms the page when the field is focused. */
    font-size: max(1em, 16px);
    color: var(--_fg);
    background: none;
    border: 0;
    outline: 0;
    /* Grows with its text; where unsupported, ComposerSizeController sets the height. */
    field-sizing: content;
  }
  textarea::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  .send,
  .stop {
    flex: none;
    width: var(--_send);
    height: var(--_send);
    border-radius: 50%;
    color: var(--_accent-fg);
    background: var(--_accent);
  }
  .stop {
    color: var(--_bg);
    background: var(--_fg);
  }
  .stop path {
    fill: currentColor;
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

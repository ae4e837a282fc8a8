/**
 * `stream-chat-element/highlight`: a ready code highlighter for `<stream-chat>` (its
 * `highlight` property), highlight.js's core with the languages AI answers use most, and
 * token styles for the light and dark themes:
 *
 *   import { highlight } from 'stream-chat-element/highlight';
 *   document.querySelector('stream-chat').highlight = highlight;
 *
 * Built apart from the widget (dist/highlight.js, its own size budget): a page that does
 * not import it pays nothing.
 */
import type { HLJSApi, LanguageFn } from 'highlight.js';
import core from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import diff from 'highlight.js/lib/languages/diff';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const hljs = core as HLJSApi;

// TypeScript's grammar reads JavaScript too: one grammar for both keeps the add-on small.
const LANGUAGES: [string, LanguageFn, string[]][] = [
  ['typescript', typescript, ['javascript', 'js', 'jsx', 'mjs', 'cjs', 'node']],
  ['python', python, []],
  ['bash', bash, ['shell', 'console', 'shellsession', 'sh-session']],
  ['json', json, ['jsonl']],
  ['xml', xml, []],
  ['yaml', yaml, []],
  ['diff', diff, []],
];
for (const [name, language, aliases] of LANGUAGES) {
  hljs.registerLanguage(name, language);
  hljs.registerAliases(aliases, { languageName: name });
}

/**
 * A grammar is compiled on its first use, which takes several ms: each is compiled while
 * the page is idle, one per idle period, so that the first block of each language costs
 * no more than the next (the widget highlights while an answer streams in 2 ms per frame).
 */
const compile = (names: string[]) =>
  names.length && (globalThis.requestIdleCallback ?? setTimeout)(() => (hljs.highlight('', { language: names[0] }), compile(names.slice(1))));
compile(LANGUAGES.map(([name]) => name));

const escapeHtml = (text: string) => text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

/**
 * Highlights `code` as `language` (a name or alias, any case): HTML of `<span class="hljs-…">`
 * tokens. A language it does not know (or none) gives the code as plain text.
 */
export function highlight(code: string, language: string): string {
  return hljs.getLanguage(language) ? hljs.highlight(code, { language, ignoreIllegals: true }).value : escapeHtml(code);
}

/**
 * Adds a highlight.js language definition under `name`, with the aliases it declares, to
 * the ones built in (TypeScript/JavaScript, Python, Bash/shell, JSON, HTML/XML, YAML, diff):
 * `import go from 'highlight.js/lib/languages/go'; registerLanguage('go', go);`.
 */
export function registerLanguage(name: string, language: (hljs: never) => object): void {
  hljs.registerLanguage(name, language as LanguageFn);
}

/** Marks CSS for the build, which minifies it (as in the widget's Lit styles). */
const css = String.raw;

/** Colour roles of the tokens (each a custom property a page may set), light then dark. */
const light = css`
  --_hl-keyword: var(--stream-chat-code-keyword, #b31d28);
  --_hl-title: var(--stream-chat-code-title, #6639ba);
  --_hl-constant: var(--stream-chat-code-constant, #0550ae);
  --_hl-string: var(--stream-chat-code-string, #0a3069);
  --_hl-builtin: var(--stream-chat-code-builtin, #953800);
  --_hl-comment: var(--stream-chat-code-comment, #57606a);
  --_hl-tag: var(--stream-chat-code-tag, #116329);
  --_hl-added: #dafbe1;
  --_hl-removed: #ffebe9;
`;
const dark = css`
  --_hl-keyword: var(--stream-chat-code-keyword, #ff7b72);
  --_hl-title: var(--stream-chat-code-title, #d2a8ff);
  --_hl-constant: var(--stream-chat-code-constant, #79c0ff);
  --_hl-string: var(--stream-chat-code-string, #a5d6ff);
  --_hl-builtin: var(--stream-chat-code-builtin, #ffa657);
  --_hl-comment: var(--stream-chat-code-comment, #9198a1);
  --_hl-tag: var(--stream-chat-code-tag, #7ee787);
  --_hl-added: #033a16;
  --_hl-removed: #67060c;
`;

/** The token styles, for the element's shadow root (it adopts `highlight.styles` with the hook). */
const TOKENS = css`
  :host {
    ${light}
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  .hljs-keyword,
  .hljs-doctag,
  .hljs-type,
  .hljs-template-tag,
  .hljs-template-variable,
  .hljs-variable.language_ {
    color: var(--_hl-keyword);
  }
  .hljs-title,
  .hljs-section {
    color: var(--_hl-title);
  }
  .hljs-attr,
  .hljs-attribute,
  .hljs-literal,
  .hljs-meta,
  .hljs-number,
  .hljs-operator,
  .hljs-variable,
  .hljs-selector-attr,
  .hljs-selector-class,
  .hljs-selector-id {
    color: var(--_hl-constant);
  }
  .hljs-string,
  .hljs-regexp,
  .hljs-meta .hljs-string {
    color: var(--_hl-string);
  }
  .hljs-built_in,
  .hljs-symbol,
  .hljs-bullet {
    color: var(--_hl-builtin);
  }
  .hljs-comment,
  .hljs-code,
  .hljs-formula {
    color: var(--_hl-comment);
  }
  .hljs-name,
  .hljs-quote,
  .hljs-selector-tag,
  .hljs-selector-pseudo {
    color: var(--_hl-tag);
  }
  .hljs-addition {
    color: var(--_hl-tag);
    background: var(--_hl-added);
  }
  .hljs-deletion {
    color: var(--_hl-keyword);
    background: var(--_hl-removed);
  }
  .hljs-section,
  .hljs-strong {
    font-weight: 600;
  }
  .hljs-emphasis {
    font-style: italic;
  }
`;

const styles = new CSSStyleSheet();
styles.replaceSync(TOKENS);
/** The token styles, which `<stream-chat>` adopts into its shadow root along with the hook. */
highlight.styles = styles;

import { Lexer, Marked, type Token, type TokensList } from 'marked';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * marked, configured for model output: GitHub-flavoured markdown, and raw HTML shown as
 * text. Escaping raw HTML (instead of sanitizing it) means a tag split across blocks or
 * chunks can never combine into markup, and what the model wrote is what the reader sees.
 */
export const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
});

export type Links = TokensList['links'];

/** Lexes `source` into top-level block tokens, resolving references against `links` too. */
export function lexBlocks(source: string, links: Links = {}): TokensList {
  const lexer = new Lexer(marked.defaults);
  Object.assign(lexer.tokens.links, links);
  return lexer.lex(source);
}

/** HTML of one top-level block (not yet sanitized). */
export function blockHtml(token: Token): string {
  return marked.parser([token]);
}

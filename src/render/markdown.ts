import { Lexer, Marked, type Token, type Tokenizer, type TokensList } from 'marked';

/** marked's escaping of text (`escape` of its helpers, which it does not export). */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * marked, configured for model output: GitHub-flavoured markdown, and raw HTML shown as
 * text. Escaping raw HTML (instead of sanitizing it) means a tag split across blocks or
 * chunks can never combine into markup, and what the model wrote is what the reader sees.
 */
export const marked = new Marked({
  gfm: true,
  renderer: {
    // A raw HTML block reads as a paragraph of its source, line breaks kept.
    html: ({ text, block }) => (block ? `<p>${escapeHtml(text.trim()).replace(/\n/g, '<br>')}</p>\n` : escapeHtml(text)),
  },
});

export type Links = TokensList['links'];

/**
 * Text with a line this long is shown as plain text, without inline markdown: inline
 * lexing of one huge line costs up to ~1 ms per KB, and a streaming tail is lexed again
 * every frame. Block structure (code fences, lists, tables) is unaffected.
 */
export const MAX_INLINE_LINE = 10_000;

function hasLongLine(text: string): boolean {
  if (text.length <= MAX_INLINE_LINE) return false;
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    if (end - start > MAX_INLINE_LINE) return true;
    start = end + 1;
  }
  return text.length - start > MAX_INLINE_LINE;
}

class CappedLexer extends Lexer {
  override inlineTokens(src: string, tokens: Token[] = []): Token[] {
    if (!hasLongLine(src)) return super.inlineTokens(src, tokens);
    tokens.push({ type: 'text', raw: src, text: src, escaped: false });
    return tokens;
  }
}

/** Lexes `source` into top-level block tokens, resolving references against `links` too. */
export function lexBlocks(source: string, links: Links = {}): TokensList {
  const lexer = new CappedLexer(marked.defaults);
  Object.assign(lexer.tokens.links, links);
  const tokens = lexer.lex(source);
  // marked's tokenizer is shared and keeps its last lexer: with it, every token of the
  // last text lexed (a whole answer rendered at once) would stay alive until the next lex.
  (marked.defaults.tokenizer as Tokenizer).lexer = undefined!;
  return tokens;
}

/** HTML of one top-level block (not yet sanitized). */
export function blockHtml(token: Token): string {
  return marked.parser([token]);
}

/** Adds the link reference definitions inside `token` (also nested in quotes and lists), first one wins. */
export function collectDefs(token: Token, links: Links): void {
  marked.walkTokens([token], (t) => {
    if (t.type === 'def') links[t.tag] ??= { href: t.href, title: t.title };
  });
}

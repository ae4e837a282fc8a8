import type { Token } from 'marked';
import type { CodeHighlighter } from '../types.js';
import { highlightLater } from './code-highlighting.js';
import { MAX_INLINE_LINE, blockHtml, collectDefs, escapeHtml, lexBlocks, type Links } from './markdown.js';
import { COPY, labelButton } from './icons.js';
import { repairTail } from './repair.js';
import { sanitizeBlocks, type SanitizeOptions } from './sanitize.js';

/** A top-level block: one markdown token and the blank lines after it. */
interface Block {
  raw: string;
  /** marked's HTML before sanitizing: equal HTML means equal DOM. Unset once the fence fast path grew the block. */
  html?: string;
  nodes: Node[];
  token?: Token;
}

/** The open code fence at the end of the text, which new text is appended to without parsing. */
interface OpenFence {
  block: Block;
  text: Text;
  /** A line that may close the fence (or start to): new text with one goes the slow way. */
  closer: RegExp;
  /** The fence's last, unfinished line. */
  line: string;
}

/**
 * `text.startsWith(prefix)`, for a whole answer checked again on every update: an answer
 * built by `+=` is a rope, which Chromium's `startsWith` walked about 4x slower than a
 * slice of it is compared (0.46 against 0.12 ms an update at 200 KB, and growing with
 * the answer).
 */
export function hasPrefix(text: string, prefix: string): boolean {
  return text.length >= prefix.length && text.slice(0, prefix.length) === prefix;
}

export interface RenderOptions extends SanitizeOptions {
  /** Render as plain text, no markdown. */
  plain?: boolean;
  /** Whether more text may come: shows the cursor and repairs unfinished syntax. */
  streaming: boolean;
  /**
   * The final text stops where the stream broke off (interrupted, failed, stopped), not
   * where the answer ended: its unfinished syntax stays repaired, as while it streamed.
   */
  unfinished?: boolean;
  /** Label of the button on each code block. */
  copyCodeLabel?: string;
  /** Highlights each code block once it can no longer change (in idle time). */
  highlight?: CodeHighlighter;
}

const VOID = new Set(['BR', 'HR', 'IMG', 'INPUT']);
/**
 * Words and the punctuation of prose: nothing markdown reads as syntax (`*`, `_`, `` ` ``,
 * `[`, `<`, `&`, `|`, `~`, `\\`, `#`, `-`, `=`…) and nothing an autolink needs (`:`, `/`,
 * `@`, `www.`).
 */
const PLAIN_WORDS = /^(?!.*www\.)[\p{L}\p{N} ,.;!?'"()]+$/iu;
/**
 * Blocks the root holds before the rest go in groups of this many (plain `<div>`s: nothing
 * shows them). Appending to a container of N blocks makes the browser lay out all N again
 * (13 ms at 6,000 paragraphs in Chromium); a full group is laid out from cache, so a
 * frame's layout stays flat however long the answer grows. Block i always goes in group
 * ⌊i / GROUP_BLOCKS⌋, streamed or not: equal DOM either way (but for `closed`, a frame later).
 */
const GROUP_BLOCKS = 100;
/** A block is final once a blank line ends it (and two more blocks follow it). */
const ENDS_BLANK = /\n[ \t]*\n[ \t\n]*$|^[ \t\n]*$/;

/**
 * Closes a full group (class `closed`: the browser skips it while it is off screen) once a
 * frame has laid it out whole, so that the size it keeps when skipped is its own (a size
 * is remembered only when a frame lays the element out). Not if it was never rendered (in
 * a message that is itself skipped): it would take a guessed size.
 */
function closeOnceLaidOut(group: HTMLElement): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      if (group.isConnected && group.checkVisibility?.({ contentVisibilityAuto: true }) !== false) group.classList.add('closed');
    }),
  );
}

/**
 * Renders a growing markdown answer into `root` at a cost that does not grow with its
 * length. Blocks that can no longer change are parsed, sanitized and inserted once,
 * then never touched (selection, links and buttons inside them survive the stream);
 * only the unfinished tail is lexed and re-rendered, only blocks whose HTML changed are
 * replaced, and text added to an open code fence is appended to its text node without
 * parsing at all. The final render equals a one-shot render of the whole text.
 */
export class StreamingMarkdown {
  #text = '';
  /**
   * Committed blocks, two numbers each: the length of its text (from the end of the block
   * before) and how many of the root's first nodes are its own. Not their text, nodes or
   * tokens: a token's raw can be a slice that keeps a whole earlier copy of the answer
   * alive, and objects per block multiply the memory a long answer holds.
   */
  #committed: number[] = [];
  #lastCommitted: Node | null = null;
  #committedLength = 0;
  /** The groups of blocks after the root's first GROUP_BLOCKS, in order. */
  #groups: HTMLElement[] = [];
  /** Link reference definitions of committed blocks (never of the changing tail). */
  #links: Links = {};
  /** Whether any definition was seen: then the final render re-lexes everything. */
  #sawDefs = false;
  #live: Block[] = [];
  #fence?: OpenFence;
  /** Whether the last streaming render's tail needed no repair (its last block is exactly the text's). */
  #exact = false;
  #plainNode?: Text;
  #plain?: boolean;
  #imageKey?: string;
  #final = false;
  #unfinished = false;
  #hook?: CodeHighlighter;
  /** Whether more text may come (highlighting waits for a long block's answer to end). */
  readonly #streaming = () => !this.#final;
  readonly #cursor: HTMLElement;

  constructor(private readonly root: HTMLElement) {
    this.#cursor = root.ownerDocument.createElement('span');
    this.#cursor.setAttribute('part', 'cursor');
    this.#cursor.className = 'cursor';
    this.#cursor.setAttribute('aria-hidden', 'true');
  }

  update(source: string, options: RenderOptions): void {
    // marked reads CR LF as LF; normalizing first keeps block raws equal to the text.
    const text = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
    const plain = Boolean(options.plain);
    const final = !options.streaming;
    const unfinished = final && Boolean(options.unfinished);
    const imageKey = (options.imageOrigins ?? []).join(' ');
    const hook = options.highlight;
    if (plain !== this.#plain || imageKey !== this.#imageKey || !hasPrefix(text, this.#text)) this.#reset();
    else if (text === this.#text && final === this.#final && unfinished === this.#unfinished && hook === this.#hook) return; // nothing new
    const added = text.slice(this.#text.length);
    this.#plain = plain;
    this.#imageKey = imageKey;
    this.#final = final;
    this.#unfinished = unfinished;
    this.#hook = hook;
    if (plain) this.#renderPlain(text);
    else if (final) this.#renderFinal(text, options);
    else if (!this.#extendFence(added) && !this.#extendParagraph(added)) this.#renderStreaming(text, options);
    this.#text = text;
    if (final && hook) highlightLater([this.root], hook, this.#streaming);
    if (final) this.#cursor.remove();
    else this.#placeCursor();
  }

  #reset(): void {
    this.root.replaceChildren();
    this.#groups = [];
    this.#committed = [];
    this.#lastCommitted = null;
    this.#live = [];
    this.#committedLength = 0;
    this.#links = {};
    this.#sawDefs = false;
    this.#fence = undefined;
    this.#exact = false;
    this.#plainNode = undefined;
    this.#text = '';
  }

  /**
   * Characters every streaming update lexes and renders again: the uncommitted tail, but
   * an open code fence (text is appended to it without parsing).
   */
  get tailLength(): number {
    if (this.#plain || this.#fence) return 0;
    return this.#text.length - this.#committedLength;
  }

  /** The element the last blocks are in: the root, or its last group. */
  get blockParent(): HTMLElement {
    return this.#groups.at(-1) ?? this.root;
  }

  #renderPlain(text: string): void {
    if (!this.#plainNode) {
      this.#plainNode = this.root.ownerDocument.createTextNode(text);
      this.root.append(this.#plainNode);
    } else if (text.length > this.#plainNode.length) {
      // appendData keeps the reader's selection; replacing the node would lose it.
      this.#plainNode.appendData(text.slice(this.#plainNode.length));
    }
  }

  /**
   * Fast path: text added inside an open code fence goes straight into the `<code>` text
   * node, exactly as marked would render it (the body plus one final newline), unless it
   * may close the fence.
   */
  #extendFence(added: string): boolean {
    const fence = this.#fence;
    if (!fence || !added || /[\0\r]/.test(added)) return false;
    const lines = (fence.line + added).split('\n');
    if (lines.some((line) => fence.closer.test(line))) return false;
    const piece = added.replace(/\n$/, '');
    // The node holds the body, plus a newline unless the body ends with one (or is empty).
    if (this.#text.endsWith('\n')) fence.text.appendData(`${piece}\n`);
    else fence.text.insertData(fence.text.length - 1, piece);
    fence.line = lines.at(-1)!;
    fence.block.raw += added;
    fence.block.html = undefined;
    return true;
  }

  /**
   * Fast path: plain words added to the open paragraph that ends the text go into its last
   * text node (text, never HTML), exactly as marked would render them, without lexing or
   * sanitizing. Only when the text needed no repair, and neither the words nor the word
   * they continue can be syntax, an autolink, or the start of another block; a newline
   * always goes the slow way (setext headings, tables, lists).
   */
  #extendParagraph(added: string): boolean {
    const block = this.#live.at(-1);
    if (!this.#exact || !block?.html || block.token?.type !== 'paragraph') return false;
    const words = block.raw.slice(block.raw.search(/\S*$/)) + added;
    const paragraph = block.nodes[0];
    const last = paragraph?.lastChild === this.#cursor ? this.#cursor.previousSibling : paragraph?.lastChild;
    // Every inline token but text has syntax in its last word (`*`, `]`, `` ` ``, `:`, `www.`…):
    // a plain last word means the paragraph ends with text, in the node `last`.
    if (
      !(last instanceof Text) ||
      !PLAIN_WORDS.test(words) ||
      // A line starting with a letter: no plain words can turn it into another block.
      !/^\p{L}/u.test(block.raw.slice(block.raw.lastIndexOf('\n') + 1)) ||
      block.raw.length + added.length > MAX_INLINE_LINE // past it, the paragraph shows as plain text
    ) {
      return false;
    }
    last.appendData(added);
    block.raw += added;
    block.html = `${block.html.slice(0, -5)}${escapeHtml(added)}</p>\n`;
    return true;
  }

  #renderStreaming(text: string, options: RenderOptions): void {
    const tail = text.slice(this.#committedLength);
    const repaired = repairTail(tail);
    this.#exact = repaired === tail;
    const tokens = lexBlocks(repaired, this.#links);
    this.#sawDefs ||= Object.keys(tokens.links).length > 0;
    this.#settle(tail, toBlocks(tokens), options);
    this.#fence = this.#openFence(tail);
  }

  /**
   * Shows the tail's `blocks` and commits those that can no longer change: a block is
   * final once a blank line ends it and two more blocks follow (`2. item\n\n3` is a
   * paragraph until it becomes a list item). Repair only touches the last block, so
   * committed ones are exactly the text's.
   */
  #settle(tail: string, blocks: Block[], options: RenderOptions): void {
    let commit = 0;
    let length = 0;
    while (commit + 2 < blocks.length && ENDS_BLANK.test(blocks[commit].raw) && tail.startsWith(blocks[commit].raw, length)) {
      length += blocks[commit].raw.length;
      commit++;
    }
    const kept = this.#reconcile(this.#live, blocks, options);
    for (const block of kept.slice(0, commit)) if (block.token) collectDefs(block.token, this.#links);
    for (const { raw, nodes } of kept.slice(0, commit)) {
      this.#committed.push(raw.length, nodes.length);
      this.#lastCommitted = nodes.at(-1) ?? this.#lastCommitted;
    }
    if (options.highlight) highlightLater(kept.slice(0, commit).flatMap((block) => block.nodes), options.highlight, this.#streaming);
    this.#committedLength += length;
    this.#live = kept.slice(commit);
  }

  /** The last block, if it is a code fence still open at the end of the text. */
  #openFence(tail: string): OpenFence | undefined {
    const block = this.#live.at(-1);
    const open = block?.token?.type === 'code' && /^(`{3,}|~{3,})[^\n]*\n/.exec(block.raw);
    // Blank lines after a fence are a token of their own: an open fence ends the text alone.
    if (!block || !open || block.raw !== block.token!.raw || !tail.endsWith(block.raw)) return;
    const marker = `${open[1][0]}{${open[1].length}}`;
    // marked appends a lone newline after a block to its raw: a closed fence may end with one.
    const body = block.raw.replace(/\n$/, '');
    if (body.includes('\n') && new RegExp(`^ {0,3}${marker}${open[1][0]}* *$`).test(body.slice(body.lastIndexOf('\n') + 1))) return;
    const line = block.raw.slice(block.raw.lastIndexOf('\n') + 1);
    const code = (block.nodes[0] as Element | undefined)?.querySelector('pre > code');
    if (code?.tagName !== 'CODE') return;
    const first = code.firstChild;
    const text = first instanceof Text ? first : code.insertBefore(this.root.ownerDocument.createTextNode(''), first);
    return { block, text, closer: new RegExp(`^ {0,3}${marker}`), line };
  }

  #renderFinal(text: string, options: RenderOptions): void {
    this.#fence = undefined;
    this.#exact = false;
    const repair = options.unfinished ? repairTail : (source: string) => source;
    // Without reference definitions, committed blocks are final as they are; a definition
    // may change earlier blocks: then re-lex everything and keep what did not change.
    const tail = text.slice(this.#committedLength);
    const tokens = lexBlocks(repair(tail), this.#links);
    // Committed too: a burst rendered at once when the answer ends keeps no tokens or HTML.
    if (!this.#sawDefs && Object.keys(tokens.links).length === 0) return this.#settle(tail, toBlocks(tokens), options);
    // The committed blocks' text and nodes again, from the answer and the first nodes (groups opened).
    const all: Block[] = [];
    const nodes = [...this.root.childNodes].flatMap((node) => (this.#isGroup(node) ? [...node.childNodes] : [node]));
    for (let i = 0, start = 0, first = 0; i < this.#committed.length; i += 2) {
      all.push({ raw: text.slice(start, (start += this.#committed[i])), nodes: nodes.slice(first, (first += this.#committed[i + 1])) });
    }
    all.push(...this.#live);
    this.#committed = [];
    this.#lastCommitted = null;
    this.#committedLength = 0;
    this.#live = this.#reconcile(all, toBlocks(lexBlocks(repair(text))), options);
  }

  /**
   * Replaces `current` blocks by `next`, keeping the nodes of every block whose HTML is
   * unchanged at the same position (the others are sanitized together, in one call);
   * inserts after the committed blocks, each block in its group.
   */
  #reconcile(current: Block[], next: Block[], options: RenderOptions): Block[] {
    const changed = next.map((block, i) => !current[i] || htmlOf(current[i]) !== block.html);
    const fragments = sanitizeBlocks(next.filter((block, i) => changed[i] && block.html).map((block) => block.html!), options);
    const first = this.#committed.length / 2;
    let used = 0;
    const kept: Block[] = [];
    let anchor: Node | null = this.#lastCommitted;
    for (let i = 0; i < next.length; i++) {
      const old = current[i];
      if (!changed[i]) {
        kept.push({ ...next[i], nodes: old.nodes });
      } else {
        if (old) this.#remove(old);
        const fragment = next[i].html ? fragments[used++] : undefined;
        kept.push(this.#insert(next[i], fragment, options, first + i, anchor));
      }
      anchor = kept[i].nodes.at(-1) ?? anchor;
    }
    for (const old of current.slice(next.length)) this.#remove(old);
    // Groups left empty (the tail became fewer blocks) go, the cursor with them if alone there.
    for (let group; (group = this.#groups.at(-1)) && (!group.firstChild || (group.firstChild === this.#cursor && !this.#cursor.nextSibling)); ) {
      this.#groups.pop()!.remove();
    }
    return kept;
  }

  #isGroup(node: Node | null): node is HTMLElement {
    return this.#groups.includes(node as HTMLElement);
  }

  #remove(block: Block): void {
    for (const node of block.nodes) if (node.parentNode === this.root || this.#isGroup(node.parentNode)) (node as ChildNode).remove();
  }

  /** Inserts block `index` after `anchor` (the last node before it), in its group. */
  #insert(block: Block, fragment: DocumentFragment | undefined, options: RenderOptions, index: number, anchor: Node | null): Block {
    if (!fragment) return { ...block, nodes: [] };
    addCopyButtons(fragment, options.copyCodeLabel ?? 'Copy code');
    const nodes = [...fragment.childNodes];
    const parent = this.#parentOf(index);
    parent.insertBefore(fragment, anchor?.parentNode === parent ? anchor.nextSibling : parent.firstChild);
    return { ...block, nodes };
  }

  /** The element block `index` goes in: the root, or its group (opened as needed, after the last). */
  #parentOf(index: number): HTMLElement {
    const group = Math.floor(index / GROUP_BLOCKS);
    while (this.#groups.length < group) {
      const element = this.root.ownerDocument.createElement('div');
      element.className = 'group';
      this.root.append(element);
      const full = this.#groups.at(-1);
      if (full) closeOnceLaidOut(full);
      this.#groups.push(element);
    }
    return group ? this.#groups[group - 1] : this.root;
  }

  /** The cursor goes at the end of the last element, inline with the text. */
  #placeCursor(): void {
    // The cursor itself is skipped: it goes inside the last item of a list, not after it.
    const lastElement = (el: Element) => {
      const last = el.lastElementChild;
      return last === this.#cursor ? last.previousElementSibling : last;
    };
    let target: Element = this.root;
    let next = lastElement(this.root);
    while (next && !VOID.has(next.tagName) && !next.classList.contains('copy-code')) {
      target = next;
      next = lastElement(next);
    }
    if (this.#cursor.parentNode !== target || target.lastChild !== this.#cursor) target.append(this.#cursor);
  }
}

/** A block's HTML; a fence grown by the fast path is lexed again, once, when compared. */
function htmlOf(block: Block): string {
  return (block.html ??= toBlocks(lexBlocks(block.raw))[0]?.html ?? '');
}

/**
 * Wraps each code block with its language's name, if it has one, and a "Copy code"
 * button (ours, added after sanitizing: the name is set as text, at most 40 characters
 * of `[\w+#.-]` as the sanitizer leaves a `language-…` class).
 */
function addCopyButtons(fragment: DocumentFragment, label: string): void {
  for (const pre of fragment.querySelectorAll('pre')) {
    const doc = pre.ownerDocument;
    const wrapper = doc.createElement('div');
    wrapper.className = 'code-block';
    const language = pre.querySelector('code')?.className.slice(9);
    if (language) {
      const name = doc.createElement('span');
      name.className = 'code-label';
      name.setAttribute('part', 'code-label');
      name.textContent = language;
      wrapper.append(name);
    }
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'copy-code';
    button.setAttribute('part', 'copy-code-button');
    labelButton(button, label, COPY);
    pre.replaceWith(wrapper);
    wrapper.append(button, pre);
  }
}

/** Groups tokens into blocks: each content token with the blank-line tokens after it. */
function toBlocks(tokens: Token[]): Block[] {
  const blocks: Block[] = [];
  for (const token of tokens) {
    const last = blocks.at(-1);
    if (token.type === 'space' && last) last.raw += token.raw;
    else blocks.push({ raw: token.raw, html: token.type === 'space' ? '' : blockHtml(token), nodes: [], token });
  }
  return blocks;
}

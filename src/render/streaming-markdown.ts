import type { Token } from 'marked';
import { blockHtml, lexBlocks, type Links } from './markdown.js';
import { repairTail } from './repair.js';
import { sanitizeToFragment, type SanitizeOptions } from './sanitize.js';

/** A top-level block: one markdown token and the blank lines after it. */
interface Block {
  raw: string;
  /** marked's HTML before sanitizing: equal HTML means equal DOM. */
  html: string;
  nodes: Node[];
  token?: Token;
}

export interface RenderOptions extends SanitizeOptions {
  /** Render as plain text, no markdown. */
  plain?: boolean;
  /** Whether more text may come: shows the cursor and repairs unfinished syntax. */
  streaming: boolean;
}

const VOID = new Set(['BR', 'HR', 'IMG', 'INPUT']);

/**
 * Renders a growing markdown answer into `root` at a cost that does not grow with its
 * length. Blocks that can no longer change are parsed, sanitized and inserted once,
 * then never touched (selection, links and buttons inside them survive the stream);
 * only the unfinished tail is lexed and re-rendered, and only blocks whose HTML changed
 * are replaced. The final render equals a one-shot render of the whole text.
 */
export class StreamingMarkdown {
  private text = '';
  private committed: Block[] = [];
  private committedLength = 0;
  /** Link reference definitions of committed blocks (never of the changing tail). */
  private links: Links = {};
  private live: Block[] = [];
  private plainNode?: Text;
  private plain?: boolean;
  private final = false;
  private readonly cursor: HTMLElement;

  constructor(private readonly root: HTMLElement) {
    this.cursor = root.ownerDocument.createElement('span');
    this.cursor.setAttribute('part', 'cursor');
    this.cursor.className = 'cursor';
    this.cursor.setAttribute('aria-hidden', 'true');
  }

  update(text: string, options: RenderOptions): void {
    const plain = Boolean(options.plain);
    const final = !options.streaming;
    if (plain !== this.plain || !text.startsWith(this.text)) this.reset();
    else if (text === this.text && final === this.final) return; // nothing new
    this.plain = plain;
    this.text = text;
    this.final = final;
    if (plain) this.renderPlain(text);
    else if (final) this.renderFinal(options);
    else this.renderStreaming(options);
    if (final) this.cursor.remove();
    else this.placeCursor();
  }

  private reset(): void {
    this.root.replaceChildren();
    this.committed = [];
    this.live = [];
    this.committedLength = 0;
    this.links = {};
    this.plainNode = undefined;
    this.text = '';
  }

  private renderPlain(text: string): void {
    if (!this.plainNode) {
      this.plainNode = this.root.ownerDocument.createTextNode(text);
      this.root.append(this.plainNode);
    } else if (text.length > this.plainNode.length) {
      // appendData keeps the reader's selection; replacing the node would lose it.
      this.plainNode.appendData(text.slice(this.plainNode.length));
    }
  }

  private renderStreaming(options: RenderOptions): void {
    const tail = this.text.slice(this.committedLength);
    const blocks = toBlocks(lexBlocks(repairTail(tail), this.links));

    // A block is final once a blank line ends it and two more blocks follow
    // (`2. item\n\n3` is a paragraph until it becomes a list item).
    let commit = 0;
    let raw = '';
    while (commit + 2 < blocks.length && /\n[ \t]*\n\s*$|^\s*$/.test(blocks[commit].raw)) {
      if (!tail.startsWith(raw + blocks[commit].raw)) break;
      raw += blocks[commit].raw;
      commit++;
    }
    for (const block of blocks.slice(0, commit)) {
      if (block.token?.type === 'def') {
        const def = block.token as Token & { tag: string; href: string; title: string };
        this.links[def.tag] = { href: def.href, title: def.title };
      }
      this.committed.push(this.reuseLive(block, options));
    }
    this.committedLength += raw.length;
    this.reconcile(this.live, blocks.slice(commit), options, (kept) => (this.live = kept));
  }

  /** The live block that rendered the same HTML becomes the committed one: its nodes stay. */
  private reuseLive(block: Block, options: RenderOptions): Block {
    const index = this.live.findIndex((b) => b.html === block.html);
    if (index >= 0) {
      const [reused] = this.live.splice(index, 1);
      this.cursor.remove();
      return { ...block, nodes: reused.nodes };
    }
    return this.materialize(block, options, this.live[0]?.nodes[0] ?? null);
  }

  private renderFinal(options: RenderOptions): void {
    // With no reference definitions anywhere, committed blocks are final as they are;
    // otherwise a definition may change earlier blocks: re-lex everything and reconcile.
    const tail = this.text.slice(this.committedLength);
    const hasDefs = Object.keys(this.links).length > 0 || /^ {0,3}\[[^\]]+\]:/m.test(tail);
    if (!hasDefs) {
      this.reconcile(this.live, toBlocks(lexBlocks(tail)), options, (kept) => (this.live = kept));
      return;
    }
    const all = [...this.committed, ...this.live];
    this.committed = [];
    this.committedLength = 0;
    this.links = {};
    this.reconcile(all, toBlocks(lexBlocks(this.text)), options, (kept) => (this.live = kept));
  }

  /**
   * Replaces `current` blocks by `next`, keeping the nodes of every block whose HTML is
   * unchanged at the same position; inserts after the committed blocks.
   */
  private reconcile(current: Block[], next: Block[], options: RenderOptions, store: (kept: Block[]) => void): void {
    const kept: Block[] = [];
    let anchor: Node | null = this.lastCommittedNode();
    for (let i = 0; i < next.length; i++) {
      const old = current[i];
      if (old && old.html === next[i].html) {
        kept.push({ ...next[i], nodes: old.nodes });
      } else {
        old?.nodes.forEach((node) => node.parentNode === this.root && (node as ChildNode).remove());
        kept.push(this.materialize(next[i], options, anchor ? anchor.nextSibling : this.root.firstChild));
      }
      anchor = kept[i].nodes.at(-1) ?? anchor;
    }
    for (const old of current.slice(next.length)) old.nodes.forEach((node) => node.parentNode === this.root && (node as ChildNode).remove());
    store(kept);
  }

  private lastCommittedNode(): Node | null {
    for (let i = this.committed.length - 1; i >= 0; i--) {
      const last = this.committed[i].nodes.at(-1);
      if (last) return last;
    }
    return null;
  }

  private materialize(block: Block, options: RenderOptions, before: Node | null): Block {
    const fragment = block.html ? sanitizeToFragment(block.html, options) : undefined;
    const nodes = fragment ? [...fragment.childNodes] : [];
    if (fragment) this.root.insertBefore(fragment, before && before.parentNode === this.root ? before : null);
    return { ...block, nodes };
  }

  /** The cursor goes at the end of the last element, inline with the text. */
  private placeCursor(): void {
    let target: Element = this.root;
    let next = this.root.lastElementChild;
    while (next && next !== this.cursor && !VOID.has(next.tagName)) {
      target = next;
      next = next.lastElementChild;
    }
    if (this.cursor.parentNode !== target || target.lastChild !== this.cursor) target.append(this.cursor);
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

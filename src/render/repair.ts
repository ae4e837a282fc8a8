/**
 * Makes the unfinished end of a streaming answer render as it will look once finished:
 * closes open `**`, `*`, `_`, `__`, `~~` and `` ` ``; shows a half-written `[link](…`
 * as its text; drops a half-written trailing HTML tag; keeps `Heading\n-` from flashing
 * as a setext heading; and gives a table whose separator row has not arrived yet one, so
 * it does not flash as a paragraph of pipes. Only the last block is looked at, so the
 * cost does not grow with the answer. Never used for the final render.
 */
export function repairTail(text: string): string {
  const blockStart = lastBlockStart(text);
  const head = text.slice(0, blockStart);
  let block = text.slice(blockStart);
  if (insideFence(block)) return text;

  block = block.replace(/<\/?[a-zA-Z][^<>]*$/, ''); // half a tag
  block = block.replace(/(^|\n)([^\n]*\S[^\n]*)\n {0,3}(?:-+|=+)[ \t]*$/, '$1$2'); // setext underline in progress
  block = block.replace(/!?\[([^\]\n]*)\]\([^)\s]*$/, '$1'); // [text](partial-url
  block = block.replace(/!?\[([^\]\n]*)$/, '$1'); // [partial text
  block = completeTable(block);
  block = closeInline(block);
  return head + block;
}

/** Offset where the last top-level block starts (after the last blank line outside a fence). */
function lastBlockStart(text: string): number {
  let start = 0;
  let inFence = false;
  const re = /^(?: {0,3}(`{3,}|~{3,})|[ \t]*$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1]) inFence = !inFence;
    else if (!inFence && m.index > 0) start = m.index;
    if (m[0].length === 0) re.lastIndex++;
  }
  return inFence ? lastFenceStart(text) : start;
}

function lastFenceStart(text: string): number {
  let index = 0;
  const re = /^ {0,3}(?:`{3,}|~{3,})/gm;
  let open = false;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!open) index = m.index;
    open = !open;
  }
  return index;
}

function insideFence(block: string): boolean {
  return ((block.match(/^ {0,3}(?:`{3,}|~{3,})/gm)?.length ?? 0) & 1) === 1;
}

/** A header row without its separator yet gets one, so the table renders as a table. */
function completeTable(block: string): string {
  const lines = block.split('\n');
  if (!/^\s*\|.*\|/.test(lines[0] ?? '')) return block;
  if (lines.length >= 2 && /^\s*\|?\s*:?-/.test(lines[1])) {
    // Separator present, maybe half-written: make it whole.
    if (lines.length === 2) lines[1] = separatorFor(lines[0]);
    return lines.join('\n');
  }
  if (lines.length === 1 || (lines.length === 2 && lines[1].trim() === '')) {
    return `${lines[0]}\n${separatorFor(lines[0])}`;
  }
  return block;
}

function separatorFor(header: string): string {
  const cells = header.trim().replace(/^\||\|$/g, '').split('|').length;
  return `|${' --- |'.repeat(Math.max(1, cells))}`;
}

/** Closes inline markers left open at the end of the block (outside inline code). */
function closeInline(block: string): string {
  if ((block.match(/`/g)?.length ?? 0) & 1) return /`\s*$/.test(block) ? block.replace(/`\s*$/, '') : `${block}\``;
  if (!openMarkers(block).length) return block;
  // A marker with nothing after it yet is dropped rather than closed empty.
  const text = block.replace(/(?:\*\*|__|~~|[*_])+\s*$/, '');
  return text + openMarkers(text).reverse().join('');
}

function openMarkers(text: string): string[] {
  const odd = (haystack: string, marker: string) => ((haystack.split(marker).length - 1) & 1) === 1;
  const plain = text.replace(/`[^`]*`/g, '');
  const open = ['**', '__', '~~'].filter((marker) => odd(plain, marker));
  const singles = plain
    .replace(/\*\*|__/g, '')
    .replace(/^[ \t]*[*_][ \t]/gm, '') // list bullets
    .replace(/(?<=\w)_(?=\w)/g, ''); // snake_case
  return open.concat(['*', '_'].filter((marker) => odd(singles, marker)));
}

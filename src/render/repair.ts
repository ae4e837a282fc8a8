/**
 * Makes the unfinished end of a streaming answer render as it will look once finished:
 * closes open `**`, `*`, `_`, `__`, `~~` and `` ` ``; shows a half-written `[link](…`
 * as its text; drops a half-written trailing HTML tag; keeps `Heading\n-` from flashing
 * as a setext heading; and gives a table whose separator row has not arrived yet one, so
 * it does not flash as a paragraph of pipes. Only the last block is looked at, so the
 * cost does not grow with the answer; every step is linear in the block (no regex that
 * backtracks over a long line). The final render of a complete answer never uses it; that
 * of an answer cut short (interrupted, failed, stopped) does.
 */
export function repairTail(text: string): string {
  const blockStart = lastBlockStart(text);
  let block = text.slice(blockStart);
  if (insideFence(block)) return text;

  block = block.replace(/<\/?[a-zA-Z][^<>]*$/, ''); // half a tag
  block = dropSetextUnderline(block);
  block = showLinkText(block);
  block = completeTable(block);
  block = closeInline(block);
  return text.slice(0, blockStart) + block;
}

const FENCE = /^ {0,3}(?:`{3,}|~{3,})/gm;

/** Offset where the last top-level block starts (after the last blank line outside a fence). */
function lastBlockStart(text: string): number {
  let start = 0;
  let fenceStart = -1;
  // A blank line counts once it is complete: `| a |\n` may still get its separator row.
  const re = /^(?: {0,3}(`{3,}|~{3,})|[ \t]*\n)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1]) fenceStart = fenceStart < 0 ? m.index : -1;
    else if (fenceStart < 0 && m.index > 0) start = m.index;
  }
  return fenceStart >= 0 ? fenceStart : start;
}

function insideFence(block: string): boolean {
  return ((block.match(FENCE)?.length ?? 0) & 1) === 1;
}

/** `Text\n-` is a setext heading until the `-` turns out to start a list item: hide the `-` meanwhile. */
function dropSetextUnderline(block: string): string {
  const lastBreak = block.lastIndexOf('\n');
  if (lastBreak <= 0 || !/^ {0,3}(?:-+|=+)[ \t]*$/.test(block.slice(lastBreak + 1))) return block;
  const previous = block.slice(block.lastIndexOf('\n', lastBreak - 1) + 1, lastBreak);
  return previous.trim() ? block.slice(0, lastBreak) : block;
}

/** `[text](https://exa`, `[text` and `[text]` at the end show as `text` until the link is whole. */
function showLinkText(block: string): string {
  const lineStart = block.lastIndexOf('\n') + 1;
  const line = block.slice(lineStart);
  const open = line.lastIndexOf('[');
  if (open < 0 || /^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[ xX]?\]?$/.test(line)) return block; // a task-list box
  const rest = line.slice(open + 1);
  const close = rest.indexOf(']');
  const label = close < 0 ? rest : rest.slice(0, close);
  const after = close < 0 ? '' : rest.slice(close + 1);
  // Only an unfinished link: nothing after `]` yet, or `(` and a URL still without `)` or space.
  if (close >= 0 && after !== '' && !/^\([^)\s]*$/.test(after)) return block;
  const start = open > 0 && line[open - 1] === '!' ? open - 1 : open;
  // `arr[0`, or a `[` inside inline code, is no link.
  if ((start > 0 && !/[\s(*_~"']/.test(line[start - 1])) || (line.slice(0, start).split('`').length - 1) & 1) return block;
  return block.slice(0, lineStart) + line.slice(0, start) + label;
}

/** A header row without its separator yet gets one, so the table renders as a table. */
function completeTable(block: string): string {
  const lines = block.split('\n');
  if (lines.at(-1)!.trim() === '' && lines.length > 1) lines.pop();
  let header = lines.length - 1;
  while (header > 0 && /^ {0,3}\|/.test(lines[header - 1])) header--;
  if (!/^ {0,3}\|/.test(lines[header])) return block;
  if (lines[header].trim() === '|') return lines.slice(0, header).join('\n'); // no cell yet
  const head = lines[header].replace(/[ \t]*\|?[ \t]*$/, ' |');
  if (header === lines.length - 1) return [...lines.slice(0, header), head, separatorFor(head)].join('\n');
  if (header === lines.length - 2 && /^ {0,3}\|?[ \t]*:?-/.test(lines[header + 1])) {
    // Separator present but maybe half-written: make it whole.
    return [...lines.slice(0, header), head, separatorFor(head)].join('\n');
  }
  return block;
}

function separatorFor(header: string): string {
  const cells = header.trim().replace(/^\||\|$/g, '').split('|').length;
  return `|${' --- |'.repeat(Math.max(1, cells))}`;
}

/** Closes inline markers left open at the end of the block (outside inline code). */
function closeInline(block: string): string {
  const unescaped = block.replace(/\\[\\`*_~]/g, '');
  if ((unescaped.match(/`/g)?.length ?? 0) & 1) return /`\s*$/.test(block) ? block.replace(/`\s*$/, '') : `${block}\``;
  // A trailing marker run is dropped and the needed closers computed without it: `a **`
  // is not closed empty, and `**bold*` gets `**`, not `***`.
  const text = block.slice(0, trailingMarkers(block));
  const closers = openMarkers(text).reverse().join('');
  return closers ? text.trimEnd() + closers : text; // `**one **` would not close
}

/** Where the trailing run of `*`, `_`, `~` (and spaces after it) begins. */
function trailingMarkers(block: string): number {
  let end = block.length;
  while (end > 0 && /\s/.test(block[end - 1])) end--;
  let start = end;
  while (start > 0 && '*_~'.includes(block[start - 1])) start--;
  return start < end && block[start - 1] !== '\\' ? start : block.length;
}

function openMarkers(text: string): string[] {
  const odd = (haystack: string, marker: string) => ((haystack.split(marker).length - 1) & 1) === 1;
  const plain = text
    .replace(/\\[\\`*_~]/g, '')
    .replace(/`[^`]*`/g, '')
    .replace(/(^|\s)[*_~]+(?=\s|$)/g, '$1'); // `2 * 3`, bullets, rules: not emphasis
  const open = ['**', '__', '~~'].filter((marker) => odd(plain, marker));
  const singles = plain.replace(/\*\*|__/g, '').replace(/(?<=\w)_(?=\w)/g, ''); // snake_case
  return open.concat(['*', '_'].filter((marker) => odd(singles, marker)));
}

/**
 * The value a prefix of a JSON text stands for so far, for tool arguments that stream
 * in fragments: open strings, arrays and objects are closed, and an unfinished token at
 * the end (`tru`, `1.`, a key without its value) is dropped. `undefined` when nothing
 * usable has arrived yet.
 */
export function parsePartialJson(text: string): unknown {
  let prefix = text.trimEnd();
  while (prefix) {
    const { closed, boundary } = closeJson(prefix);
    try {
      return JSON.parse(closed);
    } catch {
      // Back to the last `,` `:` `{` `[` outside a string, keeping an opening bracket.
      if (boundary < 0) return undefined;
      const opener = prefix[boundary] === '{' || prefix[boundary] === '[';
      const shorter = prefix.slice(0, opener ? boundary + 1 : boundary).trimEnd();
      if (shorter === prefix) return undefined;
      prefix = shorter;
    }
  }
  return undefined;
}

/** `prefix` with its open string and brackets closed, and where its last structural character is. */
function closeJson(prefix: string): { closed: string; boundary: number } {
  const open: string[] = [];
  let inString = false;
  let escaped = false;
  let boundary = -1;
  let escapeAt = -1;
  for (let i = 0; i < prefix.length; i++) {
    const ch = prefix[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') {
        escaped = true;
        escapeAt = i;
      }
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      open.push(ch === '{' ? '}' : ']');
      boundary = i;
    } else if (ch === '}' || ch === ']') open.pop();
    else if (ch === ',' || ch === ':') boundary = i;
  }
  let closed = prefix;
  if (inString) {
    // A dangling escape (`"a\`) or a cut `\u` sequence cannot be closed: drop it.
    const tail = escapeAt >= 0 ? prefix.slice(escapeAt) : '';
    if (escaped || /^\\u[0-9a-fA-F]{0,3}$/.test(tail)) closed = prefix.slice(0, escapeAt);
    closed += '"';
  }
  closed = closed.replace(/[,:]\s*$/, '');
  return { closed: closed + open.reverse().join(''), boundary };
}

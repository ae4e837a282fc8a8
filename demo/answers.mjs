// Realistic markdown answers for the demo backend: headings, lists, code, tables, quotes.
export const ANSWERS = [
  `## Streaming, in short

Server-Sent Events keep **one HTTP response open** and write events as they happen. Each event is a few \`field: value\` lines followed by a blank line:

\`\`\`http
id: 42
event: message
data: {"delta": "Hello"}

\`\`\`

Why it works well for chat:

1. It is plain HTTP, so proxies, auth and CORS behave as usual.
2. The browser parses events incrementally, token by token.
3. A dropped connection can **resume** with \`Last-Event-ID\`.

| Transport | Direction | Resume |
|---|---|---|
| SSE | server → client | \`Last-Event-ID\` |
| WebSocket | both ways | app-level \`seq\` |
| NDJSON | server → client | app-level |

> Tip: send a comment line (\`: ping\`) every 15 s so idle proxies keep the stream open.

That's the gist — ask me for a code sample in your language.`,

  `Here is a small **debounce** helper in TypeScript, with a test:

\`\`\`ts
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
\`\`\`

How it behaves:

- Calls within \`ms\` of each other collapse into **one** call.
- The *last* arguments win.
- Nothing runs until the caller has been quiet for \`ms\`.

\`\`\`ts
const log: string[] = [];
const push = debounce((s: string) => log.push(s), 50);
push('a'); push('b'); push('c');
await new Promise((r) => setTimeout(r, 80));
console.assert(log.join() === 'c');
\`\`\`

Use it for search boxes and resize handlers; use a *throttle* when you need regular updates while the input keeps changing.`,

  `### Choosing a database for a side project

It depends on the shape of your data, but a sensible default order is:

1. **SQLite** — one file, zero ops, surprisingly fast. Great until you need many concurrent writers.
2. **PostgreSQL** — the safe long-term choice: transactions, JSONB, full-text search, extensions.
3. **A document store** — when your records really are nested documents with no joins.

| Need | Pick |
|---|---|
| Embedded, offline | SQLite |
| Relational, many users | PostgreSQL |
| Schemaless blobs | Document store |

A few rules of thumb:

- Keep migrations in version control from day one.
- Back up *and test the restore*.
- Index the columns you filter on, not every column.

> "Boring technology" is a feature: you want to spend your innovation tokens on the product.`,
];

/** A long answer of about `bytes` characters, for benchmarks (varied blocks, code, tables). */
export function longAnswer(bytes) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = `${ANSWERS[i % ANSWERS.length]}\n\n#### Section ${i + 1}\n\nParagraph ${i + 1} with *emphasis*, **strong text**, \`inline code\` and a [link](https://example.com/${i}).\n\n`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('').slice(0, bytes);
}

/** Splits text into word-sized tokens that keep their whitespace (as models stream). */
export function tokenize(text) {
  return text.match(/\s*\S+|\s+/g) ?? [];
}

/** The answer to a question on no topic the demo knows: what it can talk about. */
export const GENERAL_ANSWER = `### Hi! I'm the demo assistant

I answer from a few canned replies, streamed token by token so you can watch the widget at work. I did not recognise a topic in your question, so here is what I can talk about:

| Ask about | For example | You will see |
|---|---|---|
| Streaming | *How does SSE streaming work?* | a code block, a table, a quote |
| Code | *Write a debounce helper in TypeScript* | two code blocks and a list |
| Databases | *Which database should a side project use?* | a numbered list and a table |

A few things to try while an answer streams:

1. Press **Esc** (or Stop) to stop it: the text so far stays.
2. Scroll up: the conversation stays where you are, and *Jump to latest* brings you back.
3. Pick a fault in the settings (a dropped connection, a stall, a 429) and watch the answer **recover**.

> Finished blocks are rendered once and never touched again: select text while it streams.`;

/**
 * Words that point at each of ANSWERS (same order). A keyword of four letters or more
 * also matches longer words it starts (`stream` → streaming, `database` → databases).
 */
const TOPICS = [
  ['sse', 'server-sent', 'stream', 'event', 'websocket', 'socket', 'resume', 'reconnect', 'transport', 'protocol', 'ndjson', 'realtime', 'real-time', 'http'],
  ['code', 'debounce', 'throttle', 'typescript', 'javascript', 'ts', 'js', 'function', 'helper', 'snippet', 'example', 'program', 'implement', 'write'],
  ['database', 'db', 'sql', 'sqlite', 'postgres', 'postgresql', 'mysql', 'mongo', 'mongodb', 'schema', 'storage', 'store', 'query', 'index', 'migration'],
];

/** The canned answer whose topic the question names most; the general one when none. */
export function pickAnswer(question) {
  const words = String(question).toLowerCase().match(/[a-z0-9#+-]+/g) ?? [];
  const hits = (keyword) => words.filter((word) => word === keyword || (keyword.length >= 4 && word.startsWith(keyword))).length;
  let best = -1;
  let bestScore = 0;
  TOPICS.forEach((keywords, i) => {
    const score = keywords.reduce((sum, keyword) => sum + hits(keyword), 0);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best < 0 ? GENERAL_ANSWER : ANSWERS[best];
}

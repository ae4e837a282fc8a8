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

export function pickAnswer(question) {
  let hash = 0;
  for (const ch of String(question)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return ANSWERS[hash % ANSWERS.length];
}

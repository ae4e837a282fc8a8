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

/** Code in several languages: one retry helper in Python, Go and Rust. */
const LANGUAGES = `Here is the same **retry with exponential backoff and full jitter** in three languages: wait a random time between zero and a cap that doubles after each failure.

\`\`\`python
import random
import time

def retry(fn, attempts=5, base=0.5, cap=30.0):
    for attempt in range(attempts):
        try:
            return fn()
        except ConnectionError:
            if attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0, min(cap, base * 2 ** attempt)))
\`\`\`

\`\`\`go
func Retry(ctx context.Context, attempts int, fn func() error) error {
	var err error
	for i := 0; i < attempts; i++ {
		if err = fn(); err == nil {
			return nil
		}
		delay := time.Duration(rand.Int63n(int64(500*time.Millisecond) << i))
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return err
}
\`\`\`

\`\`\`rust
use std::{thread, time::Duration};

fn retry<T, E>(attempts: u32, mut f: impl FnMut() -> Result<T, E>) -> Result<T, E> {
    let mut attempt = 0;
    loop {
        match f() {
            Ok(value) => return Ok(value),
            Err(e) if attempt + 1 >= attempts => return Err(e),
            Err(_) => {
                let cap = 500u64 << attempt;
                thread::sleep(Duration::from_millis(fastrand::u64(0..=cap)));
                attempt += 1;
            }
        }
    }
}
\`\`\`

| Language | Waits with | Randomness | Cancellation |
|---|---|---|---|
| Python | \`time.sleep\` | \`random.uniform\` | raise from \`fn\` |
| Go | \`time.After\` | \`math/rand\` | \`context.Context\` |
| Rust | \`thread::sleep\` | the \`fastrand\` crate | return early from \`f\` |

Retry only what can succeed next time (timeouts, 429, 503), never a 400, and cap the total time as well as the count.`;

/** Links: where to learn about web components. */
const LINKS = `### Learning web components

Start with the platform, then pick a library if you want less boilerplate:

- [MDN: Web Components](https://developer.mozilla.org/en-US/docs/Web/API/Web_components) — custom elements, shadow DOM and templates, with runnable examples.
- [web.dev: Custom element best practices](https://web.dev/articles/custom-elements-best-practices) — attributes and properties, events, lifecycle.
- [Lit](https://lit.dev/docs/) — reactive properties and templates in about 5 KB; this widget is built on it.
- [Open Web Components](https://open-wc.org/guides/) — testing, linting and publishing recipes.
- [The HTML standard](https://html.spec.whatwg.org/multipage/custom-elements.html) — the exact rules, when you need them.

A good first exercise: a \`<copy-button>\` that copies its text and fires a \`copied\` event. It touches attributes, shadow DOM, slots and events in about 40 lines.

> Links in answers open in a new tab, with \`rel="noopener noreferrer"\`.`;

/** An answer in Arabic (right to left), with a table and code that stay left to right. */
const ARABIC = `### البث المتدفق باختصار

بدلاً من انتظار الإجابة كاملة، يرسل الخادم النص **كلمةً كلمة** فور توليده، فيبدأ القارئ بالقراءة خلال أجزاء من الثانية.

كيف يعمل ذلك:

1. يفتح المتصفح اتصال HTTP واحداً ويبقيه مفتوحاً.
2. يكتب الخادم كل جزء جديد في حدث \`data:\` مستقل.
3. إذا انقطع الاتصال، يستأنف العنصر من آخر حدث عبر \`Last-Event-ID\` دون أن يفقد أو يكرر أي كلمة.

| الطريقة | الاتجاه | الاستئناف |
|---|---|---|
| SSE | من الخادم إلى المتصفح | \`Last-Event-ID\` |
| WebSocket | في الاتجاهين | رقم تسلسلي |

مثال على حدث واحد:

\`\`\`http
id: 7
data: {"delta": "مرحباً"}
\`\`\`

> يُعرض النص العربي من اليمين إلى اليسار، وتبقى الشيفرة من اليسار إلى اليمين.`;

/** The recovered connection: the answer the showcase streams while the backend cuts it twice. */
const RECOVERY = `### This answer was cut twice on purpose

The demo backend dropped the connection twice while this answer streamed. Each time the widget showed **Reconnecting…**, waited as long as the server asked (its \`retry:\` field), and resumed where it left off:

1. Every event carries an \`id:\`, and the widget remembers the last one it received.
2. On reconnecting it sends that id back in the \`Last-Event-ID\` header, with the same \`X-Stream-Id\`.
3. The server continues from there and the widget drops the one event it already had, so **no word is lost or repeated**.

\`\`\`http
POST /api/chat HTTP/1.1
X-Stream-Id: 6f1c2a…
Last-Event-ID: 40
\`\`\`

| Attempt | What happened |
|---|---|
| 1 | streamed until the connection dropped |
| 2 | resumed after the last event received, then dropped again |
| 3 | resumed and finished |

Nothing was asked of the model again, the text above never flickered, and you could select it the whole time.

> Over WebSocket the same works with a sequence number instead of an event id.`;

/** The answer to a question on no topic the demo knows: what it can talk about. */
export const GENERAL_ANSWER = `### Hi! I'm the demo assistant

I answer from a few canned replies, streamed token by token so you can watch the widget at work. I did not recognise a topic in your question, so here is what I can talk about:

| Ask about | For example | You will see |
|---|---|---|
| Streaming | *Compare SSE and WebSocket for chat* | a code block, a table, a quote |
| Code | *Retry with backoff in Python, Go and Rust* | code in three languages and a table |
| Databases | *Which database should a side project use?* | a numbered list and a table |
| Learning | *Where can I learn about web components?* | a list of links |
| Arabic | *اشرح البث المتدفق باختصار* | a right-to-left answer |
| Networks | *Show a dropped connection recovering* | the answer surviving two cuts |

A few things to try while an answer streams:

1. Press **Esc** (or Stop) to stop it: the text so far stays.
2. Scroll up: the conversation stays where you are, and *Jump to latest* brings you back.
3. Open the playground to pick a protocol, a payload format or a fault of your own.

> Finished blocks are rendered once and never touched again: select text while it streams.`;

/**
 * What the demo can talk about: each topic's answer and the words that point at it. A
 * keyword of four letters or more also matches longer words it starts (`stream` →
 * streaming, `database` → databases). `stage`: query parameters of a fault the showcase
 * asks the backend to act out for this topic (`?staged=on`).
 */
const TOPICS = [
  { answer: ANSWERS[0], keywords: ['sse', 'server-sent', 'stream', 'event', 'websocket', 'socket', 'resume', 'reconnect', 'transport', 'protocol', 'ndjson', 'realtime', 'real-time', 'http'] },
  { answer: ANSWERS[1], keywords: ['code', 'debounce', 'throttle', 'typescript', 'javascript', 'ts', 'js', 'function', 'helper', 'snippet', 'example', 'program', 'implement', 'write'] },
  { answer: ANSWERS[2], keywords: ['database', 'db', 'sql', 'sqlite', 'postgres', 'postgresql', 'mysql', 'mongo', 'mongodb', 'schema', 'storage', 'store', 'query', 'index', 'migration'] },
  { answer: LANGUAGES, keywords: ['python', 'go', 'golang', 'rust', 'retry', 'backoff', 'jitter', 'languages'] },
  { answer: LINKS, keywords: ['learn', 'docs', 'documentation', 'link', 'resource', 'reading', 'tutorial', 'component', 'lit', 'mdn'] },
  { answer: ARABIC, keywords: ['arabic', 'عربي', 'بالعربية', 'العربية', 'البث', 'بث', 'المتدفق', 'التدفق'] },
  {
    answer: RECOVERY,
    keywords: ['recover', 'connection', 'drop', 'flaky', 'cut', 'interrupt', 'unstable', 'outage'],
    // Two cuts, 40 events apart, each followed by a 1.5 s wait the server asks for: long
    // enough to read "Reconnecting…".
    stage: { fault: 'drop', every: '40', times: '2', retry: '1500' },
  },
];

/** The topic the question names most; the general answer when none. */
export function pickTopic(question) {
  const words = String(question).toLowerCase().match(/[\p{L}\p{M}\p{N}#+-]+/gu) ?? [];
  const hits = (keyword) => words.filter((word) => word === keyword || (keyword.length >= 4 && word.startsWith(keyword))).length;
  let best = { answer: GENERAL_ANSWER, keywords: [] };
  let bestScore = 0;
  for (const topic of TOPICS) {
    const score = topic.keywords.reduce((sum, keyword) => sum + hits(keyword), 0);
    if (score > bestScore) [best, bestScore] = [topic, score];
  }
  return best;
}

/** The canned answer whose topic the question names most; the general one when none. */
export function pickAnswer(question) {
  return pickTopic(question).answer;
}

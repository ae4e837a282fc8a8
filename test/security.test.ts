// The sanitizing profile (what model output may become in the shadow DOM), and bad input:
// each case ends with a clear error in the UI and a stream-error event, and loses nothing.
import { expect } from '@open-wc/testing';
import { StreamingMarkdown } from '../src/render/streaming-markdown.js';
import { sanitizeBlocks, sanitizeToFragment, type SanitizeOptions } from '../src/render/sanitize.js';
import type { StreamChat } from '../src/stream-chat.js';
import { $, $$, BACKEND, chat, lastAnswer, received, recordEvents, script, sse, typeAndEnter, waitUntil } from './helpers.js';

/** The final render of `markdown`, as the element renders an answer. */
function render(markdown: string, options: SanitizeOptions = {}): HTMLElement {
  const root = document.createElement('div');
  new StreamingMarkdown(root).update(markdown, { streaming: false, ...options });
  return root;
}

function sanitized(html: string, options: SanitizeOptions = {}): HTMLElement {
  const root = document.createElement('div');
  root.append(sanitizeToFragment(html, options));
  return root;
}

/** Every attribute value in the tree, as `tag attr=value`. */
const attributesOf = (root: Element) =>
  [...root.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => `${el.localName} ${a.name}=${a.value}`));

describe('sanitizing profile', () => {
  // Anything that runs would call one of these (and a real dialog would hang the browser).
  const calls: string[] = [];
  const dialogs = ['alert', 'confirm', 'prompt'] as const;
  const saved = dialogs.map((name) => window[name]);
  before(() => dialogs.forEach((name) => (window[name] = ((...args: unknown[]) => void calls.push(`${name}(${args.join()})`)) as never)));
  after(async () => {
    await new Promise((resolve) => setTimeout(resolve, 50)); // handlers of loaded or failed images run asynchronously
    dialogs.forEach((name, i) => (window[name] = saved[i] as never));
    expect(calls).to.deep.equal([]);
  });

  it('keeps everything markdown produces: alignment, list start, task boxes, code language, links', () => {
    const root = render(
      '# Title\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n3. three\n4. four\n\n- [x] done\n- [ ] todo\n\n' +
        '```ts\nconst x = 1;\n```\n\n> **bold** _em_ ~~del~~ `code` [link](https://example.com/a "T")\n\n---\n',
    );
    expect(root.querySelector('h1')!.textContent).to.equal('Title');
    expect([...root.querySelectorAll('th, td')].map((c) => c.getAttribute('align'))).to.deep.equal(['center', 'right', 'center', 'right']);
    expect(root.querySelector('ol')!.getAttribute('start')).to.equal('3');
    const boxes = [...root.querySelectorAll('input')] as HTMLInputElement[];
    expect(boxes.map((b) => [b.type, b.checked, b.disabled])).to.deep.equal([['checkbox', true, true], ['checkbox', false, true]]);
    expect(root.querySelector('pre code')!.className).to.equal('language-ts');
    expect(root.querySelector('blockquote strong, blockquote em, blockquote del, blockquote code')).to.exist;
    const link = root.querySelector('a')!;
    expect([link.getAttribute('href'), link.title, link.target]).to.deep.equal(['https://example.com/a', 'T', '_blank']);
    expect(link.rel.split(' ')).to.include.members(['noopener', 'noreferrer']);
    expect(root.querySelector('hr')).to.exist;
  });

  it('removes every element that can run script, load content, style the page or submit data', () => {
    const tags = ['script', 'style', 'iframe', 'frame', 'object', 'embed', 'form', 'base', 'meta', 'link', 'svg', 'math', 'template',
      'noscript', 'audio', 'video', 'source', 'button', 'textarea', 'select', 'dialog', 'details', 'portal', 'x-custom'];
    const html = tags.map((t) => `<${t} src="https://evil.example/x" href="https://evil.example/x" data="https://evil.example/x">${t} content</${t}>`).join('') +
      '<frameset><frame src="https://evil.example/"></frameset><input type="text"><input type="image" src="https://evil.example/x">' +
      // The parser's own body is where DOMPurify parses: a body tag anywhere adds to it, and
      // nothing of it is returned but its sanitized children.
      '<body onload="alert(1)" background="https://evil.example/x">body content</body><svg><body onfocus="alert(1)"></svg><html><head><body></body></head></html>';
    const root = sanitized(html);
    expect([...root.querySelectorAll('*')].map((el) => el.localName)).to.deep.equal([]);
    expect(root.textContent).to.contain('body content');
    expect(root.textContent).to.not.contain('script content').and.not.contain('style content');
    expect(root.textContent).to.contain('form content'); // harmless text of removed wrappers stays readable
  });

  it('removes every event handler and every attribute markdown does not produce', () => {
    const root = sanitized(
      '<p onclick="alert(1)" onmouseover=alert(1) style="background:url(https://evil.example/)" id="x" name="y" data-x="1" aria-label="z" class="c">p</p>' +
        '<a href="https://ok.example/" onfocus="alert(1)" ping="https://evil.example/" download target="_self" autofocus>a</a>' +
        '<img src="http://127.0.0.1:9/x.png" onerror="alert(1)" srcset="https://evil.example/1x.png 1x" loading="lazy">' +
        '<td background="https://evil.example/x.png">td</td><p target="_top">t</p>',
      { imageOrigins: ['http://127.0.0.1:9'] },
    );
    expect(attributesOf(root)).to.deep.equal([
      'a href=https://ok.example/',
      'a target=_blank',
      'a rel=noopener noreferrer nofollow ugc',
      'img src=http://127.0.0.1:9/x.png',
    ]);
  });

  it('drops javascript:, vbscript: and data: URLs from every URL attribute, however they are spelled', () => {
    const schemes = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' \tjavascript:alert(1)', 'java\tscript:alert(1)', 'java&#x09;script:alert(1)',
      '&#106;avascript:alert(1)', '&#x6A;&#x61;vascript:alert(1)', 'javascript&colon;alert(1)', '\u0001javascript:alert(1)', 'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'livescript:alert(1)'];
    const attrs = ['href', 'src', 'xlink:href', 'formaction', 'action', 'srcset', 'poster', 'background', 'cite', 'data'];
    const html = schemes
      .flatMap((url) => ['a', 'img', 'blockquote', 'input'].map((tag) => `<${tag} ${attrs.map((a) => `${a}="${url}"`).join(' ')}>x</${tag}>`))
      .join('');
    const root = sanitized(html, { imageOrigins: ['*'] });
    expect(attributesOf(root)).to.deep.equal([]);
    expect(root.querySelectorAll('img')).to.have.length(0);
  });

  it('renders markdown links and images with script URLs as plain text', () => {
    const root = render(
      '[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](&#106;avascript:alert(1)) [d](java%0ascript:alert(1)) ' +
        '[e](vbscript:x) [f](data:text/html,<script>alert(1)</script>) <javascript:alert(1)> [g][r] ' +
        '![h](javascript:alert(1)) ![i](data:image/svg+xml,<svg/onload=alert(1)>) [j](  javascript:alert(1) )\n\n[r]: javascript:alert(1)\n',
      { imageOrigins: ['*'] },
    );
    const hrefs = [...root.querySelectorAll('[href]')].map((a) => a.getAttribute('href'));
    expect(hrefs.filter((h) => !/^https?:/.test(h!))).to.deep.equal([]);
    expect(root.querySelectorAll('img')).to.have.length(0);
    expect(root.textContent).to.contain('a').and.contain('[h]').and.contain('[i]');
  });

  it('shows raw HTML in markdown as text, never as markup', () => {
    const root = render('Hi <b>bold</b> <img src=x onerror=alert(1)>\n\n<div>\n<script>alert(1)</script>\n</div>\n\n<details><summary>s</summary>d</details>\n');
    // Only the paragraphs (and line breaks) the escaped blocks read as.
    expect([...root.querySelectorAll('*')].map((el) => el.localName)).to.deep.equal(['p', 'p', 'br', 'br', 'p']);
    expect(root.textContent).to.contain('<b>bold</b>').and.contain('<img src=x onerror=alert(1)>').and.contain('<script>alert(1)</script>');
  });

  it('shows images as links unless image-origins allows their origin', () => {
    const markdown = '![cat](http://127.0.0.1:9/cat.png) ![dog](http://localhost:9/dog.png) ![rel](/local.png) ![data](data:image/png;base64,iVBORw0KGgo=)';
    const none = render(markdown);
    expect(none.querySelectorAll('img')).to.have.length(0);
    expect([...none.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href'), a.target])).to.deep.equal([
      ['[cat]', 'http://127.0.0.1:9/cat.png', '_blank'],
      ['[dog]', 'http://localhost:9/dog.png', '_blank'],
      ['[rel]', '/local.png', '_blank'],
    ]);
    expect(none.textContent).to.contain('[data]'); // a data: image is not even a link

    const some = render(markdown, { imageOrigins: ['http://127.0.0.1:9/'] });
    expect([...some.querySelectorAll('img')].map((img) => img.getAttribute('src'))).to.deep.equal(['http://127.0.0.1:9/cat.png']);
    expect(some.querySelector('a')!.textContent).to.equal('[dog]');

    // `*`: any http(s) origin, but still never a data: image.
    const any = render(markdown.replace(' ![rel](/local.png)', ''), { imageOrigins: ['*'] });
    expect([...any.querySelectorAll('img')].map((img) => img.getAttribute('src'))).to.deep.equal([
      'http://127.0.0.1:9/cat.png',
      'http://localhost:9/dog.png',
    ]);
    expect(any.textContent).to.contain('[data]');
  });

  it('blocks sanitized together give exactly the nodes of each sanitized alone, and none can escape its wrapper', () => {
    const html = (fragment: DocumentFragment) => {
      const root = document.createElement('div');
      root.append(fragment);
      return root.innerHTML;
    };
    const blocks = [
      '<h1>Title</h1>\n',
      '<p>A <a href="https://example.com">link</a>, <img src="https://images.example/x.png" alt="x"> and <code>code</code>.</p>\n',
      '<pre><code class="language-js">let a = 1 &lt; 2;\n</code></pre>\n',
      '<table>\n<thead>\n<tr>\n<th align="center">a</th>\n</tr>\n</thead>\n<tbody><tr>\n<td>1</td>\n</tr>\n</tbody></table>\n',
      '<ol start="3">\n<li><input checked="" disabled="" type="checkbox"> done</li>\n</ol>\n',
      '<hr>\n',
    ];
    const options = { imageOrigins: ['https://images.example'] };
    expect(sanitizeBlocks(blocks, options).map(html)).to.deep.equal(blocks.map((block) => html(sanitizeToFragment(block, options))));
    // marked never writes these (raw HTML is escaped), but a block that closed its wrapper
    // would mix into its neighbours: the result is still each block sanitized alone.
    const hostile = ['<p>a</p>', '</span><img src=x onerror=alert(1)><span>', '<p>b</p>'];
    expect(sanitizeBlocks(hostile).map(html)).to.deep.equal(hostile.map((block) => html(sanitizeToFragment(block))));
  });

  it('the element passes image-origins to the renderer, and a payload split across chunks is never live', async () => {
    const chunks = ['![ok](http://127.0.0.1', ':9/a.png) <img src=x on', 'error=alert(1)> [x](javas', 'cript:alert(1)) ![no](https://evil.example/b.png)'];
    const { url } = await script({ chunks: chunks.flatMap((delta) => [sse({ delta }), { delay: 30 }]).concat(sse({ type: 'done' })) });
    const el = await chat({ endpoint: url, 'image-origins': 'http://127.0.0.1:9' });
    const seen: string[] = [];
    const watcher = new MutationObserver(() => seen.push(...attributesOf(lastAnswer(el) ?? document.createElement('div'))));
    watcher.observe(el.shadowRoot!, { childList: true, subtree: true, attributes: true });
    await el.send('images');
    watcher.disconnect();
    const answer = lastAnswer(el);
    expect([...answer.querySelectorAll('img')].map((img) => img.getAttribute('src'))).to.deep.equal(['http://127.0.0.1:9/a.png']);
    expect([...answer.querySelectorAll('a[href]')].map((a) => a.textContent)).to.deep.equal(['[no]']);
    expect(answer.textContent).to.contain('<img src=x onerror=alert(1)>');
    expect(seen.length).to.be.greaterThan(0);
    expect(seen.filter((a) => /onerror|javascript:|^img src=(?!http:\/\/127\.0\.0\.1:9\/)/i.test(a))).to.deep.equal([]);
  });
});

/** Sends as the user does, and waits for the answer to end. */
async function ask(el: StreamChat, text = 'Hello') {
  const log = recordEvents(el);
  await typeAndEnter(el, text);
  await waitUntil(() => log.of('stream-complete').length > 0, 'the stream did not end', { timeout: 10_000 });
  await el.updateComplete;
  const message = log.of('stream-complete')[0].message;
  return { log, message, errors: log.of('stream-error'), errorLine: $(el, '.message.assistant [part=error]')?.textContent?.trim() ?? '' };
}

/** The user's message is still there, in the data and on screen. */
function expectUserMessageKept(el: StreamChat, text = 'Hello') {
  expect(el.messages.filter((m) => m.role === 'user').map((m) => m.content)).to.deep.equal([text]);
  expect($(el, '[part~=user]')!.textContent).to.contain(text);
}

/** Captures console.warn while `run` runs. */
async function warnings(run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return seen;
}

const delta = (text: string) => sse({ delta: text });
const done = sse({ type: 'done' });

describe('bad input: a clear error, nothing lost', () => {
  it('malformed JSON in a stream that goes on is skipped with one console warning', async () => {
    const { url } = await script({ chunks: [delta('Hello'), 'data: {"delta": "brok\n\n', delta(' world'), 'data: not json either\n\n', delta('!'), done] });
    const el = await chat({ endpoint: url, format: 'native' });
    let result!: Awaited<ReturnType<typeof ask>>;
    const warned = await warnings(async () => (result = await ask(el)));
    expect(result.message.status).to.equal('complete');
    expect(result.message.content).to.equal('Hello world!');
    expect(result.errors).to.deep.equal([]);
    expect(warned.filter((w) => w.includes('not valid JSON'))).to.have.length(1);
    expect(lastAnswer(el).textContent).to.contain('Hello world!');
  });

  for (const [where, chunks] of [
    ['after a recognised payload', [delta('Hello'), 'data: {"delta": "brok\n\n', delta(' world'), done]],
    ['as the first payload', ['data: {"delta": "brok\n\n', delta('Hello'), delta(' world'), done]],
  ] as const) {
    it(`malformed JSON with format="auto" ${where} is skipped too, not shown`, async () => {
      const { url } = await script({ chunks: [...chunks] });
      const el = await chat({ endpoint: url });
      const { message, errors } = await ask(el);
      expect([message.status, message.content, errors.length]).to.deep.equal(['complete', 'Hello world', 0]);
      expect(lastAnswer(el).textContent).to.not.contain('{');
    });
  }

  it('a stream in which nothing is recognisable is a protocol error', async () => {
    const { url } = await script({ chunks: ['data: {"nothing": "known"}\n\n', 'data: {"broken\n\n', 'data: {"also": 1}\n\n'] });
    const el = await chat({ endpoint: url, format: 'native', 'max-retries': '0' });
    const { message, errors, errorLine } = await ask(el);
    expect(message.status).to.equal('error');
    expect(errors.map((e) => [e.error.code, e.willRetry])).to.deep.equal([['protocol', false]]);
    expect(errorLine).to.contain('not in a recognised format');
    expectUserMessageKept(el);
  });

  for (const [protocol, contentType, line] of [
    ['sse', 'text/event-stream', (text: string) => `data: {"delta":"${text}"}\n\n`],
    ['ndjson', 'application/x-ndjson', (text: string) => `{"delta":"${text}"}\n`],
  ] as const) {
    const big = line('x'.repeat(5000));
    for (const [arrival, chunks] of [
      ['across several reads', [line('Before. '), { delay: 30 }, big.slice(0, 2500), { delay: 30 }, big.slice(2500)]],
      ['in one read', [line('Before. '), { delay: 30 }, big]],
      // A fast backend: the text before the oversized event arrives in the same read as its start.
      ['starting in the read that holds the text before it', [line('Before. ') + big.slice(0, 2500), { delay: 30 }, big.slice(2500)]],
    ] as const) {
      it(`an ${protocol} event larger than max-event-bytes (${arrival}) is a protocol error; the text before it stays`, async () => {
        const { url } = await script({ contentType, chunks: [...chunks, line('after')] });
        const el = await chat({ endpoint: url, format: 'native', 'max-event-bytes': '1000', 'max-retries': '0' });
        const { message, errors, errorLine } = await ask(el);
        expect(errors.map((e) => e.error.code)).to.deep.equal(['protocol']);
        expect(errorLine).to.contain('max-event-bytes');
        expect(message.content).to.equal('Before. ');
        expect(lastAnswer(el).textContent).to.contain('Before.');
        expectUserMessageKept(el);
      });
    }
  }

  it('max-event-bytes defaults to 1 MiB', async () => {
    expect((await chat()).maxEventBytes).to.equal(1_048_576);
  });

  it('invalid UTF-8 becomes replacement characters, and the stream completes', async () => {
    const bytes = (...parts: (string | number[])[]) =>
      ({ b64: btoa(parts.map((p) => (typeof p === 'string' ? p : String.fromCharCode(...p))).join('')) });
    const { url } = await script({
      chunks: [bytes('data: {"delta":"ok ', [0xff, 0xfe], ' ', [0xc3], ' ', [0xe2, 0x82], '"}\n\n'), bytes('data: {"delta":" end ', [0xed, 0xa0, 0x80], '"}\n\n'), done],
    });
    const el = await chat({ endpoint: url, format: 'native' });
    const { message, errors } = await ask(el);
    expect([message.status, errors.length]).to.deep.equal(['complete', 0]);
    expect(message.content.startsWith('ok \uFFFD\uFFFD \uFFFD \uFFFD end ')).to.be.true;
    expect(message.content).to.not.match(/[\uD800-\uDFFF]/);
    expect(lastAnswer(el).textContent).to.contain('ok \uFFFD');
  });

  it('a server that never sends headers times out (idle-timeout)', async () => {
    const { url } = await script({ chunks: [{ hang: true }] });
    const el = await chat({ endpoint: url, 'idle-timeout': '300', 'max-retries': '0' });
    const { message, errors, errorLine } = await ask(el);
    expect(message.status).to.equal('error');
    expect(errors.map((e) => e.error.code)).to.deep.equal(['timeout']);
    expect(errorLine.length).to.be.greaterThan(5);
    expectUserMessageKept(el);
  });

  it('an HTML login page instead of a stream is a protocol error, never rendered as an answer', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?fault=html`, 'max-retries': '0' });
    const { message, errors, errorLine } = await ask(el);
    expect(message.status).to.equal('error');
    expect(errors.map((e) => e.error.code)).to.deep.equal(['protocol']);
    expect(errorLine).to.contain('text/html').and.contain('not a stream');
    expect(errorLine).to.not.contain('<');
    expect(message.content).to.equal('');
    expect(lastAnswer(el).textContent).to.equal('');
    expect(el.shadowRoot!.querySelector('.message form')).to.not.exist;
    expectUserMessageKept(el);
  });

  it('a JSON error body with status 200 is a protocol error that shows the server message', async () => {
    const { url } = await script({ contentType: 'application/json', chunks: ['{"error":{"message":"Model overloaded, try later."}}'] });
    const el = await chat({ endpoint: url, 'max-retries': '0' });
    const { message, errors, errorLine } = await ask(el);
    expect(errors.map((e) => e.error.code)).to.deep.equal(['protocol']);
    expect(errorLine).to.contain('Model overloaded, try later.');
    expect(message.content).to.equal('');
    expectUserMessageKept(el);
  });

  it('a failed send keeps the typed text in the composer', async () => {
    const el = await chat();
    await typeAndEnter(el, 'Do not lose me');
    await el.updateComplete;
    expect(($(el, 'textarea') as HTMLTextAreaElement).value).to.equal('Do not lose me');
    expect($(el, '[part=error]')!.textContent).to.contain('endpoint');
  });
});

/** Every record of every IndexedDB database of this origin, as JSON (opened without upgrading anything). */
async function indexedDbContents(): Promise<string> {
  const done = <T>(req: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = () => reject(req.error))));
  const out: string[] = [];
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    const db = await done(indexedDB.open(name));
    for (const store of db.objectStoreNames) out.push(JSON.stringify(await done(db.transaction(store).objectStore(store).getAll())));
    db.close();
  }
  return out.join('\n');
}

describe('secrets given through headers', () => {
  const SECRET = 'sk-test-7f3a9c1e5b';

  it('are sent, but never appear in URLs, events, stats, messages, errors or storage', async () => {
    localStorage.clear();
    const el = await chat({ persist: `secrets-test-${Math.random()}`, 'max-retries': '0', headers: JSON.stringify({ Authorization: `Bearer ${SECRET}`, 'X-Api-Key': SECRET }) });
    const log = recordEvents(el);
    const seen: string[] = [];
    const watch = (event: Event) => seen.push(JSON.stringify((event as CustomEvent).detail));
    const names = ['message-send', 'stream-start', 'stream-chunk', 'stream-complete', 'stream-cancel', 'stream-error', 'connection-change'];
    names.forEach((name) => el.addEventListener(name, watch));

    el.endpoint = `${BACKEND}/api/chat?fault=auth&log=secret-fail`;
    const failed = await el.send('first');
    el.endpoint = `${BACKEND}/api/chat?speed=0&log=secret-ok`;
    const ok = await el.send('second');
    el.headers = { Authorization: `Bearer ${SECRET}` };
    el.endpoint = 'http://127.0.0.1:1/unreachable';
    const unreachable = await el.send('third');
    await el.updateComplete;
    await waitUntil(async () => (await indexedDbContents()).includes('third'), 'the conversation was not persisted');

    expect([failed.status, ok.status, unreachable.status]).to.deep.equal(['error', 'complete', 'error']);
    const [failRequest] = await received('secret-fail');
    const [okRequest] = await received('secret-ok');
    expect(failRequest.headers.authorization).to.equal(`Bearer ${SECRET}`);
    expect(okRequest.headers['x-api-key']).to.equal(SECRET);
    expect([failRequest.url, okRequest.url, failRequest.body, okRequest.body].join(' ')).to.not.contain(SECRET);

    expect(log.events.length).to.be.greaterThan(10);
    const everything = [
      ...seen,
      JSON.stringify(el.stats),
      JSON.stringify(el.messages),
      ...Object.keys(localStorage).map((key) => `${key}=${localStorage.getItem(key)}`),
      ...Object.keys(sessionStorage).map((key) => `${key}=${sessionStorage.getItem(key)}`),
      await indexedDbContents(),
      el.shadowRoot!.textContent ?? '',
      ...$$(el, '*').flatMap((node) => [...node.attributes].map((a) => a.value)),
    ].join('\n');
    expect(everything).to.contain('Invalid API key.');
    expect(everything).to.not.contain(SECRET);
    el.clear();
    localStorage.clear();
  });
});

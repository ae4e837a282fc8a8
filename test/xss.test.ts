// The XSS suite: every payload of the corpus in test/fixtures/xss-corpus (public sources, see
// its README), rendered as model output through the real renderer (alone and inside
// markdown), streamed in seeded random chunk splits; after EVERY render the shadow DOM must
// hold no dangerous element, attribute or URL, and nothing may have executed.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { StreamingMarkdown, type RenderOptions } from '../src/render/streaming-markdown.js';
import { sanitizeToFragment } from '../src/render/sanitize.js';
import { SLOWER, chat, lastAnswer, script, sse } from './helpers.js';

const CORPUS_URL = '/test/fixtures/xss-corpus/corpus.json';
const SEED = 20240806;

interface Payload {
  source: string;
  text: string;
}

async function loadCorpus(): Promise<Payload[]> {
  const response = await fetch(CORPUS_URL);
  if (!response.ok) throw new Error(`The XSS corpus is not readable at ${CORPUS_URL} (${response.status}).`);
  const corpus = (await response.json()) as { dompurify: string[]; payloadsallthethings: Record<string, string[]> };
  return [
    ...corpus.dompurify.map((text) => ({ source: 'dompurify', text })),
    ...Object.entries(corpus.payloadsallthethings).flatMap(([file, list]) => list.map((text) => ({ source: file, text }))),
  ];
}

/** How a payload appears in an answer. */
const CONTEXTS: Record<string, (p: string) => string> = {
  alone: (p) => p,
  paragraph: (p) => `Here is what you asked for: ${p} — done.\n\nNext paragraph.`,
  table: (p) => `| name | value |\n|:-----|------:|\n| ${p.replace(/\n/g, ' ')} | x |\n| y | ${p.replace(/\n/g, ' ')} |`,
  quote: (p) => `> ${p.replace(/\n/g, '\n> ')}\n\nafter`,
  list: (p) => `- first\n- ${p}\n  1. nested ${p}`,
  'link text': (p) => `[${p}](https://example.com/docs) and <https://example.com/${encodeURI(p)}>`,
  'link and image url': (p) => `[open](${p}) ![pic](${p}) [ref][r]\n\n[r]: ${p}`,
  code: (p) => `Inline \`${p}\` then:\n\n\`\`\`html\n${p}\n\`\`\`\n`,
  emphasis: (p) => `**${p}** and ~~_${p}_~~`,
  'image, images allowed': (p) => `![${p}](${IMAGE_ORIGIN}/x.png "${p}") ![i](${localized(p)})`,
};

const ELEMENTS = new Set([
  'div', 'span', 'a', 'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 's', 'code', 'pre',
  'blockquote', 'ul', 'ol', 'li', 'input', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub',
]);
const ATTRIBUTES = new Set(['href', 'title', 'alt', 'align', 'start', 'type', 'checked', 'disabled', 'class', 'target', 'rel', 'part', 'aria-hidden']);
const SCRIPT_URL = /^(?:javascript|vbscript|livescript|data):/i;

/**
 * The allowed image origin where it is allowed: a port Chromium refuses to connect to, so
 * an image that survives fails at once, without any network, and would run its onerror.
 */
const IMAGE_ORIGIN = 'http://127.0.0.1:9';
const IMAGES: RenderOptions = { streaming: false, imageOrigins: [IMAGE_ORIGIN] };
/** A payload with its absolute URLs and every `src` moved to the allowed image origin, so its images survive. */
const localized = (payload: string) =>
  payload
    .replace(/(?:https?:)?\/\/[^\s"'`<>/\\]+/gi, IMAGE_ORIGIN)
    .replace(/(\bsrc\s*=\s*)(["'`]?)(?!http)[^\s"'`>]*\2/gi, `$1$2${IMAGE_ORIGIN}/x.png$2`);

/**
 * The renderer's own "Copy code" button, created by our code after sanitizing: named, and
 * holding its icon (an <svg> with one <path>) and nothing else.
 */
function isCopyButton(el: Element | null): boolean {
  if (el?.localName !== 'button' || el.className !== 'copy-code' || el.getAttribute('type') !== 'button' || el.textContent) return false;
  const names = [...el.attributes].map((a) => a.name).sort();
  const icon = [...el.querySelectorAll('*')].map((node) => `${node.localName}:${[...node.attributes].map((a) => a.name).sort()}`);
  return names.join() === 'aria-label,class,part,title,type' && icon.join() === 'svg:aria-hidden,viewBox,path:d';
}

/** What is wrong with one element, or undefined. An image is wrong unless its origin is allowed. */
function problemOf(el: Element, images: readonly string[]): string | undefined {
  const tag = el.localName;
  if (isCopyButton(el.closest('button'))) return undefined;
  if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') return `<${tag}> in namespace ${el.namespaceURI}`;
  if (!ELEMENTS.has(tag) && !(tag === 'img' && images.length)) return `<${tag}>`;
  for (const { name, value } of el.attributes) {
    if (/^on/i.test(name)) return `<${tag} ${name}>`;
    if (!ATTRIBUTES.has(name) && !(tag === 'img' && name === 'src')) return `<${tag} ${name}="${value.slice(0, 60)}">`;
  }
  for (const name of ['href', 'src']) {
    const url = el.getAttribute(name);
    if (url === null) continue;
    // eslint-disable-next-line no-control-regex -- browsers ignore these inside a scheme
    if (SCRIPT_URL.test(url.replace(/[\u0000-\u0020\u00a0\u1680\u180e\u2000-\u2029\u205f\u3000]/g, ''))) return `${name}="${url.slice(0, 60)}"`;
    // A URL the parser rejects loads and navigates nowhere.
    const parsed = URL.parse(url, location.href);
    if (parsed && !['http:', 'https:', 'mailto:'].includes(parsed.protocol)) return `${name} with ${parsed.protocol}`;
    if (name === 'src' && parsed && !images.includes(parsed.origin)) return `image from ${parsed.origin}`;
  }
  const href = el.getAttribute('href');
  if (tag === 'a' && href !== null && (el.getAttribute('target') !== '_blank' || !/\bnoopener\b.*\bnoreferrer\b/.test(el.getAttribute('rel') ?? '')))
    return 'a link without target=_blank rel="noopener noreferrer"';
  return undefined;
}

/** Problems in the trees under `roots`, and in everything inserted or changed per `records`. */
function inspect(roots: Iterable<Node>, records: MutationRecord[], images: readonly string[] = []): string[] {
  const problems = new Set<string>();
  const check = (node: Node) => {
    if (!(node instanceof Element)) return;
    for (const el of [node, ...node.querySelectorAll('*')]) {
      const problem = problemOf(el, images);
      if (problem) problems.add(problem);
    }
  };
  for (const record of records) {
    record.addedNodes.forEach(check);
    if (record.type === 'attributes') check(record.target);
  }
  for (const root of roots) root.childNodes.forEach(check);
  return [...problems];
}

/** Records calls to everything payloads call to prove they ran. */
function installTraps() {
  const calls: string[] = [];
  const names = ['alert', 'confirm', 'prompt', 'print', '__xss'] as const;
  const w = window as unknown as Record<string, unknown>;
  const saved = names.map((name) => w[name]);
  for (const name of names) w[name] = (...args: unknown[]) => void calls.push(`${name}(${args.map(String).join(', ')})`);
  const onError = (event: ErrorEvent) => calls.push(`error: ${event.message}`);
  window.addEventListener('error', onError);
  return {
    calls,
    restore() {
      names.forEach((name, i) => (w[name] = saved[i]));
      window.removeEventListener('error', onError);
    },
  };
}

/** Handlers of anything inserted would run asynchronously (an image's onerror): let them. */
const settle = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));

/** Seeded chunk sizes, consumed in turn by every stream of the suite. */
const CHUNK_SIZES = fc.sample(fc.oneof({ arbitrary: fc.integer({ min: 1, max: 8 }), weight: 1 }, { arbitrary: fc.integer({ min: 9, max: 96 }), weight: 3 }), {
  seed: SEED,
  numRuns: 4096,
});
let nextSize = 0;
function* chunkEnds(length: number): Generator<number> {
  for (let end = 0; end < length; ) {
    end = Math.min(length, end + CHUNK_SIZES[nextSize++ % CHUNK_SIZES.length]);
    yield end;
  }
}

/** A shadow root with a content div, as the element renders answers. */
function renderRoot() {
  const host = document.createElement('div');
  document.body.append(host);
  const content = document.createElement('div');
  content.setAttribute('part', 'content');
  content.className = 'content';
  host.attachShadow({ mode: 'open' }).append(content);
  const observer = new MutationObserver(() => {});
  observer.observe(host.shadowRoot!, { childList: true, subtree: true, attributes: true });
  return { host, content, observer };
}

describe('XSS corpus through the streaming renderer', function () {
  this.timeout(120_000 * SLOWER);
  let corpus: Payload[];
  let traps: ReturnType<typeof installTraps>;

  before(async () => {
    corpus = await loadCorpus();
    traps = installTraps();
  });
  beforeEach(() => (traps.calls.length = 0));
  after(() => traps.restore());

  it('reads the whole corpus', () => {
    expect(corpus.length).to.be.greaterThan(900);
    expect(new Set(corpus.map((p) => p.source)).size).to.be.greaterThan(5);
  });

  for (const [context, wrap] of Object.entries(CONTEXTS)) {
    // The element's default: no image origin.
    const options = context.includes('images allowed') ? IMAGES : { streaming: false, imageOrigins: [] };
    it(`every payload ${context}: safe at every render of a random chunking, and nothing runs`, async () => {
      const { host, content, observer } = renderRoot();
      const failures: string[] = [];
      let renders = 0;
      for (const [index, payload] of corpus.entries()) {
        const text = wrap(payload.text);
        const renderer = new StreamingMarkdown(content);
        const render = (prefix: string, streaming: boolean) => {
          renderer.update(prefix, { ...options, streaming });
          renders++;
          for (const problem of inspect([host.shadowRoot!], observer.takeRecords(), options.imageOrigins))
            failures.push(`#${index} (${payload.source}) after ${prefix.length}/${text.length} chars: ${problem}`);
        };
        for (const end of chunkEnds(text.length)) render(text.slice(0, end), true);
        render(text, false);
        content.replaceChildren();
        observer.takeRecords();
      }
      await settle();
      host.remove();
      expect(failures.slice(0, 20), `${failures.length} unsafe renders`).to.deep.equal([]);
      expect(traps.calls).to.deep.equal([]);
      expect(renders).to.be.greaterThan(corpus.length * 2);
    });
  }

  it('every payload as raw HTML straight into the sanitizer (no markdown escaping), at every chunk prefix, with and without images', async () => {
    const { host, content, observer } = renderRoot();
    const failures: string[] = [];
    let images = 0;
    for (const imageOrigins of [[], IMAGES.imageOrigins!]) {
      for (const [index, payload] of corpus.entries()) {
        const html = imageOrigins.length ? localized(payload.text) : payload.text;
        for (const end of chunkEnds(html.length)) {
          content.replaceChildren(sanitizeToFragment(html.slice(0, end), { imageOrigins }));
          images += content.querySelectorAll('img').length;
          for (const problem of inspect([host.shadowRoot!], observer.takeRecords(), imageOrigins)) failures.push(`#${index} (${payload.source}): ${problem}`);
        }
      }
    }
    expect(images, 'no payload kept an image: the images-allowed pass tested nothing').to.be.greaterThan(10);
    await settle();
    host.remove();
    expect(failures.slice(0, 20), `${failures.length} unsafe sanitizer outputs`).to.deep.equal([]);
    expect(traps.calls).to.deep.equal([]);
  });

  it('end to end: payloads streamed by the backend in random event and byte splits never leave anything unsafe in the element', async () => {
    const answers = fc.sample(fc.shuffledSubarray(corpus, { minLength: 30, maxLength: 30 }), { seed: SEED, numRuns: 3 });
    const contexts = Object.values(CONTEXTS);
    for (const [run, picked] of answers.entries()) {
      const markdown = picked.map((p, i) => contexts[i % contexts.length](p.text)).join('\n\n');
      const wire = new TextEncoder().encode(sse(...pieces(markdown).map((delta) => ({ delta })), { type: 'done' }));
      // The bytes arrive in random pieces (cutting events and UTF-8 sequences) with pauses, so the element renders often.
      const chunks = pieces(wire).flatMap((bytes, i) => [{ b64: btoa(String.fromCharCode(...bytes)) }, ...(i % 25 === 24 ? [{ delay: 16 }] : [])]);
      const { url } = await script({ chunks });
      const el = await chat({ endpoint: url, format: 'native' });
      const answers = () => el.shadowRoot!.querySelectorAll('.message.assistant .content');
      const inAnswer = (r: MutationRecord) => ((r.target instanceof Element ? r.target : r.target.parentElement)?.closest('.content') ?? null) !== null;
      const failures: string[] = [];
      // Runs after every render of the element: sees each intermediate state.
      const watcher = new MutationObserver((records) => {
        failures.push(...inspect(answers(), records.filter(inAnswer)));
      });
      watcher.observe(el.shadowRoot!, { childList: true, subtree: true, attributes: true, characterData: true });
      const message = await el.send(`run ${run}`);
      await el.updateComplete;
      await settle();
      failures.push(...inspect(answers(), watcher.takeRecords().filter(inAnswer)));
      watcher.disconnect();
      expect(message.status).to.equal('complete');
      expect(message.content).to.equal(markdown);
      expect(lastAnswer(el).querySelector('[part=cursor]')).to.not.exist;
      expect(failures.slice(0, 20), `${failures.length} unsafe renders`).to.deep.equal([]);
      expect(traps.calls).to.deep.equal([]);
    }
  });
});

/** A random split of a string or bytes into consecutive pieces. */
function pieces<T extends string | Uint8Array>(whole: T): T[] {
  const out: T[] = [];
  let start = 0;
  for (const prefix of chunkEnds(whole.length)) {
    out.push(whole.slice(start, prefix) as T);
    start = prefix;
  }
  return out;
}

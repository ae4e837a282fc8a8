// Every shape of answer renders completely, whatever its chunking, and a huge unfinished
// block arriving at once is shown in a few frames (issue 16: the renderer never idles
// while text is waiting). Equivalence and completion tests, not timed ones.
import { expect } from '@open-wc/testing';
import { longAnswer } from '../demo/answers.mjs';
import { StreamingMarkdown } from '../src/render/streaming-markdown.js';
import { SLOWER, chat, lastAnswer, script, sse, watchRenders } from './helpers.js';

/** `size` characters of one shape of answer (the nested list goes 40 levels deep). */
function shape(name: string, size: number): string {
  const fill = (line: (i: number) => string, head = '', tail = '') => {
    let text = head;
    for (let i = 0; text.length < size - tail.length; i++) text += line(i);
    return text + tail;
  };
  switch (name) {
    case 'a document':
      return longAnswer(size);
    case 'one paragraph':
      return fill((i) => `word${i} with *some* text, **bold** and \`code\`${i % 8 === 7 ? '\n' : ' '}`);
    case 'one line':
      return fill((i) => `word${i} with *some* text, **bold** and \`code\` `);
    case 'one table':
      return fill((i) => `| row ${i} | ${'x'.repeat(20)} | *${i}* |\n`, '| a | b | c |\n|---|---|---|\n');
    case 'one code fence':
      return fill((i) => `const value${i} = compute(${i}); // line\n`, '```js\n', '```\n');
    case 'a deeply nested list':
      return fill((i) => `${'  '.repeat(i % 40)}- item ${i}\n`);
    default:
      return fill((i) => `- item ${i}\n`); // 10,000 one-line items at 100 KB
  }
}
const SHAPES = ['a document', 'one paragraph', 'one line', 'one table', 'one code fence', 'a deeply nested list', 'one-line list items'];
/**
 * 1-character chunks cost the transport (one SSE event each: ~15 s for 100 KB in Chromium),
 * not the renderer, whose updates stay one per frame: a smaller answer covers the path,
 * smaller still where marked runs slower (WebKit ~10x).
 */
const CHUNKED_SIZE = Math.round(20_000 / SLOWER);

function oneShot(text: string): string {
  const root = document.createElement('div');
  new StreamingMarkdown(root).update(text, { streaming: false });
  return root.innerHTML;
}

/** Streams `chunks` to a new element; returns the message and the renders of over 1,000 characters. */
async function streamed(chunks: string[]) {
  const { url } = await script({ chunks: [...chunks.map((delta) => sse({ delta })), sse({ type: 'done' })] });
  let renders = 0;
  const stopWatching = watchRenders((rendered) => rendered.length > 1000 && renders++);
  try {
    const el = await chat({ endpoint: url, format: 'native' });
    const message = await el.send('a shape');
    await el.updateComplete;
    return { el, message, renders };
  } finally {
    stopWatching();
  }
}

describe('answers of every shape', () => {
  for (const name of SHAPES) {
    it(`${name} of 100 KB arriving at once ends complete, with the DOM of a one-shot render`, async function () {
      this.timeout(30_000 * SLOWER);
      const text = shape(name, 100_000);
      const { el, message } = await streamed([text]);
      expect(message.status).to.equal('complete');
      expect(message.content).to.equal(text);
      expect(lastAnswer(el).innerHTML).to.equal(oneShot(text));
    });

    it(`${name} arriving in 1-character chunks ends complete, with the DOM of a one-shot render`, async function () {
      this.timeout(30_000 * SLOWER);
      const text = shape(name, CHUNKED_SIZE);
      const { el, message } = await streamed([...text]);
      expect(message.status).to.equal('complete');
      expect(message.content).to.equal(text);
      expect(lastAnswer(el).innerHTML).to.equal(oneShot(text));
    });
  }

  it('a 100 KB paragraph arriving at once is shown in a few frames, not in slices that each re-render it', async function () {
    this.timeout(30_000 * SLOWER);
    // All of it is the unfinished tail: each paced frame renders the whole paragraph again,
    // so each must add at least as much again (fixed slices: ~100 frames, quadratic work).
    for (const name of ['one paragraph', 'one line']) {
      const text = shape(name, 100_000);
      const { el, renders } = await streamed([text]);
      expect(lastAnswer(el).innerHTML).to.equal(oneShot(text));
      expect(renders, name).to.be.within(1, 12);
    }
  });
});

// Every shape of answer renders completely, whatever its chunking, and a huge unfinished
// block arriving at once is shown in a few frames (issue 16: the renderer never idles
// while text is waiting). Equivalence and completion tests, not timed ones.
import { expect } from '@open-wc/testing';
import { SHAPES, shape } from '../demo/shapes.mjs';
import { SLOWER, answerHtml, oneShot, streamed } from './helpers.js';

/**
 * 1-character chunks cost the transport (one SSE event each: ~15 s for 100 KB in Chromium),
 * not the renderer, whose updates stay one per frame: a smaller answer covers the path,
 * smaller still where marked runs slower (WebKit ~10x).
 */
const CHUNKED_SIZE = Math.round(20_000 / SLOWER);

describe('answers of every shape', () => {
  for (const name of SHAPES) {
    it(`${name} of 100 KB arriving at once ends complete, with the DOM of a one-shot render`, async function () {
      this.timeout(30_000 * SLOWER);
      const text = shape(name, 100_000);
      const { el, message } = await streamed([text]);
      expect(message.status).to.equal('complete');
      expect(message.content).to.equal(text);
      expect(answerHtml(el)).to.equal(oneShot(text));
    });

    it(`${name} arriving in 1-character chunks ends complete, with the DOM of a one-shot render`, async function () {
      this.timeout(30_000 * SLOWER);
      const text = shape(name, CHUNKED_SIZE);
      const { el, message } = await streamed([...text]);
      expect(message.status).to.equal('complete');
      expect(message.content).to.equal(text);
      expect(answerHtml(el)).to.equal(oneShot(text));
    });
  }

  it('a 100 KB paragraph arriving at once is shown in a few frames, not in slices that each re-render it', async function () {
    this.timeout(30_000 * SLOWER);
    // All of it is the unfinished tail: each paced frame renders the whole paragraph again,
    // so each must add at least as much again (fixed slices: ~100 frames, quadratic work).
    for (const name of ['one paragraph', 'one line']) {
      const text = shape(name, 100_000);
      const { el, renders } = await streamed([text]);
      expect(answerHtml(el)).to.equal(oneShot(text));
      expect(renders, name).to.be.within(1, 12);
    }
  });
});

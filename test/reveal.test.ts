// The `reveal` attribute (issue 17): a streaming answer's text comes onto the screen at a
// pace that adapts to the backlog (bursts over several frames, a slow stream barely
// behind), `fade` fades each new block in, everything is shown at once on a stop, under
// `prefers-reduced-motion` or with `reveal="none"` (which runs no reveal code at all), the
// final text is on screen within REVEAL_END_MS of the end, and the events are never delayed.
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { IndexedDbStore } from '../src/core/storage.js';
import { REVEAL_END_MS, Reveal, revealStep, type RevealPace } from '../src/render/reveal.js';
import type { StreamChat } from '../src/stream-chat.js';
import { SLOWER, chat, chromiumOnly, lastAnswer, oneEvent, script, sse, waitUntil, watchRenders } from './helpers.js';

/** Plain words (no markdown syntax): the text rendered is the text arrived. */
const words = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `word${from + i}`).join(' ');

const MARKDOWN = `# A title

Some **bold**, *em*, \`code\` and a [link](https://example.com).

- one
- two with ${words(40)}

| a | b |
|---|---|
| 1 | 2 |

\`\`\`js
let x = 1;
\`\`\`

${words(200)}
`;

/** Records, per render of `el`'s answer, how many of its characters were shown and when. */
function watchShown(el: () => StreamChat | undefined) {
  const shown: { length: number; at: number; streaming: boolean; status: string }[] = [];
  const stop = watchRenders((text, options) => {
    const answer = el()?.messages.at(-1);
    if (answer && text && answer.content.startsWith(text)) shown.push({ length: text.length, at: performance.now(), streaming: options.streaming, status: answer.status });
  });
  return { shown, stop };
}

describe('reveal: the pace (fake clock)', () => {
  const start = (): RevealPace => ({ shown: 0, speed: 80, at: 0 });

  it('reveals a burst over several frames, quickly, each frame more', () => {
    const pace = start();
    const frames: number[] = [];
    for (let now = 16; pace.shown < 2000 && now < 5000; now += 16) {
      revealStep(pace, 2000, now, false);
      frames.push(pace.shown);
    }
    expect(frames[0], 'the first frame shows nearly all of it').to.be.below(100);
    expect(frames.length, 'frames to reveal 2,000 characters').to.be.within(10, 60);
    expect(frames.every((n, i) => i === 0 || n > frames[i - 1]), 'a frame showed nothing new').to.be.true;
  });

  it('keeps up with a slow stream: each piece is shown well before the next arrives', () => {
    const pace = start();
    let length = 0;
    for (let now = 16; now < 4000; now += 16) {
      if (now % 208 === 0) {
        expect(pace.shown, `behind at ${now} ms`).to.equal(length);
        length += 12; // 12 characters every 208 ms: about 58 a second
      }
      revealStep(pace, length, now, false);
    }
  });

  // The end counts from the first frame after it: within a frame of the end itself.
  for (const frame of [16, 100, 400]) {
    it(`shows everything within ${REVEAL_END_MS} ms of the first frame after the end, at frames every ${frame} ms`, () => {
      const pace = start();
      revealStep(pace, 50_000, 16, false);
      const end = 16 + frame;
      let now = end;
      revealStep(pace, 50_000, now, true);
      while (pace.shown < 50_000) revealStep(pace, 50_000, (now += frame), true);
      expect(now - end, 'ms after the end').to.be.below(REVEAL_END_MS + frame);
      expect(now - end, 'shown at once').to.be.at.least(frame);
    });
  }
});

describe('reveal: the element', function () {
  this.timeout(30_000);

  let el: StreamChat | undefined;
  afterEach(() => {
    el?.stop();
    el = undefined;
  });

  /** A `reveal` element whose answer is `text` at once, then the end (or nothing more: `hang`). */
  async function burst(reveal: string | undefined, text: string, end: 'done' | 'hang') {
    const { url } = await script({ chunks: [sse({ delta: text }), end === 'done' ? sse({ type: 'done' }) : { hang: true }] });
    el = await chat({ endpoint: url, reveal });
    return el;
  }

  for (const reveal of ['typewriter', 'fade']) {
    it(`${reveal}: a burst is shown over several frames, growing each frame, not at once`, async () => {
      const watch = watchShown(() => el);
      try {
        const el = await burst(reveal, words(300), 'hang');
        const pending = el.send('go');
        await waitUntil(() => watch.shown.at(-1)?.length === el.messages.at(-1)!.content.length && el.messages.at(-1)!.content.length > 0, 'never caught up');
        const lengths = watch.shown.map((s) => s.length).filter((n) => n > 0);
        expect(lengths[0], 'the first frame showed most of the burst').to.be.below(words(300).length / 3);
        expect(lengths.length, 'frames to reveal it').to.be.at.least(5);
        expect(lengths.every((n, i) => i === 0 || n >= lengths[i - 1])).to.be.true;
        el.stop();
        await pending;
      } finally {
        watch.stop();
      }
    });

    it(`${reveal}: the answer, once shown, is the DOM of a render without reveal`, async () => {
      const { url } = await script({ chunks: [sse({ delta: MARKDOWN.slice(0, 300) }), { delay: 100 }, sse({ delta: MARKDOWN.slice(300) }), sse({ type: 'done' })] });
      const revealed = await chat({ endpoint: url, reveal });
      const plain = await chat({ endpoint: url });
      await revealed.send('go');
      await plain.send('go');
      await revealed.updateComplete;
      await plain.updateComplete;
      expect(lastAnswer(revealed).innerHTML).to.equal(lastAnswer(plain).innerHTML);
      expect(lastAnswer(revealed).querySelector('table'), 'not the markdown answer').to.exist;
    });
  }

  it('a slow stream is shown about as it arrives', async () => {
    // About 170 characters a second: faster than the reveal's slowest speed.
    const pieces = Array.from({ length: 12 }, (_, i) => `${words(4, i * 4)} `);
    const { url } = await script({ chunks: [...pieces.flatMap((p) => [sse({ delta: p }), { delay: 150 }]), sse({ type: 'done' })] });
    el = await chat({ endpoint: url, reveal: 'typewriter' });
    const arrivals: { length: number; at: number }[] = [];
    el.addEventListener('stream-chunk', (e) => arrivals.push({ length: (e as CustomEvent).detail.content.length, at: performance.now() }));
    const watch = watchShown(() => el);
    try {
      await el.send('go');
      await el.updateComplete;
    } finally {
      watch.stop();
    }
    // Each piece is on screen within 700 ms of its arrival (in Chromium; engines with slower
    // frames get more): about 200 ms, give or take the load of a shared machine (at the
    // slowest speed, the last would be 2 s behind).
    const late = arrivals.filter((piece) => (watch.shown.find((s) => s.length >= piece.length)?.at ?? Infinity) > piece.at + 700 * SLOWER);
    expect(arrivals.length).to.be.at.least(12);
    expect(late, `pieces shown late: ${JSON.stringify({ arrivals, shown: watch.shown })}`).to.deep.equal([]);
  });

  it('a stop shows everything at once', async () => {
    // Short enough for one frame of the renderer's pacing (at least 250 characters).
    const text = words(30);
    const watch = watchShown(() => el);
    try {
      const el = await burst('typewriter', text, 'hang');
      const pending = el.send('go');
      // Stopped right after the first frame that showed some of it.
      const shown = await new Promise<number>((resolve) => {
        const stopWatching = watchRenders((rendered) => {
          if (!rendered || !el.messages.at(-1)!.content.startsWith(rendered)) return; // the idle warm-up's sample
          stopWatching();
          setTimeout(() => (el.stop(), resolve(rendered.length)));
        });
      });
      expect(shown, 'the burst was shown at once').to.be.below(text.length);
      await pending;
      await el.updateComplete;
      const stopped = watch.shown.findIndex((s) => s.status === 'cancelled');
      expect(stopped, JSON.stringify(watch.shown)).to.be.above(0);
      expect(watch.shown[stopped - 1].length, 'caught up before the stop').to.be.below(text.length);
      // The first render after the stop that shows more shows it all (it comes on the pacer's
      // next turn; later ones are of the settled message: the same text).
      const more = watch.shown.slice(stopped).map((s) => s.length).filter((length) => length !== watch.shown[stopped - 1].length);
      expect(more.length, 'nothing more was shown after the stop').to.be.above(0);
      expect(more, 'the renders after the stop that show more').to.deep.equal(more.map(() => text.length));
    } finally {
      watch.stop();
    }
  });

  it(`after the end the whole answer is shown within ${REVEAL_END_MS} ms; stream-complete and the message are not delayed`, async () => {
    const text = words(1000);
    const el = await burst('typewriter', text, 'done');
    const watch = watchShown(() => el);
    try {
      const complete = oneEvent(el, 'stream-complete');
      void el.send('go');
      const { detail } = await complete;
      const ended = performance.now();
      expect(detail.message.content).to.equal(text);
      expect(el.messages.at(-1)!.content).to.equal(text);
      expect(watch.shown.at(-1)?.length ?? 0, 'stream-complete waited for the reveal').to.be.below(text.length);
      await waitUntil(() => watch.shown.at(-1)?.length === text.length && !watch.shown.at(-1)!.streaming, 'never finished');
      // The bound, plus the frames a loaded machine takes to render the rest (more in slower engines).
      expect(watch.shown.at(-1)!.at - ended).to.be.at.most(REVEAL_END_MS + 250 * SLOWER);
    } finally {
      watch.stop();
    }
  });

  it('fade fades each new block in, and a growing block is never faded in again', async () => {
    const paragraphs = Array.from({ length: 3 }, (_, p) => Array.from({ length: 10 }, (_, i) => `${words(3, p * 100 + i * 3)} `));
    const chunks = paragraphs.flatMap((pieces, p) => [...pieces.flatMap((piece) => [sse({ delta: piece }), { delay: 60 }]), sse({ delta: p < 2 ? '\n\n' : '' })]);
    const { url } = await script({ chunks: [...chunks, sse({ type: 'done' })] });
    el = await chat({ endpoint: url, reveal: 'fade' });
    const content = () => lastAnswer(el!);
    // Per block position: the fade's progress right after each render (frames can be slow: a sample per frame could miss one).
    const seen = new Map<number, number[]>();
    const { fade } = Reveal.prototype;
    Reveal.prototype.fade = function (this: Reveal, root: HTMLElement) {
      fade.call(this, root);
      [...root.children].forEach((block, i) => {
        for (const animation of block.getAnimations()) {
          // A fade that ended may be listed until the next frame (WebKit): not one that started over.
          if (!(animation instanceof CSSAnimation) && animation.currentTime !== null && animation.playState !== 'finished') seen.set(i, [...(seen.get(i) ?? []), Number(animation.currentTime)]);
        }
      });
    };
    try {
      await el.send('go');
      await el.updateComplete;
    } finally {
      Reveal.prototype.fade = fade;
    }
    expect([...seen.keys()].sort(), 'blocks that faded in').to.deep.equal([0, 1, 2]);
    for (const [i, times] of seen) {
      // Each paragraph grows for ~600 ms, replaced by the renderer at every frame: its fade continues, it never starts over.
      expect(Math.max(...times), `block ${i}`).to.be.below(400);
      expect(times.every((t, k) => k === 0 || t >= times[k - 1] - 1), `block ${i} faded in again: ${times.map(Math.round)}`).to.be.true;
    }
    expect(content().getAnimations({ subtree: true }).filter((a) => !(a instanceof CSSAnimation))).to.deep.equal([]);
  });

  it('typewriter animates nothing', async () => {
    const el = await burst('typewriter', MARKDOWN, 'done');
    let animations = 0;
    const done = el.send('go');
    const sample = () => {
      animations += lastAnswer(el)?.getAnimations({ subtree: true }).filter((a) => !(a instanceof CSSAnimation)).length ?? 0;
      if (el.messages.at(-1)?.status !== 'complete') requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
    await done;
    expect(animations).to.equal(0);
  });

  for (const reveal of [undefined, 'none', 'sideways']) {
    it(`reveal=${reveal ?? '(absent)'} runs no reveal code: every render shows all that arrived`, async () => {
      const calls: string[] = [];
      const { upto, fade } = Reveal.prototype;
      Reveal.prototype.upto = function (this: Reveal, ...args) {
        calls.push('upto');
        return upto.apply(this, args);
      };
      Reveal.prototype.fade = function (this: Reveal, ...args) {
        calls.push('fade');
        return fade.apply(this, args);
      };
      const warn = console.warn;
      const warnings: string[] = [];
      console.warn = (message: string) => warnings.push(message);
      const watch = watchShown(() => el);
      try {
        const el = await burst(reveal, words(25), 'done');
        await el.send('go');
        await el.updateComplete;
        expect(calls).to.deep.equal([]);
        // The first render shows the whole burst (a frame holds at least 250 characters); at most one more ends it.
        const renders = watch.shown.map((s) => s.length);
        expect(renders.length).to.be.within(1, 2);
        expect(renders.every((n) => n === words(25).length), `renders: ${renders}`).to.be.true;
        expect(warnings).to.deep.equal(reveal === 'sideways' ? ['<stream-chat>: reveal="sideways" is not a valid value; use one of: none, fade, typewriter.'] : []);
        // The same with a reveal: its code runs.
        el.reveal = 'typewriter';
        await el.regenerate();
        await el.updateComplete;
        expect(calls).to.include('upto');
      } finally {
        watch.stop();
        Reveal.prototype.upto = upto;
        Reveal.prototype.fade = fade;
        console.warn = warn;
      }
    });
  }

  it('an answer restored from storage is shown at once, never revealed', async () => {
    const persist = `reveal-${Date.now()}`;
    const { url } = await script({ chunks: [sse({ delta: words(40) }), sse({ type: 'done' })] });
    const first = await chat({ endpoint: url, persist, reveal: 'typewriter' });
    await first.send('go');
    await first.updateComplete;
    await waitUntil(async () => (await new IndexedDbStore().load(persist))?.length === 2, 'not saved');
    // Gone before the watch: its own reveal of the same text may still be under way (on a
    // loaded machine), and its renders would count as the restored element's.
    first.remove();
    const watch = watchShown(() => el);
    try {
      el = await chat({ endpoint: url, persist, reveal: 'typewriter' });
      await waitUntil(() => el!.messages.length === 2, 'not restored');
      await el.updateComplete;
      expect(watch.shown.map((s) => s.length)).to.deep.equal([words(40).length]);
    } finally {
      watch.stop();
    }
  });

  chromiumOnly('media emulation goes through the DevTools protocol')('is off under prefers-reduced-motion: a burst is shown at once, nothing fades', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const watch = watchShown(() => el);
    try {
      const text = `# Title\n\n${words(25)}`;
      const el = await burst('fade', text, 'hang');
      const pending = el.send('go');
      await waitUntil(() => watch.shown.some((s) => s.length > 0), 'nothing shown');
      expect(watch.shown[0].length).to.equal(text.length);
      expect(lastAnswer(el).getAnimations({ subtree: true }).filter((a) => !(a instanceof CSSAnimation))).to.deep.equal([]);
      el.stop();
      await pending;
    } finally {
      watch.stop();
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});

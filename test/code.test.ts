// Code blocks: the language label, the `highlight` hook (once per finished block, never per
// frame, sanitized, a failing hook harmless) and the `stream-chat-element/highlight` add-on.
import { expect } from '@open-wc/testing';
import type { StreamChat } from '../src/stream-chat.js';
import type { CodeHighlighter } from '../src/types.js';
import { $, chat, lastAnswer, script, sse, waitUntil } from './helpers.js';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Sends a question and has the backend answer `answer` in one piece. */
async function answer(el: StreamChat, text: string): Promise<void> {
  el.endpoint = (await script({ chunks: [sse({ delta: text }, { type: 'done' })] })).url;
  expect((await el.send('Show me code')).status).to.equal('complete');
  await el.updateComplete;
}

/** Sends a question and has the backend stream `text` in `size`-character pieces, `delay` ms apart. */
async function stream(el: StreamChat, text: string, size = 24, delay = 12): Promise<void> {
  const chunks = [];
  for (let i = 0; i < text.length; i += size) chunks.push(sse({ delta: text.slice(i, i + size) }), { delay });
  el.endpoint = (await script({ chunks: [...chunks, sse({ type: 'done' })] })).url;
  expect((await el.send('Stream code')).status).to.equal('complete');
  await el.updateComplete;
}

/** Replaces console.warn while `fn` runs; returns what was warned. */
async function warnings(fn: () => Promise<void>): Promise<unknown[][]> {
  const warn = console.warn;
  const seen: unknown[][] = [];
  console.warn = (...args: unknown[]) => void seen.push(args);
  try {
    await fn();
  } finally {
    console.warn = warn;
  }
  return seen;
}

const FENCES = [
  { language: 'ts', code: 'const answer: number = 42;\nexport default answer;\n' },
  { language: 'python', code: 'def greet(name):\n    return f"Hello, {name}"\n' },
  { language: 'json', code: '{ "ok": true, "items": [1, 2, 3] }\n' },
  { language: '', code: 'plain text, no language\n' },
  { language: 'sh', code: 'npm install stream-chat-element\n' },
];
const ANSWER = FENCES.map(({ language, code }, i) => `Step ${i + 1}, in prose that explains it.\n\n\`\`\`${language}\n${code}\`\`\`\n\n`).join('') + 'That is all.';

describe('code blocks: language label', () => {
  it('names the fence language beside "Copy code", as text; none without a language', async () => {
    const el = await chat();
    await answer(el, ANSWER);
    const blocks = [...lastAnswer(el).querySelectorAll<HTMLElement>('.code-block')];
    expect(blocks).to.have.length(FENCES.length);
    expect(blocks.map((block) => block.querySelector('[part=code-label]')?.textContent ?? null)).to.deep.equal(['ts', 'python', 'json', null, 'sh']);
    const label = blocks[0].querySelector('[part=code-label]')!;
    expect(label.parentElement, 'in the header of its block').to.equal(blocks[0]);
    expect(label.nextElementSibling?.matches('button.copy-code'), 'beside the Copy code button').to.equal(true);
    // What a screen reader hears at the end is the answer, not the labels.
    expect($(el, '[aria-live=polite]')!.textContent).not.to.match(/\bts\b|\bpython\b/);
  });

  it('a language that is markup or too long names nothing: no element, no handler, the code kept', async () => {
    const el = await chat();
    (window as { pwned?: number }).pwned = 0;
    const fences = ['<img/src=x/onerror=window.pwned=1>', '"><svg/onload=window.pwned=1>', 'x'.repeat(200), 'c++'];
    await answer(el, fences.map((language) => `\`\`\`${language}\ncode for ${language.length}\n\`\`\`\n\n`).join(''));
    const blocks = [...lastAnswer(el).querySelectorAll<HTMLElement>('.code-block')];
    expect(blocks).to.have.length(4);
    // The only SVGs are the Copy code buttons' own icons.
    expect(lastAnswer(el).querySelectorAll('img, :not(button.copy-code) > svg, [onerror], [onload]')).to.have.length(0);
    const labels = blocks.map((block) => block.querySelector('[part=code-label]'));
    expect(labels.slice(0, 3), 'no label for markup or a 200-character name').to.deep.equal([null, null, null]);
    expect(labels[3]!.textContent).to.equal('c++');
    expect(labels[3]!.childElementCount).to.equal(0);
    expect(blocks.map((block) => block.querySelector('code')!.textContent)).to.deep.equal(fences.map((l) => `code for ${l.length}\n`));
    expect((window as { pwned?: number }).pwned).to.equal(0);
  });
});

describe('code blocks: the highlight hook', () => {
  it('is called once per finished block while the answer streams, never on an open fence; the final DOM has its spans', async () => {
    const el = await chat();
    const calls: { code: string; language: string; streaming: boolean }[] = [];
    el.highlight = (code, language) => {
      calls.push({ code, language, streaming: el.messages.at(-1)?.status === 'streaming' });
      return `<span class="hl-${language || 'none'}">${escape(code)}</span>`;
    };
    await stream(el, ANSWER, 24, 40);
    await waitUntil(() => calls.length >= FENCES.length, `highlighted ${calls.length} of ${FENCES.length} blocks`);
    // Every call got one whole block's code: never a block still growing.
    expect(calls.map(({ code, language }) => ({ code, language }))).to.deep.equal(FENCES);
    expect(calls.some((call) => call.streaming), 'blocks finished early are highlighted while the answer streams').to.equal(true);
    const codes = [...lastAnswer(el).querySelectorAll('pre > code')];
    expect(codes.map((code) => code.firstElementChild?.className)).to.deep.equal(['hl-ts', 'hl-python', 'hl-json', 'hl-none', 'hl-sh']);
    expect(codes.map((code) => code.textContent)).to.deep.equal(FENCES.map((f) => f.code));
    // Nothing more to highlight: later updates (another answer) do not call it again for these.
    await answer(el, 'No code this time.');
    expect(calls).to.have.length(FENCES.length);
  });

  it('set after the answers are shown, highlights them', async () => {
    const el = await chat();
    await answer(el, ANSWER);
    const calls: string[] = [];
    el.highlight = (code, language) => (calls.push(language), `<span class="late">${escape(code)}</span>`);
    await waitUntil(() => lastAnswer(el).querySelectorAll('pre > code > span.late').length === FENCES.length, 'the shown blocks were not highlighted');
    expect([...calls].sort()).to.deep.equal(FENCES.map((f) => f.language).sort());
  });

  it('its HTML is sanitized: nothing but spans with classes and the code text; anything active leaves the block plain', async () => {
    const el = await chat();
    (window as { pwned?: number }).pwned = 0;
    const outputs: Record<string, (code: string) => string> = {
      ts: (code) => `<img src=x onerror="window.pwned=1">${escape(code)}`,
      python: (code) => `<a href="javascript:window.pwned=1">${escape(code)}</a>`,
      json: (code) => `<span class="k" onclick="window.pwned=1" style="color:red" id="x">${escape(code)}</span>`,
      sh: (code) => `<a href="https://example.com/">${escape(code)}</a>`,
    };
    let done = 0;
    const warned = await warnings(async () => {
      el.highlight = (code, language) => (done++, outputs[language]?.(code) ?? escape(code));
      await answer(el, ANSWER);
      await waitUntil(() => done === FENCES.length, 'the hook did not see every block');
    });
    const content = lastAnswer(el);
    expect(content.querySelectorAll('img, a, [onerror], [onclick], [style], [id]')).to.have.length(0);
    const codes = [...content.querySelectorAll('pre > code')];
    expect(codes.map((code) => code.textContent), 'no code lost').to.deep.equal(FENCES.map((f) => f.code));
    // The span keeps its class, nothing else.
    expect(codes[2].innerHTML).to.equal(`<span class="k">${escape(FENCES[2].code)}</span>`);
    expect(warned.length, 'one warning for the hook').to.equal(1);
    expect(String(warned[0][0])).to.match(/highlight/);
    expect((window as { pwned?: number }).pwned).to.equal(0);
  });

  it('a hook that throws or returns no string: the blocks stay plain, one console warning, nothing lost', async () => {
    const hooks: CodeHighlighter[] = [
      () => {
        throw new Error('grammar exploded');
      },
      () => undefined as unknown as string,
      (code: string) => `<span>${escape(code.slice(1))}</span>`, // drops a character
    ];
    for (const hook of hooks) {
      const el = await chat();
      let calls = 0;
      const warned = await warnings(async () => {
        el.highlight = (code, language) => (calls++, hook(code, language));
        await answer(el, ANSWER);
        await waitUntil(() => calls === FENCES.length, 'the hook did not see every block');
      });
      expect(warned, 'one warning').to.have.length(1);
      const codes = [...lastAnswer(el).querySelectorAll('pre > code')];
      expect(codes.map((code) => code.textContent)).to.deep.equal(FENCES.map((f) => f.code));
      expect(codes.every((code) => code.childElementCount === 0), 'plain').to.equal(true);
      expect(lastAnswer(el).querySelectorAll('[part=code-label]')).to.have.length(4);
    }
  });
});

describe('stream-chat-element/highlight (the add-on, dist/highlight.js)', () => {
  /** The built add-on, as a page imports it. */
  const addOn = () => import('/dist/highlight.js' as string) as Promise<typeof import('../src/highlight.js')>;

  it('highlights TypeScript, Python and JSON in the element, with token colours in the light and dark themes', async () => {
    const { highlight } = await addOn();
    const el = await chat();
    el.highlight = highlight;
    await answer(el, ANSWER);
    await waitUntil(() => lastAnswer(el).querySelectorAll('pre > code').length === FENCES.length && [...lastAnswer(el).querySelectorAll('pre > code')].slice(0, 3).every((code) => code.querySelector('span')), 'not highlighted');
    const [ts, python, json] = lastAnswer(el).querySelectorAll('pre > code');
    const tokens = (code: Element, cls: string) => [...code.querySelectorAll(`.hljs-${cls}`)].map((span) => span.textContent);
    expect(tokens(ts, 'keyword')).to.include.members(['const', 'export', 'default']);
    expect(tokens(ts, 'built_in')).to.include('number');
    expect(tokens(python, 'keyword')).to.include.members(['def', 'return']);
    expect(tokens(python, 'title')).to.include('greet');
    expect(tokens(json, 'attr')).to.include.members(['"ok"', '"items"']);
    expect(tokens(json, 'literal')).to.include('true');
    expect([...lastAnswer(el).querySelectorAll('pre > code')].map((code) => code.textContent)).to.deep.equal(FENCES.map((f) => f.code));
    // The add-on's token styles came with the hook, in each theme.
    const keyword = ts.querySelector('.hljs-keyword')!;
    el.theme = 'light';
    await el.updateComplete;
    expect(getComputedStyle(keyword).color).to.equal('rgb(179, 29, 40)');
    el.theme = 'dark';
    await el.updateComplete;
    expect(getComputedStyle(keyword).color).to.equal('rgb(255, 123, 114)');
    // …and go with it.
    el.highlight = undefined;
    await el.updateComplete;
    expect(el.shadowRoot!.adoptedStyleSheets).not.to.include(highlight.styles);
    expect(getComputedStyle(keyword).color).not.to.equal('rgb(255, 123, 114)');
  });

  it('an unknown language stays plain text; registerLanguage adds one', async () => {
    const { highlight, registerLanguage } = await addOn();
    expect(highlight('a < b && c', 'no-such-language')).to.equal('a &lt; b &amp;&amp; c');
    expect(highlight('SELECT 1', 'sql')).not.to.contain('<span');
    registerLanguage('sql-lite', () => ({ aliases: ['sqlish'], keywords: { keyword: 'SELECT FROM' } }));
    expect(highlight('SELECT 1', 'sqlish')).to.equal('<span class="hljs-keyword">SELECT</span> 1');
  });

  it('a heavy answer: every block highlighted, the cost per frame while it streams reported', async function () {
    this.timeout(60_000);
    const { highlight } = await addOn();
    // 24 blocks of 3 to 25 lines (answers mostly hold blocks of 5-30) in four languages.
    const block = (i: number) =>
      `\`\`\`${['ts', 'python', 'json', 'bash'][i % 4]}\n${Array.from({ length: 3 + ((i * 7) % 23) }, (_, line) => `const value${line} = compute(${i}, "text ${line}"); // step ${line}`).join('\n')}\n\`\`\`\n\n`;
    const text = Array.from({ length: 24 }, (_, i) => `Part ${i}: what it does.\n\n${block(i)}`).join('');
    const timing = timeHighlighting();
    try {
      const el = await chat();
      el.highlight = Object.assign(timing.wrap(el, highlight), { styles: highlight.styles });
      await stream(el, text, 60, 10);
      await waitUntil(() => [...lastAnswer(el).querySelectorAll('pre > code')].every((code) => code.firstElementChild), 'not every block was highlighted', { timeout: 50_000 });
    } finally {
      timing.stop();
    }
    const frames = [...timing.whileStreaming.values()].sort((a, b) => a - b);
    console.log(
      `highlight.js, 24 blocks: ${24 - timing.after.length} highlighted while streaming, in ${frames.length} frames: ms per frame median ${frames[frames.length >> 1]?.toFixed(2)}, ` +
        `max ${frames.at(-1)?.toFixed(2)}; ${timing.after.length} after the end, max ${Math.max(0, ...timing.after).toFixed(2)} ms each`,
    );
  });
});

describe('code blocks: highlighting while an answer streams', () => {
  it('costs at most 2 ms per frame: blocks that fit go in idle time, longer ones wait for the end of the answer', async function () {
    this.timeout(40_000);
    // A hook that costs 1 ms per 100 characters: blocks of 20 to 400 characters cost 0.2 to 4 ms.
    // Its cost per frame is counted as that (wall-clock time on a loaded machine also counts
    // the time the system gives other processes).
    const costly = (code: string) => {
      const until = performance.now() + code.length / 100;
      while (performance.now() < until);
      return `<span class="k">${escape(code)}</span>`;
    };
    const sizes = Array.from({ length: 24 }, (_, i) => 20 + ((i * 137) % 380));
    const text = sizes.map((size, i) => `Part ${i}.\n\n\`\`\`txt\n${'x'.repeat(size - 1)}\n\`\`\`\n\n`).join('') + 'The end.';
    const timing = timeHighlighting();
    const perFrame = new Map<number, number>();
    try {
      const el = await chat();
      el.highlight = timing.wrap(el, (code) => {
        if (timing.streaming) perFrame.set(timing.frame, (perFrame.get(timing.frame) ?? 0) + code.length / 100);
        return costly(code);
      });
      await stream(el, text, 40, 10);
      await waitUntil(() => [...lastAnswer(el).querySelectorAll('pre > code')].every((code) => code.firstElementChild), 'not every block was highlighted', { timeout: 30_000 });
    } finally {
      timing.stop();
    }
    const frames = [...perFrame.values()];
    console.log(`1 ms per 100 characters: ${frames.length} frames while streaming, ms per frame ${frames.map((ms) => ms.toFixed(2)).join(' ')}; ${timing.after.length} blocks after the end`);
    expect(frames.length, 'blocks are highlighted while the answer streams').to.be.at.least(1);
    expect(Math.max(...frames), 'the costliest frame, in ms').to.be.at.most(2);
    expect(timing.after.length, 'blocks over 2 ms wait for the end').to.be.at.least(sizes.filter((size) => size > 200).length);
  });
});

/**
 * Times highlighting per animation frame (counted by requestAnimationFrame): from the
 * hook's call to the swap of the block's text for its spans (the hook, the sanitizing and
 * the swap), apart while the answer is written on screen (its cursor shows) and after.
 */
function timeHighlighting() {
  let counting = true;
  const state = {
    frame: 0,
    streaming: false,
    whileStreaming: new Map<number, number>(),
    after: [] as number[],
    wrap(el: StreamChat, hook: CodeHighlighter): CodeHighlighter {
      return (code, language) => {
        started = performance.now();
        state.streaming = !!lastAnswer(el)?.querySelector('[part=cursor]');
        return hook(code, language);
      };
    },
    stop() {
      counting = false;
      Element.prototype.replaceChildren = replaceChildren;
    },
  };
  const tick = () => counting && (state.frame++, requestAnimationFrame(tick));
  requestAnimationFrame(tick);
  let started = 0;
  const replaceChildren = Element.prototype.replaceChildren;
  Element.prototype.replaceChildren = function (this: Element, ...nodes: (Node | string)[]) {
    replaceChildren.apply(this, nodes);
    if (this.localName !== 'code' || !started) return;
    const ms = performance.now() - started;
    if (state.streaming) state.whileStreaming.set(state.frame, (state.whileStreaming.get(state.frame) ?? 0) + ms);
    else state.after.push(ms);
    started = 0;
  };
  return state;
}

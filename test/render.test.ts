// The incremental renderer: a streamed answer ends as the same DOM as the same answer
// rendered in one piece, committed blocks keep their nodes, unfinished markdown never
// flashes as raw syntax, and the element renders far less often than chunks arrive.
import { expect } from '@open-wc/testing';
import { html, render as litRender } from 'lit';
import fc from 'fast-check';
import { ANSWERS, longAnswer } from '../demo/answers.mjs';
import { marked } from '../src/render/markdown.js';
import { messageContent } from '../src/render/content-directive.js';
import { FramePacer } from '../src/render/pacing.js';
import { sanitizeToFragment } from '../src/render/sanitize.js';
import { StreamingMarkdown } from '../src/render/streaming-markdown.js';
import { BACKEND, answerHtml, chat, lastAnswer, oneShot, recordEvents, streamed, waitUntil, watchRenders } from './helpers.js';

const MULTIBYTE = `## Résumé 🚀 naïve café

日本語のテキスト **太字** と \`コード\`、한국어 *기울임*, العربية.

- 👩‍👩‍👧 family, 🇫🇷 flag, e\u0301 combining, Z\u0324\u0354\u0367\u0311 marks
- 中文列表项 with [链接](https://example.com/中文)

| 列 | 値 |
|---|---|
| 🍣 | 寿司 |

\`\`\`py
print('héllo 🌍')

# 中文注释
\`\`\`

> 引用 *強調* ✨
`;

const EDGES = {
  definitions: `See [the spec][spec] and [RFC][rfc].

> Quote with [spec] too.

1. one
2. two

3. three

[spec]: https://example.com/spec "Spec"

Middle *para*.

> [rfc]: https://example.com/rfc

End [spec] here.
`,
  fences: `\`\`\`\`md
\`\`\`js
x
\`\`\`

\`\`\`\`

Text

~~~
a


b
~~~

    indented code

    after a blank line

\`\`\`js
let open = 1;

let b
`,
  lists: `1. a

2. item

3. b

after

- x

  continued

- y

* [ ] task
* [x] done
`,
  html: `<details>
<summary>Hi</summary>

body **b**

</details>

and <b>bold</b> <img src=x onerror=alert(1)>
`,
  setext: `Title
=====

Sub
---

text
***
more
`,
  crlf: 'a\r\n\r\nb **c**\r\n\r\n```\r\nx\r\n\r\n```\r\n\r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n',
};

const DOCUMENTS: Record<string, string> = {
  ...Object.fromEntries(ANSWERS.map((answer: string, i: number) => [`answer ${i}`, answer])),
  multibyte: MULTIBYTE,
  ...EDGES,
};

function render(text: string, streaming = false): HTMLElement {
  const root = document.createElement('div');
  new StreamingMarkdown(root).update(text, { streaming });
  return root;
}

/** Streams `text` (split at code-point offsets `cuts`), updating after the chunks `updates` marks. */
function stream(text: string, cuts: number[], updates: boolean[]): string {
  const points = Array.from(text);
  const ends = [...new Set(cuts.map((c) => Math.min(c, points.length)))].sort((a, b) => a - b);
  const root = document.createElement('div');
  const renderer = new StreamingMarkdown(root);
  ends.forEach((end, i) => updates[i % updates.length] && renderer.update(points.slice(0, end).join(''), { streaming: true }));
  renderer.update(text, { streaming: true });
  renderer.update(text, { streaming: false });
  return root.innerHTML;
}

const splits = (text: string, maxCuts: number) =>
  fc.tuple(
    fc.array(fc.integer({ min: 1, max: Math.max(1, Array.from(text).length - 1) }), { maxLength: maxCuts }),
    fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
  );

describe('StreamingMarkdown: streamed equals one-shot', () => {
  for (const [name, text] of Object.entries(DOCUMENTS)) {
    it(`${name}: random splits, several seeds`, () => {
      const expected = oneShot(text);
      for (const seed of [1, 2, 3]) {
        fc.assert(
          fc.property(splits(text, 80), ([cuts, updates]) => stream(text, cuts, updates) === expected),
          { seed, numRuns: 12 },
        );
      }
    });

    it(`${name}: one character at a time`, () => {
      const all = Array.from(text, (_, i) => i + 1);
      expect(stream(text, all, [true])).to.equal(oneShot(text));
    });
  }

  it('a 12 KB answer: random splits with updates at random points', () => {
    const text = longAnswer(12_000);
    const expected = oneShot(text);
    fc.assert(
      fc.property(splits(text, 1500), ([cuts, updates]) => stream(text, cuts, updates) === expected),
      { seed: 7, numRuns: 6 },
    );
  });

  it('a 4 KB answer, one character at a time', () => {
    const text = longAnswer(4_000);
    expect(stream(text, Array.from(text, (_, i) => i + 1), [true])).to.equal(oneShot(text));
  });

  it('renders what marked + DOMPurify render in one piece', () => {
    for (const text of [...ANSWERS, longAnswer(8_000), MULTIBYTE, EDGES.definitions, EDGES.lists]) {
      const whole = document.createElement('div');
      whole.append(sanitizeToFragment(marked.parse(text) as string));
      // The renderer's own addition: each code block sits in a wrapper with a Copy button.
      const ours = document.createElement('div');
      ours.innerHTML = oneShot(text);
      for (const wrapper of ours.querySelectorAll('div.code-block')) wrapper.replaceWith(wrapper.querySelector('pre')!);
      expect(ours.innerHTML).to.equal(whole.innerHTML);
    }
  });

  it('resolves a reference whose definition arrives after the blocks using it were committed', () => {
    const text = `Read [the guide][g].\n\n${'Filler paragraph.\n\n'.repeat(4)}[g]: https://example.com/guide\n`;
    const root = document.createElement('div');
    const renderer = new StreamingMarkdown(root);
    for (let i = 1; i <= text.length; i++) renderer.update(text.slice(0, i), { streaming: true });
    expect(root.querySelector('a')).to.equal(null); // no half-harvested definition while streaming
    renderer.update(text, { streaming: false });
    expect(root.querySelector('a')!.getAttribute('href')).to.equal('https://example.com/guide');
    expect(root.innerHTML).to.equal(oneShot(text));
  });
});

describe('StreamingMarkdown: a text that does not extend the last one', () => {
  it('is rendered afresh, longer or shorter', () => {
    const root = document.createElement('div');
    const renderer = new StreamingMarkdown(root);
    renderer.update('One.\n\nTwo.\n\nThree.\n\nFour', { streaming: true }); // the first blocks are committed
    const other = 'A different answer, longer.\n\nWith a second paragraph.\n\nAnd a third.';
    renderer.update(other, { streaming: false });
    expect(root.innerHTML).to.equal(oneShot(other));
    renderer.update('Short.', { streaming: false });
    expect(root.innerHTML).to.equal(oneShot('Short.'));
  });
});

describe('StreamingMarkdown: a long answer', () => {
  it('keeps the root to its first 100 blocks and groups of 100 after them (a frame lays out one group, not the whole answer): streamed or in one piece alike, no block moved, marked\'s blocks inside', () => {
    const text = `${Array.from({ length: 350 }, (_, i) => (i % 7 === 3 ? `- item ${i}\n- more` : `Paragraph ${i} with **bold**.`)).join('\n\n')}\n`;
    const root = document.createElement('div');
    const renderer = new StreamingMarkdown(root);
    const removed = new Set<Node>();
    const observer = new MutationObserver((records) => records.forEach((r) => r.removedNodes.forEach((node) => removed.add(node))));
    observer.observe(root, { childList: true, subtree: true });
    for (let end = 37; end < text.length; end += 37) renderer.update(text.slice(0, end), { streaming: true });
    renderer.update(text, { streaming: false });
    observer.takeRecords().forEach((r) => r.removedNodes.forEach((node) => removed.add(node)));
    observer.disconnect();

    const groups = [...root.children].filter((child) => child.localName === 'div');
    expect(root.childElementCount).to.equal(100 + 3);
    expect(groups.map((group) => [group.className, group.childElementCount])).to.deep.equal([['group', 100], ['group', 100], ['group', 50]]);
    expect(root.innerHTML).to.equal(oneShot(text));
    // Each block was inserted where it stays: none was moved into its group later.
    const blocks = [...root.children].flatMap((child) => (groups.includes(child) ? [...child.children] : [child]));
    expect(blocks.filter((block) => removed.has(block))).to.deep.equal([]);
    // Inside the groups, marked's HTML as it is.
    const whole = document.createElement('div');
    whole.append(sanitizeToFragment(marked.parse(text) as string));
    const opened = root.cloneNode(true) as HTMLElement;
    for (const group of opened.querySelectorAll(':scope > .group')) group.replaceWith(...group.childNodes);
    expect(opened.innerHTML).to.equal(whole.innerHTML);
  });

  it('in the widget, ends at its last block as a short answer does (no margin after it, inside its group too)', async () => {
    const short = lastAnswer((await streamed(['One paragraph.'])).el);
    const long = lastAnswer((await streamed([Array.from({ length: 150 }, (_, i) => `Paragraph ${i}.`).join('\n\n')])).el);
    const last = long.querySelector(':scope > .group:last-child > p:last-child')!;
    expect(last.textContent).to.equal('Paragraph 149.');
    expect(getComputedStyle(short.querySelector('p')!).marginBottom).to.equal('0px');
    expect(getComputedStyle(last).marginBottom).to.equal('0px');
  });

  it('in the widget, a group that scrolled away is skipped by the browser, yet blocks are as far apart across a group\'s edge as anywhere, closing one moves nothing, and selecting the answer copies all of it', async () => {
    // Groups: blocks 100–199 and 200–299 closed, 300–349 open; a heading (a larger margin
    // of its own) starts the second, a table (none) the last.
    const block = (i: number) => (i === 300 ? '| a | b |\n|---|---|\n| 1 | 2 |' : i === 200 ? `#### Paragraph ${i}.` : `Paragraph ${i}.`);
    const text = Array.from({ length: 350 }, (_, i) => block(i)).join('\n\n');
    const { el } = await streamed([text]);
    const answer = lastAnswer(el);
    const groups = [...answer.querySelectorAll<HTMLElement>(':scope > .group')];
    expect(groups.map((group) => group.childElementCount)).to.deep.equal([100, 100, 50]);
    await waitUntil(() => !groups[0].firstElementChild!.checkVisibility({ contentVisibilityAuto: true }), 'a closed group off screen was not skipped');
    expect(groups[2].firstElementChild!.checkVisibility({ contentVisibilityAuto: true }), 'the open group was skipped').to.be.true;
    // Skipped, a group keeps the size it had when it was rendered: nothing moves when it is shown.
    const height = answer.getBoundingClientRect().height;
    groups.forEach((group) => (group.style.contentVisibility = 'visible'));
    expect(answer.getBoundingClientRect().height, 'a skipped group took a size of its own').to.be.closeTo(height, 1);
    groups.forEach((group) => (group.style.contentVisibility = ''));

    const blocks = [...answer.querySelectorAll(':scope > *:not(.group), :scope > .group > *')];
    // Measured where the reader would see it: brought into view, so that it is rendered.
    const gap = async (i: number) => {
      blocks[i].scrollIntoView({ block: 'center' });
      await waitUntil(() => blocks[i].checkVisibility({ contentVisibilityAuto: true }) && blocks[i + 1].checkVisibility({ contentVisibilityAuto: true }), `block ${i} was not rendered once in view`);
      return blocks[i + 1].getBoundingClientRect().top - blocks[i].getBoundingClientRect().bottom;
    };
    const paragraphs = await gap(10);
    expect(paragraphs).to.be.above(8);
    // Into the first group, from a closed group into a closed one, and into the open one (a table: no margin of its own).
    const edges = [await gap(99), await gap(199), await gap(299)];
    expect(edges.map((g) => Math.round(g - paragraphs))).to.deep.equal([0, 0, 0]);
    // As it was before it closed: the same gap.
    groups[1].classList.remove('closed');
    expect(await gap(199), 'closing the group moved its heading').to.be.closeTo(edges[1], 0.5);

    getSelection()!.selectAllChildren(answer);
    const copied = getSelection()!.toString();
    getSelection()!.removeAllRanges();
    for (const i of [0, 99, 100, 150, 199, 200, 299, 349]) expect(copied, `block ${i} was not copied`).to.include(`Paragraph ${i}.`);
  });
});

describe('StreamingMarkdown: committed blocks are never touched', () => {
  it('keeps the same node objects, and the reader\'s selection, through the stream', () => {
    const text = `${ANSWERS[0]}\n\n${longAnswer(3_000)}`;
    const root = document.createElement('div');
    document.body.append(root);
    const renderer = new StreamingMarkdown(root);
    const removed: Node[] = [];
    const stable = new Set<Node>();
    const observer = new MutationObserver((records) => records.forEach((r) => removed.push(...r.removedNodes)));
    observer.observe(root, { childList: true });
    let selected = '';
    try {
      for (let end = 5; end < text.length + 5; end += 5) {
        renderer.update(text.slice(0, end), { streaming: true });
        // Everything but the last few blocks must be final by now.
        [...root.children].slice(0, -4).forEach((node) => stable.add(node));
        if (!selected && stable.size > 2) {
          const paragraph = [...stable].find((n) => n.nodeName === 'P')!;
          getSelection()!.selectAllChildren(paragraph);
          selected = getSelection()!.toString();
        }
      }
      renderer.update(text, { streaming: false });
      observer.takeRecords().forEach((r) => removed.push(...r.removedNodes));

      expect(stable.size).to.be.greaterThan(20);
      for (const node of stable) {
        expect(node.parentNode, (node as Element).outerHTML).to.equal(root);
        expect(removed).to.not.include(node);
      }
      expect(selected).to.not.equal('');
      expect(getSelection()!.toString()).to.equal(selected);
      expect(root.innerHTML).to.equal(oneShot(text));
    } finally {
      observer.disconnect();
      getSelection()!.removeAllRanges();
      root.remove();
    }
  });

  it('appends to the open code fence\'s text node, without re-rendering the block', () => {
    const body = 'const a = 1;\n\n// a blank line above\nfor (const x of [1, 2]) console.log(`${x} <b>`);\n';
    const head = 'Intro\n\n```js\n';
    const root = document.createElement('div');
    const renderer = new StreamingMarkdown(root);
    renderer.update(head, { streaming: true });
    const pre = root.querySelector('pre')!;
    const text = pre.querySelector('code')!.firstChild;
    for (let i = 1; i <= body.length; i++) {
      const prefix = head + body.slice(0, i);
      renderer.update(prefix, { streaming: true });
      expect(root.querySelector('pre')).to.equal(pre);
      expect(pre.querySelector('code')!.firstChild).to.equal(text);
      expect(text!.textContent).to.equal(render(prefix).querySelector('code')!.textContent);
    }
    expect(pre.querySelector('code')!.className).to.equal('language-js');
    const whole = `${head + body}\`\`\`\n\nAfter.`;
    renderer.update(whole, { streaming: true });
    renderer.update(whole, { streaming: false });
    expect(root.querySelector('pre')).to.equal(pre); // closing the fence keeps the block
    expect(root.innerHTML).to.equal(oneShot(whole));
  });

  it('appends plain words to the open paragraph\'s text node, without rendering the block again', () => {
    const head = 'Intro with **bold**.\n\nSome words';
    const words = ' and then, more words (quoted "like this") it\'s 42 of them; done! Really? Yes.'.match(/\s*\S+/g)!;
    const root = document.createElement('div');
    const renderer = new StreamingMarkdown(root);
    renderer.update(head, { streaming: true });
    const paragraph = root.querySelectorAll('p')[1];
    const text = paragraph.firstChild;
    let prefix = head;
    for (const word of words) {
      prefix += word;
      renderer.update(prefix, { streaming: true });
      expect(root.querySelectorAll('p')[1], prefix).to.equal(paragraph);
      expect(paragraph.firstChild, prefix).to.equal(text);
      expect(root.innerHTML, prefix).to.equal(render(prefix, true).innerHTML);
    }
    renderer.update(prefix, { streaming: false });
    expect(root.querySelectorAll('p')[1]).to.equal(paragraph); // the final render keeps it too
    expect(root.innerHTML).to.equal(oneShot(prefix));
  });

  describe('text that looks plain but is not: every step equals a fresh render', () => {
    const CASES: Record<string, string> = {
      emphasis: 'Some words then *emphasis* and **strong** and _under_ and __both__ end',
      'a marker after a space': 'Some words **bold** then more and a * b and c',
      code: 'Some words then `code` and more words',
      'html and entities': 'Some words then <b>tag</b> and a < b and &amp; and &copy done',
      links: 'Some words then [a link](https://example.com) and [ref] and ![img](https://x.test/i.png) end',
      'a table': 'Some words | and pipes\n| --- | --- |\n| a | b |',
      'a table without pipes at the start': 'Some words | more\n--- | ---\nx | y',
      'an ordered list': 'Some words\n1. item and words\n2) more',
      'a year and a list': 'Some words\n2024 was a year\n1986. And this',
      'a heading': 'Some words\n# A heading and words\nmore',
      'a hard line break': 'Some words  \nmore words\\\nand more',
      'a setext heading (=)': 'Some words\nand more words\n===\nafter',
      'a setext heading (-)': 'Some words\n---\nafter words',
      'a rule': 'Some words\n\n---\n\nafter words',
      'autolinks': 'Some words www.example.com and www.x.org. Then https://example.com/path and (http://x.com)foo and a@b.com end',
      'www split': 'Some words www.example.com.org and www then',
      'a URL continued': 'Some words see example.com. More and example.com.org now',
      'a quote and a list': 'Some words\n> quoted words\n- item words',
      strikethrough: 'Some words ~~struck~~ and ~one~ end',
      'numbers and punctuation': 'Some words 1, 2; 3! (4)? "5" it\'s 6. 7) 8.',
      unicode: 'Des mots accentués, 日本語のテキスト and ½ more',
    };
    for (const [name, text] of Object.entries(CASES)) {
      it(name, () => {
        const root = document.createElement('div');
        const renderer = new StreamingMarkdown(root);
        for (const piece of [...text].map((_, i) => i + 1)) {
          const prefix = [...text].slice(0, piece).join('');
          renderer.update(prefix, { streaming: true });
          expect(root.innerHTML, JSON.stringify(prefix)).to.equal(render(prefix, true).innerHTML);
        }
        renderer.update(text, { streaming: false });
        expect(root.innerHTML).to.equal(oneShot(text));
      });
    }

    it('a paragraph growing past the inline-markdown line limit', () => {
      const text = `Some **bold** ${'word '.repeat(2_000)}`;
      const root = document.createElement('div');
      const renderer = new StreamingMarkdown(root);
      for (let end = 9_000; end <= text.length; end += 5) {
        renderer.update(text.slice(0, end), { streaming: true });
        if (end > 9_990 && end < 10_020) expect(root.innerHTML, `${end}`).to.equal(render(text.slice(0, end), true).innerHTML);
      }
      renderer.update(text, { streaming: false });
      expect(root.innerHTML).to.equal(oneShot(text));
    });
  });

  it('shows a pathological 200k-character line as plain text and stays equal to one-shot', () => {
    const line = '\\'.repeat(200_000);
    const root = document.createElement('div');
    const renderer = new StreamingMarkdown(root);
    for (let end = 4_000; end <= line.length; end += 4_000) renderer.update(`Start\n\n${line.slice(0, end)}`, { streaming: true });
    renderer.update(`Start\n\n${line}`, { streaming: false });
    expect(root.querySelectorAll('p')[1].textContent!.length).to.equal(200_000);
    expect(root.innerHTML).to.equal(oneShot(`Start\n\n${line}`));

    const long = `**not bold** ${'word '.repeat(2_500)}`;
    expect(render(long).querySelector('strong')).to.equal(null);
    expect(render(long).textContent).to.contain('**not bold**');
    expect(render('**bold** short').querySelector('strong')).to.exist;
  });
});

describe('StreamingMarkdown: unfinished markdown looks finished', () => {
  const visible = (root: HTMLElement) => root.textContent!.replace(/\s+/g, ' ').trim();

  it('renders an open code fence as a code block, blank lines included', () => {
    const root = render('Look:\n\n```js\nconst a = 1;\n\nconst b', true);
    expect(root.querySelector('pre code.language-js')!.textContent).to.equal('const a = 1;\n\nconst b\n');
    expect(visible(root)).to.not.contain('```');
  });

  it('closes bold, code, emphasis and strikethrough instead of showing their markers', () => {
    expect(render('Some **bold te', true).querySelector('strong')!.textContent).to.equal('bold te');
    expect(render('Use `npm ins', true).querySelector('code')!.textContent).to.equal('npm ins');
    expect(render('An *emphasis st', true).querySelector('em')!.textContent).to.equal('emphasis st');
    expect(render('Was ~~wrong', true).querySelector('del')!.textContent).to.equal('wrong');
    expect(render('***both', true).querySelector('em strong, strong em')!.textContent).to.equal('both');
    expect(visible(render('Now **', true))).to.equal('Now');
    expect(visible(render('2 * 3 = 6 and snake_case', true))).to.equal('2 * 3 = 6 and snake_case');
  });

  it('shows a half-written link as its text', () => {
    expect(visible(render('See [the docs](https://exa', true))).to.equal('See the docs');
    expect(visible(render('See [the do', true))).to.equal('See the do');
    expect(visible(render('See [the docs]', true))).to.equal('See the docs');
    expect(visible(render('Index `arr[0', true))).to.equal('Index arr[0');
    expect(render('- [ ] task', true).querySelector('input[type=checkbox]')).to.exist;
  });

  it('shows half a table as a table, never as a paragraph of pipes', () => {
    for (const text of ['| Name | Value |', '| Name | Va', '| Name | Value |\n', '| Name | Value |\n|---|--', 'Intro\n\n| Name | Value |\n|---|---|\n| a | 1']) {
      const root = render(text, true);
      expect(root.querySelector('table'), text).to.exist;
      expect(visible(root), text).to.not.contain('|');
    }
  });

  it('hides a setext underline and a half-written tag while they are typed', () => {
    expect(render('Title\n-', true).querySelector('h2')).to.equal(null);
    expect(visible(render('text <deta', true))).to.equal('text');
  });

  it('never shows raw markers at any point of a realistic answer', () => {
    for (const text of [...ANSWERS, MULTIBYTE]) {
      const root = document.createElement('div');
      const renderer = new StreamingMarkdown(root);
      for (let i = 1; i <= text.length; i++) {
        renderer.update(text.slice(0, i), { streaming: true });
        const shown = visible(root);
        for (const raw of ['**', '](', '```', '|---', '| ---']) expect(shown, `${raw} at ${JSON.stringify(text.slice(0, i).slice(-40))}`).to.not.contain(raw);
      }
    }
  });
});

describe('<stream-chat> rendering with the real backend', () => {
  it('ends with the DOM of a one-shot render, whatever the chunking', async () => {
    for (const size of [3_000, 30_000]) {
      const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0&size=${size}` });
      const message = await el.send('long please');
      await el.updateComplete;
      expect(message.content.length).to.equal(size);
      expect(answerHtml(el)).to.equal(oneShot(message.content));
    }
  });

  it('a huge unfinished block arriving at once is shown in few frames, not re-rendered whole for every slice', async () => {
    // A 40 KB table in one read: every paced frame re-renders the whole unfinished table, so
    // each must add at least as much again (a fixed slice would make the work quadratic).
    const rows = Array.from({ length: 1000 }, (_, i) => `| row ${i} | ${'x'.repeat(20)} |`).join('\n');
    const table = `| a | b |\n|---|---|\n${rows}\n`;
    const { el, message, renders } = await streamed([table]);
    expect(lastAnswer(el).querySelectorAll('tbody tr').length).to.equal(1000);
    expect(answerHtml(el)).to.equal(oneShot(message.content));
    expect(renders).to.be.within(2, 12);
  });

  it('a frame that re-renders a long unfinished tail adds three times its length (1.33x the block in all, not 2x)', () => {
    const host = { addController() {}, requestUpdate() {}, isConnected: true } as unknown as ConstructorParameters<typeof FramePacer>[0];
    const pacing = new FramePacer(host).for('answer');
    // Past the most a frame renders by speed (4,000 characters): the tail decides.
    expect(pacing.budget(10_000)).to.equal(30_000);
    expect(pacing.budget(0)).to.be.within(250, 4_000);
  });

  it('adds text to an answer under way only on the pacer\'s turn: an update for anything else (a state change, the page\'s own) renders none', () => {
    const text = Array.from({ length: 30 }, (_, i) => `Paragraph ${i}.`).join('\n\n');
    const root = document.createElement('div');
    const shown = (turn: boolean) => {
      const pacing = { paced: true, turn, budget: () => 40, rendered() {}, more() {} };
      litRender(html`<div ${messageContent(text, { streaming: true, pacing })}></div>`, root);
      return root.textContent!.length;
    };
    const first = shown(false); // an answer's first text comes at once, whoever asks
    expect(first).to.be.within(1, text.length - 1);
    expect(shown(false), 'an update that was not the pacer\'s added text').to.equal(first);
    expect(shown(true), 'the pacer\'s turn added nothing').to.be.above(first);
  });

  it('measures the speed over the whole update, the log\'s layout after the render included (fake clock)', async () => {
    const host = { addController() {}, requestUpdate() {}, isConnected: true } as unknown as ConstructorParameters<typeof FramePacer>[0];
    const pacer = new FramePacer(host);
    const pacing = pacer.for('answer');
    let now = 0;
    const realNow = performance.now;
    performance.now = () => now;
    try {
      // The speed is smoothed over updates: these outweigh what earlier tests measured.
      for (let i = 0; i < 30; i++) {
        pacer.hostUpdate();
        now += 2; // the render: 1,000 characters in 2 ms
        pacing.rendered(1000);
        pacer.hostUpdated();
        now += 8; // a later controller's work: the log's layout
        await Promise.resolve();
      }
    } finally {
      performance.now = realNow;
    }
    // 100 characters per ms of a whole update, 10 ms of it per frame (timed at the render: 4,000, the most).
    expect(pacing.budget(0)).to.equal(1000);
  });

  it('shows new text in a task of its own after a frame is drawn, not inside the frame', async () => {
    let drawn = false;
    const updates: boolean[] = [];
    const host = {
      addController() {},
      requestUpdate() {
        updates.push(drawn);
        if (updates.length > 1) return;
        // More text waits: the next render waits for a frame, and starts after the frame's
        // callbacks (this one was asked for after the pacer's own).
        pacer.schedule();
        requestAnimationFrame(() => (drawn = true));
      },
      isConnected: true,
    } as unknown as ConstructorParameters<typeof FramePacer>[0];
    const pacer = new FramePacer(host);
    pacer.schedule();
    await waitUntil(() => updates.length === 2, 'no second update');
    expect(updates[1], 'rendered inside the frame').to.be.true;
  });

  it('renders at most once per frame however fast chunks arrive, and fires stream-chunk for each', async () => {
    let renders = 0;
    const stopWatching = watchRenders((_text, options) => options.streaming && renders++);
    try {
      const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0&size=50000` });
      const log = recordEvents(el);
      const message = await el.send('long please');
      await el.updateComplete;
      const chunks = log.of('stream-chunk');
      expect(chunks.length).to.be.greaterThan(500);
      expect(chunks.map((c) => c.chunk.content).join('')).to.equal(message.content);
      expect(renders).to.be.greaterThan(0);
      expect(renders).to.be.lessThan(chunks.length / 20);
      expect(answerHtml(el)).to.equal(oneShot(message.content));
    } finally {
      stopWatching();
    }
  });

  it('settled messages are not rendered again while another answer streams (a frame costs the same with 2 or 500 messages)', async () => {
    const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0` });
    // Three different answers, none the start of the streamed one (the demo backend picks by topic).
    for (const question of ['hi', 'Write a debounce helper', 'Which database?']) await el.send(question);
    await el.updateComplete;
    const answers = el.messages.filter((m) => m.role === 'assistant').map((m) => m.content);
    const renders = new Map(answers.map((text) => [text, 0]));
    let streamingRenders = 0;
    const stopWatching = watchRenders((text) => (renders.has(text) ? renders.set(text, renders.get(text)! + 1) : streamingRenders++));
    try {
      el.endpoint = `${BACKEND}/api/chat?speed=5&size=3000`;
      await el.send('a fourth, streamed over many frames');
      await el.updateComplete;
    } finally {
      stopWatching();
    }
    expect(streamingRenders, 'the streaming answer rendered over several frames').to.be.greaterThan(5);
    // The last answer renders once more, when it stops being the last (its Regenerate
    // button goes); the others not at all.
    expect(answers.map((text) => renders.get(text))).to.deep.equal([0, 0, 1]);
  });
});

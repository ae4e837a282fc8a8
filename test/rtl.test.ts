import { expect } from '@open-wc/testing';
import type { StreamChat } from '../src/stream-chat.js';
import { $, $$, chat, script, sse } from './helpers.js';

const ARABIC = 'مرحبا! هذا مثال قصير:\n\n```js\nconst total = 1 + 2;\n```\n\nيعمل في كل متصفح.';
const HEBREW = 'שלום! הפקודה **npm** מתקינה חבילות:\n\n```sh\nnpm install stream-chat-element\n```\n\nזה הכל.';
const ENGLISH = 'Hello! Here is a short example:\n\n```js\nconst total = 1 + 2;\n```\n\nThat is all.';

/** Sends `question` and has the backend answer `answer` (native format, in one piece). */
async function ask(el: StreamChat, question: string, answer: string): Promise<void> {
  el.endpoint = (await script({ chunks: [sse({ delta: answer }, { type: 'done' })] })).url;
  const message = await el.send(question);
  expect(message.status).to.equal('complete');
  await el.updateComplete;
}

const direction = (node: Element) => getComputedStyle(node).direction;

describe('<stream-chat> right-to-left and mixed scripts', () => {
  it('each answer takes its direction from its text; code blocks in it stay left to right', async () => {
    const el = await chat();
    await ask(el, 'بالعربية من فضلك', ARABIC);
    await ask(el, 'In Hebrew please', HEBREW);
    await ask(el, 'And in English?', ENGLISH);

    const answers = $$(el, '.message.assistant .content');
    expect(answers.map(direction), 'Arabic, Hebrew, English').to.deep.equal(['rtl', 'rtl', 'ltr']);
    for (const answer of answers) {
      const code = answer.querySelector('pre code')!;
      expect(code, 'a code block').to.exist;
      expect(direction(answer.querySelector('pre')!)).to.equal('ltr');
      expect(direction(code)).to.equal('ltr');
    }
    // The English word inside the Hebrew sentence does not turn it around.
    expect(answers[1].querySelector('strong')!.textContent).to.equal('npm');
    // Questions too: the Arabic one right to left, the English ones left to right.
    expect($$(el, '.message.user .content').map(direction)).to.deep.equal(['rtl', 'ltr', 'ltr']);
  });

  it('the composer takes its direction from what is typed', async () => {
    const el = await chat();
    const input = $(el, 'textarea') as HTMLTextAreaElement;
    input.value = 'שלום';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    // The directionality of a dir="auto" field follows its value (`:dir()` says what it is).
    expect(input.matches(':dir(rtl)'), 'Hebrew typed').to.be.true;
    input.value = 'Hello';
    expect(input.matches(':dir(ltr)'), 'English typed').to.be.true;
  });

  describe('inside a right-to-left page', () => {
    let before: string;
    beforeEach(() => {
      before = document.documentElement.dir;
      document.documentElement.dir = 'rtl';
    });
    afterEach(() => {
      document.documentElement.dir = before;
    });

    it('the question sits at the inline end (left), the answer at the start (right), nothing overflows', async () => {
      const el = await chat();
      el.style.width = '360px';
      await ask(el, 'Hello', `${ARABIC}\n\n> اقتباس قصير.\n\n- واحد\n- اثنان`);
      // WebKit lays a content-visibility:auto bubble out at its placeholder size until the
      // rendering update after it appeared decides it is on screen: measure after that one.
      for (let frame = 0; frame < 2; frame++) await new Promise(requestAnimationFrame);
      const log = $(el, '.log')!;
      const box = log.getBoundingClientRect();
      const question = $(el, '.message.user')!.getBoundingClientRect();
      const answer = $(el, '.message.assistant')!.getBoundingClientRect();
      const gap = parseFloat(getComputedStyle(log).paddingLeft);
      // Both bubbles are narrower than the log, so each hugs one side.
      expect(question.width).to.be.lessThan(box.width * 0.9);
      expect(question.left - box.left, 'question at the left edge').to.be.closeTo(gap, 1.5);
      expect(box.right - answer.right, 'answer at the right edge').to.be.closeTo(gap, 1.5);

      // In the Arabic answer, the quote's rule is on its right (its inline start), the copy button on the left.
      const quote = $(el, '.message.assistant blockquote')!;
      expect(parseFloat(getComputedStyle(quote).borderRightWidth)).to.equal(3);
      expect(parseFloat(getComputedStyle(quote).borderLeftWidth)).to.equal(0);
      const block = $(el, '.code-block')!.getBoundingClientRect();
      const copy = $(el, 'button.copy-code')!.getBoundingClientRect();
      expect(copy.left - block.left, 'copy button at the inline end').to.be.lessThan(block.right - copy.right);

      // Nothing wider than the log: no horizontal scrolling, in the log or the page.
      expect(log.scrollWidth).to.be.at.most(log.clientWidth);
      for (const node of $$(el, '.log *')) {
        const rect = node.getBoundingClientRect();
        if (rect.width === 0) continue;
        expect(rect.left, `${node.className || node.tagName} left`).to.be.at.least(box.left - 0.5);
        expect(rect.right, `${node.className || node.tagName} right`).to.be.at.most(box.right + 0.5);
      }
    });
  });
});

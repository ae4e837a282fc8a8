// Answers of every shape (issue 16), shared by the tests (test/shapes.test.ts) and the
// bench (bench/run.mjs): each is `size` characters of one kind of block.
import { longAnswer } from './answers.mjs';

/** The shapes, the ordinary document first (the others are compared with it). */
export const SHAPES = ['a document', 'one paragraph', 'one line', 'one table', 'one code fence', 'a deeply nested list', 'one-line list items'];

/** `size` characters of one shape of answer (the nested list goes 40 levels deep). */
export function shape(name, size) {
  const fill = (line, head = '', tail = '') => {
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
    case 'one-line list items':
      return fill((i) => `- item ${i}\n`); // 10,000 one-line items at 100 KB
    default:
      throw new Error(`No shape named ${name}`);
  }
}

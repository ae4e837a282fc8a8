// The defects found trying the widget as a new user (issue 17), one test each.
import { expect } from '@open-wc/testing';
import { DEFAULT_STRINGS } from '../src/strings.js';
import { $, BACKEND, chat, lastAnswer, received, recordEvents, script, sse, typeAndEnter, waitUntil } from './helpers.js';

const delta = (text: string) => sse({ delta: text });

describe('defects found by trying the widget', () => {
  describe('an answer cut short mid-bold shows no raw markers', () => {
    // `interrupted` comes from the idle timeout, not a cut connection: a browser drops body
    // bytes it had not handed to the page yet when the connection fails, so a cut could take
    // the text with it on a loaded machine. The timeout can only fire after the last byte.
    const cases = [
      ['interrupted', [delta('Some '), delta('**bold'), { hang: true as const }]],
      ['error', [delta('Some '), delta('**bold'), sse({ type: 'error', message: 'The model crashed.' })]],
      ['cancelled', [delta('Some '), delta('**bold'), { hang: true as const }]],
    ] as const;
    for (const [status, chunks] of cases) {
      it(`ends ${status}: the final render keeps the repair every streaming render applied`, async () => {
        const { url } = await script({ chunks: [...chunks] });
        const el = await chat({ endpoint: url, 'max-retries': '0', ...(status === 'interrupted' && { 'idle-timeout': '1000' }) });
        const pending = el.send('hi');
        await waitUntil(() => el.messages.at(-1)!.content === 'Some **bold', 'the text did not arrive');
        if (status === 'cancelled') el.stop();
        const message = await pending;
        expect(message.status).to.equal(status);
        // The final render may land in the next frame (the pacer's): wait for it, then check.
        await waitUntil(() => lastAnswer(el).querySelector('strong'), 'the final render did not come');
        expect(lastAnswer(el).textContent!.trim()).to.equal('Some bold');
        expect(lastAnswer(el).querySelector('strong')?.textContent).to.equal('bold');
      });
    }

    it('a complete answer is rendered as written (a one-shot render): its markers stay', async () => {
      const { url } = await script({ chunks: [delta('Some **bold'), sse({ type: 'done' })] });
      const el = await chat({ endpoint: url });
      expect((await el.send('hi')).status).to.equal('complete');
      await el.updateComplete;
      expect(lastAnswer(el).textContent!.trim()).to.equal('Some **bold');
    });
  });

  it('a link to a javascript: URL reads as plain text, not as a link that does nothing', async () => {
    const { url } = await script({ chunks: [delta('Click [here](javascript:alert(1)) or [there](https://example.com/).'), sse({ type: 'done' })] });
    const el = await chat({ endpoint: url });
    await el.send('hi');
    await el.updateComplete;
    const answer = lastAnswer(el);
    expect(answer.textContent!.trim()).to.equal('Click here or there.');
    expect([...answer.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')])).to.deep.equal([['there', 'https://example.com/']]);
  });

  describe('the metadata line', () => {
    it('shows output (completion) tokens, the count the stream-complete event carries', async () => {
      const { url } = await script({
        chunks: [
          sse({ choices: [{ delta: { content: 'Hello.' } }] }),
          sse({ choices: [{ delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 120, completion_tokens: 7, total_tokens: 127 } }),
          sse('[DONE]'),
        ],
      });
      const el = await chat({ endpoint: url, format: 'openai' });
      const events = recordEvents(el);
      await el.send('hi');
      await el.updateComplete;
      expect(events.of('stream-complete')[0].message.metadata.usage?.completionTokens).to.equal(7);
      const meta = $(el, '[part=metadata]')!.textContent!;
      expect(meta).to.contain(`7 ${DEFAULT_STRINGS.tokens}`);
      expect(meta).to.not.contain('127');
    });

    it('a failed answer has no line of timing alone', async () => {
      const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0&fault=error&after=3`, 'max-retries': '0' });
      const message = await el.send('hi');
      expect(message.status).to.equal('error');
      expect(message.metadata.durationMs, 'the answer has a duration to leave out').to.be.a('number');
      await el.updateComplete;
      expect(Boolean($(el, '[part=metadata]'))).to.be.false;
    });

    it('a stopped answer is marked', async () => {
      const { url } = await script({ chunks: [delta('Half an answer'), { hang: true }] });
      const el = await chat({ endpoint: url });
      const pending = el.send('hi');
      await waitUntil(() => el.messages.at(-1)!.content, 'no text arrived');
      el.stop();
      expect((await pending).status).to.equal('cancelled');
      await el.updateComplete;
      expect($(el, '[part=metadata]')!.textContent).to.contain(DEFAULT_STRINGS.stopped);
      el.strings = { stopped: 'Arrêté' };
      await el.updateComplete;
      expect($(el, '[part=metadata]')!.textContent).to.contain('Arrêté');
    });

    it('a complete answer is not marked stopped', async () => {
      const el = await chat({ endpoint: `${BACKEND}/api/chat?speed=0` });
      await el.send('hi');
      await el.updateComplete;
      expect($(el, '[part=metadata]')!.textContent).to.not.contain(DEFAULT_STRINGS.stopped);
    });
  });

  describe('the composer while an answer streams', () => {
    it('looks as it does when idle (no dashed border, no grey fill)', async () => {
      const { url } = await script({ chunks: [delta('Thinking'), { hang: true }] });
      const el = await chat({ endpoint: url });
      const input = $(el, 'textarea')!;
      const look = () => {
        const style = getComputedStyle(input);
        return { border: style.borderTopStyle, color: style.borderTopColor, background: style.backgroundColor };
      };
      const idle = look();
      const pending = el.send('hi');
      await waitUntil(() => el.messages.at(-1)!.status === 'streaming', 'not streaming');
      await el.updateComplete;
      expect(look()).to.deep.equal(idle);
      el.stop();
      await pending;
    });

    it('Enter keeps the typed text and says why nothing was sent; the Stop button pulses', async () => {
      const { url } = await script({ chunks: [delta('Thinking'), { hang: true }] });
      const el = await chat({ endpoint: url });
      const events = recordEvents(el);
      const pending = el.send('first');
      await waitUntil(() => el.messages.at(-1)!.status === 'streaming', 'not streaming');
      const status = $(el, '[part=status]')!;
      expect(status.textContent).to.equal('');

      await typeAndEnter(el, 'second question');
      await el.updateComplete;
      expect(($(el, 'textarea') as HTMLTextAreaElement).value, 'the typed text was lost').to.equal('second question');
      expect(events.of('message-send')).to.have.length(1);
      expect(status.getAttribute('role')).to.equal('status');
      expect(status.textContent).to.equal(DEFAULT_STRINGS.stillStreaming);
      expect($(el, '[part=stop-button]')!.getAnimations(), 'the Stop button did not pulse').to.have.length(1);

      // Once the answer ends, the hint goes and Enter sends.
      el.stop();
      await pending;
      await el.updateComplete;
      expect(status.textContent).to.equal('');
      await typeAndEnter(el, 'second question');
      await waitUntil(() => events.of('message-send').length === 2, 'Enter did not send after the answer ended');
      el.stop();
    });
  });

  it('a complete answer ends its request normally: the server sees no abort', async () => {
    // The server ends the response a moment after the end marker, as servers do.
    const { url, id } = await script({ chunks: [delta('All there.'), sse({ type: 'done' }), { delay: 300 }] });
    const el = await chat({ endpoint: url });
    expect((await el.send('hi')).status).to.equal('complete');
    await waitUntil(async () => {
      const [request] = await received(`script:${id}`);
      return request?.complete || request?.aborted;
    }, 'the request never finished');
    const [request] = await received(`script:${id}`);
    expect(request.aborted, 'the client aborted a complete answer').to.be.false;
    expect(request.complete).to.be.true;
  });
});

import { expect } from '@open-wc/testing';
import { chat, recordEvents, script, type ScriptStep } from './helpers.js';

const b64 = (bytes: number[] | Uint8Array) => ({ b64: btoa(String.fromCharCode(...bytes)) });
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Streams a scripted SSE body through the real transport; returns the answer. */
async function answer(chunks: ScriptStep['chunks'], attrs: Record<string, string> = {}) {
  const { url } = await script({ chunks });
  const el = await chat({ endpoint: url, format: 'text', 'max-retries': '0', ...attrs });
  const log = recordEvents(el);
  const message = await el.send('hi');
  return { message, log, el };
}

describe('SSE parsing (WHATWG rules, through the real transport)', () => {
  it('accepts LF, CR and CRLF line endings, also split between reads', async () => {
    const { message } = await answer(['data: a\n\ndata: b\r', '\n\r\ndata: c\r\rdata: d\r\n', '\r\n']);
    expect(message.content).to.equal('abcd');
  });

  it('joins multi-line data with \\n and ignores comments and unknown fields', async () => {
    const { message } = await answer([': comment\n', 'data: line 1\ndata: line 2\nfoo: bar\n\n', ':another\n\n', 'data:no-space\n\n']);
    expect(message.content).to.equal('line 1\nline 2no-space');
  });

  it('strips one leading BOM, even split across reads; a second BOM is not stripped', async () => {
    const { message } = await answer([b64([0xef, 0xbb]), b64([0xbf, ...utf8('data: x\n\n')])]);
    expect(message.content).to.equal('x');
    // With a double BOM the first line's field name is "\uFEFFdata", an unknown field: ignored.
    const double = await answer([b64([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...utf8('data: lost\n\ndata: kept\n\n')])]);
    expect(double.message.content).to.equal('kept');
  });

  it('decodes UTF-8 split across reads', async () => {
    const bytes = utf8('data: héllo 👋 世界\n\n');
    const chunks = Array.from(bytes, (byte) => b64([byte]));
    const { message } = await answer(chunks);
    expect(message.content).to.equal('héllo 👋 世界');
  });

  it('discards an unterminated last event', async () => {
    const { message } = await answer(['data: complete\n\ndata: never finished']);
    expect(message.content).to.equal('complete');
  });

  it('a data line with only "data" yields an empty event; a lone "data:" with no blank line is discarded', async () => {
    const { message } = await answer(['data\n\ndata: x\n\n', 'data:']);
    expect(message.content).to.equal('x');
  });

  it('ids are sticky: an event without its own id is not a replay; `retry:` sets the reconnection delay', async () => {
    const { url } = await script({
      attempts: [
        { chunks: ['retry: 5\nid: 7\ndata: {"delta":"a"}\n\ndata: {"delta":"b"}\n\n', { destroy: true }] },
        { chunks: ['id: 7\ndata: {"delta":"a"}\n\nid: 8\ndata: {"delta":"c"}\n\ndata: {"type":"done"}\n\n'] },
      ],
    });
    const el = await chat({ endpoint: url, 'retry-delay': '60000', 'retry-max-delay': '60000' });
    const message = await el.send('hi');
    expect(message.content).to.equal('abc');
    expect(message.status).to.equal('complete');
  });
});

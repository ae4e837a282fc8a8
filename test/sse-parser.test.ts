// Fixture tests of the SSE parser (src/core/sse-parser.ts) against the WHATWG rules for
// interpreting an event stream. Every fixture is fed whole, cut in two at every index,
// and one character at a time: the events, retry hints and size failure must not depend
// on the chunking. (test/sse.test.ts covers it through the real transport and servers.)
import { expect } from '@open-wc/testing';
import { sseParser, type SseEvent } from '../src/core/sse-parser.js';

const TOO_LARGE = new Error('too large');

type Output = SseEvent | { retry: number } | 'too large';

/** An event as the parser dispatches it: the type defaults to 'message'; `id` is the event's own. */
const ev = (data: string, event = 'message', id?: string): SseEvent => ({ data, event, id });

/** What the parser makes of `chunks`, in order; a size failure ends the output. */
function parse(chunks: string[], maxChars = 1 << 20): Output[] {
  const out: Output[] = [];
  const feed = sseParser(maxChars, (event) => out.push(event), (ms) => out.push({ retry: ms }), () => TOO_LARGE);
  try {
    for (const chunk of chunks) feed(chunk);
  } catch (error) {
    if (error !== TOO_LARGE) throw error;
    out.push('too large');
  }
  return out;
}

/** Every chunking of `stream` the fixtures are checked with. */
function chunkings(stream: string): [string, string[]][] {
  const ways: [string, string[]][] = [['whole', [stream]]];
  for (let i = 0; i <= stream.length; i++) ways.push([`cut at ${i}`, [stream.slice(0, i), stream.slice(i)]]);
  ways.push(['one character at a time', Array.from({ length: stream.length }, (_, i) => stream[i])]);
  return ways;
}

interface Fixture {
  name: string;
  stream: string;
  expected: Output[];
  maxChars?: number;
}

const FIXTURES: Fixture[] = [
  { name: 'LF ends lines', stream: 'data: a\n\ndata: b\n\n', expected: [ev('a'), ev('b')] },
  { name: 'CRLF ends lines', stream: 'data: a\r\n\r\ndata: b\r\n\r\n', expected: [ev('a'), ev('b')] },
  { name: 'CR ends lines, also the very last one of the body', stream: 'data: a\r\rdata: b\r\r', expected: [ev('a'), ev('b')] },
  {
    name: 'a CRLF is one line end, also cut between its CR and LF',
    stream: 'data: a\r\ndata: b\r\n\r\n',
    expected: [ev('a\nb')],
  },
  {
    name: 'mixed line ends: LF CR, CR CRLF, CR CR LF',
    stream: 'data: a\n\rdata: b\r\r\ndata: c\r\r\n',
    expected: [ev('a'), ev('b'), ev('c')],
  },
  {
    name: 'lines starting with a colon are comments',
    stream: ': hello\ndata: a\n:data: not data\n:\n\n: data: x\n\n',
    expected: [ev('a')],
  },
  {
    name: 'a field without a colon has an empty value: "data" alone is an empty data line',
    stream: 'data\n\ndata\ndata\n\ndata: a\ndata\n\n',
    expected: [ev(''), ev('\n'), ev('a\n')],
  },
  {
    name: 'one leading space is removed from the value, only one',
    stream: 'data:no space\n\ndata:  two spaces\n\ndata:\ttab\n\ndata: a: b\n\n',
    expected: [ev('no space'), ev(' two spaces'), ev('\ttab'), ev('a: b')],
  },
  {
    name: 'data lines are joined with \\n, empty ones too',
    stream: 'data: a\ndata:\ndata: c\n\n',
    expected: [ev('a\n\nc')],
  },
  {
    name: 'the event field sets the type; without one, or empty, it is "message"; it lasts one event',
    stream: 'event: add\ndata: a\n\ndata: b\n\nevent:\ndata: c\n\nevent: lost\n\ndata: d\n\n',
    expected: [ev('a', 'add'), ev('b'), ev('c'), ev('d')],
  },
  {
    name: "an event carries its own id only; an id containing NUL is ignored; an empty id is ''",
    stream: 'id: 1\ndata: a\n\ndata: b\n\nid: 2\nid: 3\0\ndata: c\n\nid\ndata: d\n\nid: 4\n\ndata: e\n\n',
    expected: [ev('a', 'message', '1'), ev('b'), ev('c', 'message', '2'), ev('d', 'message', ''), ev('e')],
  },
  {
    name: 'retry with only ASCII digits sets the reconnection time; anything else is ignored',
    stream: 'retry: 1000\nretry: 10s\nretry: -1\nretry:  5\nretry:\nretry: 1.5\nretry: \u0661\u0662\nretry:0\ndata: a\n\n',
    expected: [{ retry: 1000 }, { retry: 0 }, ev('a')],
  },
  {
    name: 'unknown fields are ignored, and field names are case- and space-sensitive',
    stream: 'foo: bar\nDATA: x\ndata : y\nData: z\n\ndata: a\nfoo\n\n',
    expected: [ev('a')],
  },
  {
    name: 'a blank line with no data line dispatches nothing',
    stream: '\n\n\r\n\rid: 1\nevent: e\n\n: comment\n\n',
    expected: [],
  },
  {
    name: 'the unterminated last event of the body is discarded',
    stream: 'data: a\n\ndata: b\n',
    expected: [ev('a')],
  },
  {
    name: 'the unterminated last line of the body is discarded',
    stream: 'data: a\n\ndata: b',
    expected: [ev('a')],
  },
  {
    name: 'a second BOM (after the one the decoder strips) is part of the field name',
    stream: '\uFEFFdata: lost\n\ndata: kept\n\n',
    expected: [ev('kept')],
  },
  {
    name: 'size: a line up to maxChars passes; one past it fails, after the events before it',
    stream: 'data: 1234\n\ndata: 12345\n\ndata: never\n\n',
    maxChars: 10,
    expected: [ev('1234'), 'too large'],
  },
  {
    name: "size: the event's data so far counts with the line being read",
    stream: 'data: 12\ndata: 34\n\ndata: 12\ndata: 34\ndata: 56\n\n',
    maxChars: 10,
    expected: [ev('12\n34'), 'too large'],
  },
  {
    name: 'size: a line that never ends fails once it is past maxChars',
    stream: 'data: 12345',
    maxChars: 10,
    expected: ['too large'],
  },
  {
    name: 'size: a long comment line fails too',
    stream: 'data: a\n\n: 123456789\n\n',
    maxChars: 10,
    expected: [ev('a'), 'too large'],
  },
];

describe('SSE parser (WHATWG event stream rules, fixtures in every chunking)', () => {
  for (const { name, stream, expected, maxChars } of FIXTURES) {
    it(name, () => {
      for (const [way, chunks] of chunkings(stream)) {
        expect(parse(chunks, maxChars), way).to.deep.equal(expected);
      }
    });
  }

  it('throws the error it is given', () => {
    const tooLarge = new Error('mine');
    const feed = sseParser(3, () => {}, () => {}, () => tooLarge);
    expect(() => feed('data')).to.throw(tooLarge);
  });

  it('a 500,000-character event arriving one character at a time is parsed in linear time', () => {
    // Rescanning or re-copying the pending line on every chunk would take minutes here.
    const size = 500_000;
    const feed = sseParser(1 << 20, (event) => events.push(event), () => {}, () => TOO_LARGE);
    const events: SseEvent[] = [];
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    for (const char of 'data: ') feed(char);
    // Stops early (checked every 1,024 characters) when already too slow: a quadratic parser fails at once.
    for (let i = 0; i < size && (i % 1024 || elapsed() < 3000); i++) feed('x');
    feed('\n');
    feed('\n');
    expect(elapsed()).to.be.below(3000);
    expect(events.map((event) => event.data.length)).to.deep.equal([size]);
  });
});

// Property-based tests (fast-check) of what turns bytes into answer text: the HTTP
// transport's SSE framer itself (a streaming TextDecoder feeding src/core/sse-parser.ts) and
// its NDJSON framer, the PayloadDecoder and every format adapter; and a few runs through
// the real transport.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { StreamError } from '../src/core/errors.js';
import { framer } from '../src/core/http-transport.js';
import type { Frame } from '../src/core/transport.js';
import { PayloadDecoder } from '../src/core/formats/decoder.js';
import type { FormatEvent } from '../src/core/formats/format.js';
import { ADAPTERS } from '../src/core/formats/registry.js';
import type { FormatOption } from '../src/types.js';
// @ts-expect-error plain JS module of the demo backend: the reference encoder of every format
import { framesFor } from '../demo/formats.mjs';
import { chat, script, sse } from './helpers.js';

const RUNS = { numRuns: 150, seed: 8_2024 };

/** Frames (SSE events, NDJSON lines) and retry hints from bytes delivered in `chunks`, through the HTTP transport's own framer. */
function frames(chunks: Iterable<Uint8Array>, protocol: 'sse' | 'ndjson' = 'sse') {
  const events: Frame[] = [];
  const retries: number[] = [];
  const parse = framer(protocol, 1 << 20, {
    open: () => {},
    bytes: () => {},
    retryHint: (ms) => retries.push(ms),
    frame: (frame) => (events.push({ ...frame }), false),
  });
  for (const chunk of chunks) parse.push(chunk);
  parse.end();
  return { events, retries };
}

/** `bytes` cut at the given offsets. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  return [...points, bytes.length].map((end, i, all) => bytes.slice(i ? all[i - 1] : 0, end));
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const cuts = fc.array(fc.nat(), { maxLength: 40 });

/** Text with what breaks naive parsers: every kind of line end, multi-byte and astral characters, colons, BOMs. */
const trickyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\n', '\r', '\r\n', ':', ' ', 'data:', 'id:', 'event:', 'retry:', '\uFEFF', 'é', '€', '😀', '\u0000', '{', '"', '[DONE]'),
    fc.string({ unit: 'grapheme', maxLength: 3 }),
  ),
  maxLength: 60,
});

/** The text a stream of FormatEvents shows, and how it ended. */
function textOf(events: FormatEvent[]) {
  return {
    text: events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join(''),
    ended: events.some((e) => e.type === 'done'),
    errors: events.filter((e) => e.type === 'error').length,
  };
}

function decodeAll(format: FormatOption, frames: { data: string; event?: string }[]): FormatEvent[] {
  const decoder = new PayloadDecoder(format);
  return frames.flatMap((frame) => decoder.read(frame, decoder.parse(frame)));
}

/** Tokens as a model streams them: words, spaces, markdown, unicode, quotes and backslashes. */
const tokens = fc.array(
  fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
    fc.constantFrom(' ', '\n', '\n\n', '**', '`', '"quoted"', '\\', '{"a":1}', '😀', '[DONE]', '</script>'),
  ),
  { minLength: 1, maxLength: 30 },
);

const JSON_FORMATS = ADAPTERS.map((a) => a.name);

// The decoder warns once per stream with broken JSON: thousands of streams here.
const warn = console.warn;
before(() => (console.warn = () => {}));
after(() => (console.warn = warn));

describe('fuzz: SSE framing', () => {
  it('any chunking of the same bytes yields the same events and retry hints', () => {
    fc.assert(
      fc.property(trickyText, cuts, (text, at) => {
        const bytes = utf8(text);
        expect(frames(split(bytes, at))).to.deep.equal(frames([bytes]));
      }),
      RUNS,
    );
  });

  it('well-formed events come out as they went in, whatever the line ends and chunking', () => {
    const event = fc.record(
      { data: trickyText, id: fc.stringMatching(/^[\w-]{1,8}$/), event: fc.stringMatching(/^[a-z_.]{1,12}$/) },
      { requiredKeys: ['data'] },
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), fc.constantFrom('\n', '\r', '\r\n'), fc.boolean(), cuts, (events, eol, bom, at) => {
        const wire =
          (bom ? '\uFEFF' : '') +
          events
            .map((e) =>
              [
                ': comment',
                ...(e.id !== undefined ? [`id: ${e.id}`] : []),
                ...(e.event !== undefined ? [`event: ${e.event}`] : []),
                ...e.data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`),
              ].join(eol) + eol + eol,
            )
            .join('');
        const { events: out } = frames(split(utf8(wire), at));
        // SSE normalises line ends inside data to \n. Each event carries its own id (the
        // transport keeps the sticky last one); the type defaults to 'message'.
        const expected = events.map((e) => ({ data: e.data.replace(/\r\n|\r/g, '\n'), id: e.id, event: e.event ?? 'message' }));
        expect(out.map((e) => ({ data: e.data, id: e.id, event: e.event }))).to.deep.equal(expected);
      }),
      RUNS,
    );
  });

  it('random bytes never throw out of framing or decoding, in any format', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), cuts, (bytes, at) => {
        const { events } = frames(split(bytes, at));
        for (const format of ['auto', 'text', ...JSON_FORMATS] as FormatOption[]) {
          const decoder = new PayloadDecoder(format);
          for (const frame of events) decoder.read(frame, decoder.parse(frame));
          const error = decoder.unrecognisedError();
          if (error) expect(error).to.be.instanceOf(StreamError).and.have.property('code', 'protocol');
        }
      }),
      RUNS,
    );
  });
});

describe('fuzz: NDJSON framing', () => {
  it('any chunking of the same bytes yields the same lines', () => {
    fc.assert(
      fc.property(trickyText, cuts, (text, at) => {
        const bytes = utf8(text);
        expect(frames(split(bytes, at), 'ndjson')).to.deep.equal(frames([bytes], 'ndjson'));
      }),
      RUNS,
    );
  });

  it('a 200,000-character line arriving one byte at a time is framed in linear time', () => {
    // The work is counted, not timed: the length of every string a scanning method was
    // called on. Rescanning the pending line on every read would count about 2·10^10.
    const line = `{"text":"${'x'.repeat(200_000)}"}`;
    const wire = utf8(`${line}\n`);
    const bound = 4 * wire.length;
    const proto = String.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    const scanning = ['split', 'includes', 'indexOf', 'lastIndexOf', 'search', 'match', 'replace'].map((name) => [name, proto[name]] as const);
    let scanned = 0;
    for (const [name, original] of scanning) {
      proto[name] = function (this: string, ...args: unknown[]) {
        scanned += this.length;
        return original.apply(this, args);
      };
    }
    let i = 0;
    // Fed byte by byte while within the bound (a quadratic framer leaves it at once), then the rest.
    function* bytes() {
      for (; i < line.length && scanned <= bound; i++) yield wire.subarray(i, i + 1);
      yield wire.subarray(i);
    }
    let events: Frame[];
    try {
      ({ events } = frames(bytes(), 'ndjson'));
    } finally {
      for (const [name, original] of scanning) proto[name] = original;
    }
    expect(scanned, 'characters scanned').to.be.at.most(bound);
    expect(i, 'bytes fed one at a time').to.equal(line.length);
    expect(events.map((event) => event.data)).to.deep.equal([line]);
  });
});

/** JSON shaped like provider payloads: their keys and type names, any values, nested. */
const KEYS = ['type', 'delta', 'text', 'content', 'choices', 'message', 'error', 'errorText', 'done', 'usage', 'response', 'finish_reason',
  'finishReason', 'stop_reason', 'done_reason', 'model', 'index', 'content_block', 'seq', 'id', 'role', 'eval_count', 'prompt_eval_count',
  'reasoning', 'reasoning_content', 'thinking', 'object', 'code', 'status', 'messageMetadata', 'totalUsage', 'output_tokens', 'input_tokens',
  'prompt_tokens', 'completion_tokens', 'total_tokens', 'incomplete_details', 'refusal'];
const TYPES = ['text-delta', 'reasoning-delta', 'start', 'finish', 'error', 'message-metadata', 'message_start', 'message_delta', 'message_stop',
  'content_block_delta', 'content_block_start', 'text_delta', 'thinking_delta', 'response.output_text.delta', 'response.completed',
  'response.failed', 'response.incomplete', 'response.refusal.delta', 'response.reasoning_text.delta', 'chat.completion.chunk', 'done', 'ping'];
const { payload } = fc.letrec<{ payload: unknown; object: Record<string, unknown> }>((tie) => ({
  payload: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 1 }),
    fc.constantFrom(...TYPES),
    tie('object'),
    fc.array(tie('payload'), { maxLength: 3 }),
  ),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('payload'), { maxKeys: 6 }),
}));

describe('fuzz: formats', () => {
  it('every adapter reads any JSON without throwing, into well-formed events', () => {
    fc.assert(
      fc.property(payload, fc.option(fc.constantFrom(...TYPES), { nil: undefined }), (json, event) => {
        for (const adapter of ADAPTERS) {
          adapter.detect({ json, event });
          for (const e of adapter.read({ json, event })) {
            expect(['delta', 'reasoning', 'meta', 'done', 'error']).to.include(e.type);
            if (e.type === 'delta' || e.type === 'reasoning') expect(e.text).to.be.a('string');
            if (e.type === 'error') expect(e.message).to.be.a('string').and.not.equal('');
          }
        }
      }),
      { ...RUNS, numRuns: 400 },
    );
  });

  it('the decoder never throws on any mix of JSON, broken JSON and [DONE], in any format or content-path', () => {
    const frame = fc.oneof(
      payload.map((json) => ({ data: JSON.stringify(json) ?? 'null' })),
      trickyText.map((data) => ({ data })),
      fc.constant({ data: '[DONE]' }),
    );
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 12 }), fc.constantFrom('', 'choices.0.delta.content', 'a.b'), (frames, contentPath) => {
        for (const format of ['auto', 'text', ...JSON_FORMATS] as FormatOption[]) {
          const decoder = new PayloadDecoder(format, contentPath);
          for (const f of frames) expect(decoder.read(f, decoder.parse(f))).to.be.an('array');
          expect([undefined, 'protocol']).to.include(decoder.unrecognisedError()?.code);
        }
      }),
      RUNS,
    );
  });

  for (const format of [...JSON_FORMATS, 'text'] as const) {
    it(`${format}: any answer, SSE-encoded and chunked anyhow, decodes to exactly its text and its end`, () => {
      // In raw text a frame that is exactly `[DONE]` is the end marker, not a word.
      const answer = format === 'text' ? tokens.map((t) => t.map((s) => s.replace(/\r/g, '')).filter((s) => s.trim() !== '[DONE]')) : tokens;
      fc.assert(
        fc.property(answer, cuts, fc.boolean(), (words, at, auto) => {
          const wire = sse(...(framesFor(format, words) as { data: string; event?: string }[]).map((f) => ({ data: f.data, event: f.event })));
          const { events } = frames(split(utf8(wire), at));
          // Raw text has no end marker and cannot be told from JSON by detection: only configured.
          const decoded = textOf(decodeAll(format === 'text' || !auto ? format : 'auto', events));
          expect(decoded).to.deep.equal({ text: words.join(''), ended: format !== 'text', errors: 0 });
        }),
        { ...RUNS, numRuns: 60 },
      );
    });
  }
});

describe('fuzz: through the real HTTP transport', () => {
  it('a stream with bare CR line ends keeps its last event', async () => {
    const { url } = await script({ chunks: [sse({ delta: 'Hello' }, { type: 'done' }).replace(/\n/g, '\r')] });
    const message = await (await chat({ endpoint: url, format: 'native', 'max-retries': '0' })).send('cr');
    expect([message.status, message.content]).to.deep.equal(['complete', 'Hello']);
  });

  it('random answers in random formats, protocols and byte splits arrive whole', async function () {
    this.timeout(60_000);
    await fc.assert(
      fc.asyncProperty(
        tokens,
        fc.constantFrom(...JSON_FORMATS),
        fc.constantFrom('sse', 'ndjson'),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 64 }),
        async (words, format, protocol, eol, sizes) => {
          const frames = framesFor(format, words) as { data: string; event?: string }[];
          const text =
            protocol === 'sse'
              ? sse(...frames.map((f) => ({ data: f.data, event: f.event }))).replace(/\n/g, eol)
              : frames.map((f) => `${f.data}${eol}`).join('');
          const bytes = utf8(text);
          const chunks: { b64?: string; delay?: number }[] = [];
          for (let start = 0, i = 0; start < bytes.length; i++) {
            const end = Math.min(bytes.length, start + sizes[i % sizes.length]);
            chunks.push({ b64: btoa(String.fromCharCode(...bytes.slice(start, end))) }, { delay: 1 });
            start = end;
          }
          const { url } = await script({ contentType: protocol === 'sse' ? 'text/event-stream' : 'application/x-ndjson', chunks });
          const el = await chat({ endpoint: url, 'max-retries': '0' });
          const message = await el.send('fuzz');
          el.remove();
          expect([message.status, message.content]).to.deep.equal(['complete', words.join('')]);
        },
      ),
      { numRuns: 25, seed: 8_2024 },
    );
  });
});

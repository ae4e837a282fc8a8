// Payload formats end to end: fixture streams written as each provider documents them
// (extra events included), replayed by the real backend and read by the element in
// Chromium; and one stream written by the real `ai` package.
import { expect } from '@open-wc/testing';
// @ts-expect-error served by the test runner's backend plugin
import { AI_SDK_BACKEND } from '/__backend.js';
import { ADAPTERS } from '../src/core/formats/registry.js';
import { PayloadDecoder } from '../src/core/formats/decoder.js';
import type { ChatMessage, FormatName, Usage } from '../src/types.js';
import type { StreamChat } from '../src/stream-chat.js';
import { $, chat, lastAnswer, received, recordEvents, script, sse } from './helpers.js';

interface Frame {
  data: unknown;
  event?: string;
}

interface Fixture {
  format: Exclude<FormatName, 'text'>;
  ndjson?: boolean;
  /** A whole answer, as the provider's documentation shows it. */
  full: Frame[];
  /** How many frames of `full` come before the end marker (the cut keeps those). */
  beforeEnd: number;
  text: string;
  reasoning?: string;
  model?: string;
  finishReason?: string;
  usage?: Usage;
  /** Some text, then the provider's error payload (and what follows it on the wire). */
  failing: Frame[];
  partial: string;
  errorMessage: string;
}

const ev = (event: string, data: unknown): Frame => ({ event, data });
const DONE: Frame = { data: '[DONE]' };

// OpenAI Chat Completions with `stream_options: {include_usage: true}`.
const chunk = (delta: object, finish: string | null = null) => ({
  data: {
    id: 'chatcmpl-123', object: 'chat.completion.chunk', created: 1694268190, model: 'gpt-4o-mini-2024-07-18',
    system_fingerprint: 'fp_44709d6fcb', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null,
  },
});
const openai: Fixture = {
  format: 'openai',
  full: [
    chunk({ role: 'assistant', content: '', refusal: null }),
    chunk({ content: 'Hello' }),
    chunk({ content: '! How can I' }),
    chunk({ content: ' help?' }),
    chunk({}, 'stop'),
    { data: { ...chunk({}).data, choices: [], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13, completion_tokens_details: { reasoning_tokens: 0 } } } },
    DONE,
  ],
  beforeEnd: 4,
  text: 'Hello! How can I help?',
  model: 'gpt-4o-mini-2024-07-18',
  finishReason: 'stop',
  usage: { promptTokens: 9, completionTokens: 4, totalTokens: 13 },
  failing: [
    chunk({ role: 'assistant', content: '' }),
    chunk({ content: 'Hello' }),
    { data: { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } } },
  ],
  partial: 'Hello',
  errorMessage: 'The server had an error while processing your request.',
};

// OpenAI Responses API, with a reasoning summary before the message.
const RESP = 'resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654';
const MSG = 'msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654';
const RS = 'rs_67c9fdcf2f9c8190a2b0b7e9c47ddc9c07b8b0ad4e5eb654';
const responseObject = (status: string, extra: object = {}) => ({
  id: RESP, object: 'response', created_at: 1741290958, status, error: null, incomplete_details: null,
  instructions: 'You are a helpful assistant.', max_output_tokens: null, model: 'gpt-5-2025-08-07', output: [],
  parallel_tool_calls: true, previous_response_id: null, reasoning: { effort: 'low', summary: 'auto' }, store: true,
  temperature: 1.0, text: { format: { type: 'text' } }, tool_choice: 'auto', tools: [], top_p: 1.0, truncation: 'disabled',
  usage: null, user: null, metadata: {}, ...extra,
});
const textDelta = (delta: string, n: number) =>
  ev('response.output_text.delta', { type: 'response.output_text.delta', item_id: MSG, output_index: 1, content_index: 0, delta, logprobs: [], sequence_number: n });
const responsesStart = [
  ev('response.created', { type: 'response.created', response: responseObject('in_progress'), sequence_number: 0 }),
  ev('response.in_progress', { type: 'response.in_progress', response: responseObject('in_progress'), sequence_number: 1 }),
  ev('response.output_item.added', { type: 'response.output_item.added', output_index: 0, item: { id: RS, type: 'reasoning', summary: [] }, sequence_number: 2 }),
  ev('response.reasoning_summary_part.added', { type: 'response.reasoning_summary_part.added', item_id: RS, output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' }, sequence_number: 3 }),
  ev('response.reasoning_summary_text.delta', { type: 'response.reasoning_summary_text.delta', item_id: RS, output_index: 0, summary_index: 0, delta: '**Greeting** The user says hi.', sequence_number: 4 }),
  ev('response.reasoning_summary_text.done', { type: 'response.reasoning_summary_text.done', item_id: RS, output_index: 0, summary_index: 0, text: '**Greeting** The user says hi.', sequence_number: 5 }),
  ev('response.output_item.done', { type: 'response.output_item.done', output_index: 0, item: { id: RS, type: 'reasoning', summary: [{ type: 'summary_text', text: '**Greeting** The user says hi.' }] }, sequence_number: 6 }),
  ev('response.output_item.added', { type: 'response.output_item.added', output_index: 1, item: { id: MSG, type: 'message', status: 'in_progress', role: 'assistant', content: [] }, sequence_number: 7 }),
  ev('response.content_part.added', { type: 'response.content_part.added', item_id: MSG, output_index: 1, content_index: 0, part: { type: 'output_text', text: '', annotations: [] }, sequence_number: 8 }),
];
const responsesText = 'Hi there! How can I assist you today?';
const responses: Fixture = {
  format: 'openai-responses',
  full: [
    ...responsesStart,
    textDelta('Hi', 9),
    textDelta(' there!', 10),
    textDelta(' How can I assist you today?', 11),
    ev('response.output_text.done', { type: 'response.output_text.done', item_id: MSG, output_index: 1, content_index: 0, text: responsesText, logprobs: [], sequence_number: 12 }),
    ev('response.content_part.done', { type: 'response.content_part.done', item_id: MSG, output_index: 1, content_index: 0, part: { type: 'output_text', text: responsesText, annotations: [] }, sequence_number: 13 }),
    ev('response.output_item.done', { type: 'response.output_item.done', output_index: 1, item: { id: MSG, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: responsesText, annotations: [] }] }, sequence_number: 14 }),
    ev('response.completed', {
      type: 'response.completed',
      response: responseObject('completed', {
        usage: { input_tokens: 37, input_tokens_details: { cached_tokens: 0 }, output_tokens: 11, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 48 },
      }),
      sequence_number: 15,
    }),
  ],
  beforeEnd: 15,
  text: responsesText,
  reasoning: '**Greeting** The user says hi.',
  model: 'gpt-5-2025-08-07',
  finishReason: 'completed',
  usage: { promptTokens: 37, completionTokens: 11, totalTokens: 48 },
  failing: [
    ...responsesStart,
    textDelta('Hi', 9),
    ev('error', { type: 'error', code: 'ERR_SOMETHING', message: 'Something went wrong', param: null, sequence_number: 10 }),
  ],
  partial: 'Hi',
  errorMessage: 'Something went wrong',
};

// Anthropic Messages with extended thinking: a thinking block, then a text block.
const block = (index: number, delta: object) => ev('content_block_delta', { type: 'content_block_delta', index, delta });
const anthropicStart = [
  ev('message_start', {
    type: 'message_start',
    message: {
      id: 'msg_01QAYJjJP1rTzLpV9qAAhNVW', type: 'message', role: 'assistant', content: [], model: 'claude-sonnet-4-5-20250929',
      stop_reason: null, stop_sequence: null, usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
    },
  }),
  ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
  block(0, { type: 'thinking_delta', thinking: 'A greeting. ' }),
  block(0, { type: 'thinking_delta', thinking: 'Answer briefly.' }),
  block(0, { type: 'signature_delta', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' }),
  ev('content_block_stop', { type: 'content_block_stop', index: 0 }),
  ev('content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }),
  ev('ping', { type: 'ping' }),
];
const anthropic: Fixture = {
  format: 'anthropic',
  full: [
    ...anthropicStart,
    block(1, { type: 'text_delta', text: 'Hello' }),
    block(1, { type: 'text_delta', text: '! How can I help?' }),
    ev('content_block_stop', { type: 'content_block_stop', index: 1 }),
    ev('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 15 } }),
    ev('message_stop', { type: 'message_stop' }),
  ],
  beforeEnd: 12,
  text: 'Hello! How can I help?',
  reasoning: 'A greeting. Answer briefly.',
  model: 'claude-sonnet-4-5-20250929',
  finishReason: 'end_turn',
  usage: { promptTokens: 25, completionTokens: 15, totalTokens: 40 },
  failing: [
    ...anthropicStart,
    block(1, { type: 'text_delta', text: 'Hello' }),
    ev('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
  ],
  partial: 'Hello',
  errorMessage: 'Overloaded',
};

// Vercel AI SDK UI message stream, with the part types of its stream protocol page.
const aiSdkStart = [
  { data: { type: 'start', messageId: 'msg_8ZxQ2a' } },
  { data: { type: 'start-step' } },
  { data: { type: 'reasoning-start', id: 'reasoning_123' } },
  { data: { type: 'reasoning-delta', id: 'reasoning_123', delta: 'This is some reasoning' } },
  { data: { type: 'reasoning-end', id: 'reasoning_123' } },
  { data: { type: 'tool-input-start', toolCallId: 'call_fJdQDqnXeGxTmr4E3YPSR7Ar', toolName: 'getWeatherInformation' } },
  { data: { type: 'tool-input-delta', toolCallId: 'call_fJdQDqnXeGxTmr4E3YPSR7Ar', inputTextDelta: 'San Francisco' } },
  { data: { type: 'tool-input-available', toolCallId: 'call_fJdQDqnXeGxTmr4E3YPSR7Ar', toolName: 'getWeatherInformation', input: { city: 'San Francisco' } } },
  { data: { type: 'tool-output-available', toolCallId: 'call_fJdQDqnXeGxTmr4E3YPSR7Ar', output: { city: 'San Francisco', weather: 'sunny' } } },
  { data: { type: 'finish-step' } },
  { data: { type: 'start-step' } },
  { data: { type: 'data-weather', data: { location: 'SF', temperature: 100 } } },
  { data: { type: 'source-url', sourceId: 'https://example.com', url: 'https://example.com' } },
  { data: { type: 'source-document', sourceId: 'https://example.com', mediaType: 'file', title: 'Title' } },
  { data: { type: 'file', url: 'https://example.com/file.png', mediaType: 'image/png' } },
  { data: { type: 'text-start', id: 'msg_68679a454370819ca74c8eb3d04379630dd1afb72306ca5d' } },
];
const aiText = (delta: string) => ({ data: { type: 'text-delta', id: 'msg_68679a454370819ca74c8eb3d04379630dd1afb72306ca5d', delta } });
const aiSdk: Fixture = {
  format: 'ai-sdk',
  full: [
    ...aiSdkStart,
    aiText('It is sunny'),
    aiText(' in San Francisco.'),
    { data: { type: 'text-end', id: 'msg_68679a454370819ca74c8eb3d04379630dd1afb72306ca5d' } },
    { data: { type: 'finish-step' } },
    { data: { type: 'finish' } },
    DONE,
  ],
  beforeEnd: 18,
  text: 'It is sunny in San Francisco.',
  reasoning: 'This is some reasoning',
  failing: [
    ...aiSdkStart,
    aiText('It is sunny'),
    // The SDK still closes the message after an error part: the error must win.
    { data: { type: 'error', errorText: 'error message' } },
    { data: { type: 'finish-step' } },
    { data: { type: 'finish' } },
    DONE,
  ],
  partial: 'It is sunny',
  errorMessage: 'error message',
};

// Ollama /api/chat (NDJSON) with a thinking model.
const ollamaLine = (message: object, extra: object = {}) => ({
  data: { model: 'qwen3', created_at: '2025-05-29T09:35:56.836222Z', message: { role: 'assistant', ...message }, done: false, ...extra },
});
const ollama: Fixture = {
  format: 'ollama',
  ndjson: true,
  full: [
    ollamaLine({ content: '', thinking: 'The user wants' }),
    ollamaLine({ content: '', thinking: ' a greeting.' }),
    ollamaLine({ content: 'The' }),
    ollamaLine({ content: ' sky is' }),
    ollamaLine({ content: ' blue.' }),
    ollamaLine({ content: '' }, {
      done: true, done_reason: 'stop', total_duration: 4883583458, load_duration: 1334875, prompt_eval_count: 26,
      prompt_eval_duration: 342546000, eval_count: 282, eval_duration: 4535599000,
    }),
  ],
  beforeEnd: 5,
  text: 'The sky is blue.',
  reasoning: 'The user wants a greeting.',
  model: 'qwen3',
  finishReason: 'stop',
  usage: { promptTokens: 26, completionTokens: 282, totalTokens: 308 },
  failing: [ollamaLine({ content: 'The' }), { data: { error: 'an error was encountered while running the model: unexpected EOF' } }],
  partial: 'The',
  errorMessage: 'an error was encountered while running the model: unexpected EOF',
};

const native: Fixture = {
  format: 'native',
  full: [{ data: { delta: 'Hello', seq: 1 } }, { data: { delta: ' world', seq: 2 } }, { data: { type: 'done', finishReason: 'stop', usage: { promptTokens: 3, completionTokens: 2 } } }],
  beforeEnd: 2,
  text: 'Hello world',
  finishReason: 'stop',
  usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
  failing: [{ data: { delta: 'Hello', seq: 1 } }, { data: { type: 'error', message: 'The model is overloaded.', code: 'overloaded' } }],
  partial: 'Hello',
  errorMessage: 'The model is overloaded.',
};

const FIXTURES = [openai, responses, anthropic, aiSdk, ollama, native];

/** A scripted response carrying `frames` as SSE, or as NDJSON lines. */
async function serve(frames: Frame[], ndjson = false): Promise<string> {
  const body = ndjson
    ? frames.map((f) => `${typeof f.data === 'string' ? f.data : JSON.stringify(f.data)}\n`).join('')
    : sse(...frames);
  return (await script({ contentType: ndjson ? 'application/x-ndjson' : 'text/event-stream', chunks: [body] })).url;
}

async function ask(
  endpoint: string,
  format?: string,
  requestBody?: StreamChat['requestBody'],
): Promise<{ el: StreamChat; message: ChatMessage; log: ReturnType<typeof recordEvents> }> {
  const el = await chat({ endpoint, format, 'max-retries': '0' });
  el.requestBody = requestBody;
  const log = recordEvents(el);
  const message = await el.send('hi');
  await el.updateComplete;
  return { el, message, log };
}

describe('payload formats', () => {
  it('detection: every fixture payload is claimed by its own format or by none', () => {
    for (const fixture of FIXTURES) {
      for (const frame of [...fixture.full, ...fixture.failing]) {
        if (typeof frame.data === 'string') continue;
        const claimed = ADAPTERS.find((adapter) => adapter.detect({ json: frame.data, event: frame.event }));
        if (claimed) expect(claimed.name, `${fixture.format}: ${JSON.stringify(frame.data)}`).to.equal(fixture.format);
      }
      expect(ADAPTERS.find((adapter) => adapter.detect({ json: fixture.full[0].data }))?.name).to.equal(fixture.format);
    }
  });

  for (const fixture of FIXTURES) {
    describe(fixture.format, () => {
      for (const format of ['auto', fixture.format]) {
        it(`format="${format}": text, model, usage and finish reason; reasoning only in metadata`, async () => {
          const { el, message } = await ask(await serve(fixture.full, fixture.ndjson), format);
          expect(message.status).to.equal('complete');
          expect(message.content).to.equal(fixture.text);
          expect(lastAnswer(el).textContent!.replace(/\s+/g, ' ').trim()).to.equal(fixture.text.replace(/\*\*/g, ''));
          expect(message.metadata.model).to.equal(fixture.model);
          expect(message.metadata.finishReason).to.equal(fixture.finishReason);
          expect(message.metadata.usage).to.deep.equal(fixture.usage);
          expect(message.metadata.reasoning).to.equal(fixture.reasoning);
          if (fixture.reasoning) expect(el.shadowRoot!.textContent).to.not.contain(fixture.reasoning.slice(-12));
        });
      }

      it('an error payload mid-stream: a `server` error with the backend message, partial text kept', async () => {
        const { el, message, log } = await ask(await serve(fixture.failing, fixture.ndjson), fixture.format);
        expect(message.status).to.equal('error');
        expect(message.content).to.equal(fixture.partial);
        expect(lastAnswer(el).textContent).to.contain(fixture.partial);
        expect(message.metadata.error).to.deep.equal({ code: 'server', message: fixture.errorMessage, detail: fixture.errorMessage });
        expect($(el, '.message.assistant [part=error]')!.textContent).to.contain(fixture.errorMessage);
        expect(log.of('stream-error').map((e) => e.error.code)).to.deep.equal(['server']);
      });

      it('cut before its end marker: interrupted, text kept', async () => {
        const { message } = await ask(await serve(fixture.full.slice(0, fixture.beforeEnd), fixture.ndjson));
        expect(message.status).to.equal('interrupted');
        expect(message.content.length).to.be.greaterThan(0);
        expect(fixture.text.startsWith(message.content)).to.be.true;
      });
    });
  }

  it('ollama /api/generate: `response` text, and text on the `done` line itself', async () => {
    const line = (response: string, extra: object = {}) => ({ data: { model: 'llama3.2', created_at: '2023-08-04T19:22:45.499127Z', response, done: false, ...extra } });
    const url = await serve([
      line('The'),
      line(' sky'),
      line(' is blue.', { done: true, done_reason: 'stop', context: [1, 2, 3], total_duration: 10706818083, prompt_eval_count: 26, eval_count: 259 }),
    ], true);
    const { message } = await ask(url);
    expect(message).to.deep.include({ status: 'complete', content: 'The sky is blue.' });
    expect(message.metadata).to.deep.include({ model: 'llama3.2', finishReason: 'stop', usage: { promptTokens: 26, completionTokens: 259, totalTokens: 285 } });
  });

  describe('one non-streamed JSON response, read with protocol="ndjson"', () => {
    // What most servers send: one object, no newline after it, as `application/json`.
    const completion = {
      id: 'chatcmpl-1', object: 'chat.completion', model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'The **whole** answer.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 },
    };
    const json = async (body: object) => (await script({ contentType: 'application/json', chunks: [JSON.stringify(body)] })).url;

    for (const format of ['auto', 'openai']) {
      it(`an OpenAI completion (format="${format}") is a complete answer with its metadata`, async () => {
        const el = await chat({ endpoint: await json(completion), protocol: 'ndjson', format, 'max-retries': '0' });
        const log = recordEvents(el);
        const message = await el.send('hi');
        expect(message).to.deep.include({ status: 'complete', content: 'The **whole** answer.' });
        expect(message.metadata).to.deep.include({ model: 'gpt-4o-mini', finishReason: 'stop', usage: { promptTokens: 9, completionTokens: 5, totalTokens: 14 } });
        await el.updateComplete;
        expect(lastAnswer(el).querySelector('strong')!.textContent).to.equal('whole');
        expect(log.of('stream-error')).to.have.length(0);
      });
    }

    it('content-path takes the text of any JSON object; the end of the body ends the answer', async () => {
      const el = await chat({ endpoint: await json({ output: { text: 'Plain JSON.' } }), protocol: 'ndjson', 'content-path': 'output.text' });
      expect(await el.send('hi')).to.deep.include({ status: 'complete', content: 'Plain JSON.' });
    });
  });

  it('OpenAI-compatible reasoning_content (DeepSeek, vLLM) goes to metadata.reasoning', async () => {
    const url = await serve([chunk({ role: 'assistant', content: null, reasoning_content: 'Think first.' }), chunk({ content: 'Answer.' }), chunk({}, 'stop'), DONE]);
    const { message } = await ask(url);
    expect(message).to.deep.include({ status: 'complete', content: 'Answer.' });
    expect(message.metadata.reasoning).to.equal('Think first.');
  });

  it('openai-responses: response.failed is an error with its message; response.incomplete ends with its reason', async () => {
    const failed = await serve([
      responsesStart[0],
      textDelta('Partial', 1),
      ev('response.failed', { type: 'response.failed', response: responseObject('failed', { error: { code: 'server_error', message: 'The model failed to generate a response.' } }), sequence_number: 2 }),
    ]);
    const first = await ask(failed);
    expect(first.message).to.deep.include({ status: 'error', content: 'Partial' });
    expect(first.message.metadata.error).to.deep.equal({ code: 'server', message: 'The model failed to generate a response.', detail: 'The model failed to generate a response.' });

    const incomplete = await serve([
      responsesStart[0],
      textDelta('Cut short', 1),
      ev('response.incomplete', { type: 'response.incomplete', response: responseObject('incomplete', { incomplete_details: { reason: 'max_output_tokens' } }), sequence_number: 2 }),
    ]);
    const second = await ask(incomplete);
    expect(second.message).to.deep.include({ status: 'complete', content: 'Cut short' });
    expect(second.message.metadata.finishReason).to.equal('max_output_tokens');
  });

  it('an error payload before any text is still the backend message (auto)', async () => {
    const { message } = await ask(await serve([{ data: { error: "model 'llama9' not found" } }], true));
    expect(message.status).to.equal('error');
    expect(message.metadata.error).to.deep.equal({ code: 'server', message: "model 'llama9' not found", detail: "model 'llama9' not found" });
  });

  it('an unrecognisable stream is a `protocol` error, not an empty answer — also when it ends with [DONE]', async () => {
    const auto = await ask(await serve([{ data: { foo: 1 } }, { data: { bar: [2] } }, DONE]));
    expect(auto.message.status).to.equal('error');
    expect(auto.message.metadata.error?.code).to.equal('protocol');
    expect(auto.log.of('stream-error').map((e) => e.error.code)).to.deep.equal(['protocol']);

    // A configured format that does not match the stream.
    const mismatch = await ask(await serve(openai.full), 'anthropic');
    expect(mismatch.message.status).to.equal('error');
    expect(mismatch.message.metadata.error?.code).to.equal('protocol');
    expect(mismatch.message.content).to.equal('');
  });

  it('text: raw chunks, with format="auto" and "text"', async () => {
    for (const format of ['auto', 'text']) {
      const { url } = await script({ contentType: 'text/plain; charset=utf-8', chunks: ['Plain ', '**text** ', 'answer.'] });
      const { el, message } = await ask(url, format);
      expect(message).to.deep.include({ status: 'complete', content: 'Plain **text** answer.' });
      expect(lastAnswer(el).querySelector('strong')!.textContent).to.equal('text');
    }
  });

  it('content-path reads any JSON stream; a path no payload has is a `protocol` error', async () => {
    const url = await serve([{ data: { output: { parts: [{ text: 'Any ' }] } } }, { data: { output: { parts: [{ text: 'JSON.' }] } } }], true);
    const el = await chat({ endpoint: url, 'content-path': 'output.parts.0.text' });
    expect(await el.send('hi')).to.deep.include({ status: 'complete', content: 'Any JSON.' });

    el.contentPath = 'output.parts.0.content';
    const wrong = await el.send('hi');
    expect(wrong).to.deep.include({ status: 'error', content: '' });
    expect(wrong.metadata.error?.code).to.equal('protocol');
  });

  it('raw text over SSE whose first token parses as JSON (`2024`) is still text (auto)', async () => {
    const { message } = await ask(await serve([{ data: '2024' }, { data: ' was a' }, { data: ' year.' }]));
    expect(message).to.deep.include({ status: 'complete', content: '2024 was a year.' });
  });

  it('useResponse (format="auto"): the AI SDK header selects ai-sdk, a text protocol is raw text; a set format stays', () => {
    const aiHeaders = new Headers({ 'x-vercel-ai-ui-message-stream': 'v1' });
    const hinted = new PayloadDecoder('auto');
    hinted.useResponse({ protocol: 'sse', headers: aiHeaders });
    expect(hinted.format).to.equal('ai-sdk');
    const configured = new PayloadDecoder('openai');
    configured.useResponse({ protocol: 'text', headers: aiHeaders });
    expect(configured.format).to.equal('openai');
    const plain = new PayloadDecoder('auto');
    plain.useResponse({ protocol: 'sse', headers: new Headers({ 'content-type': 'text/event-stream' }) });
    expect(plain.format).to.equal(undefined);
    const text = new PayloadDecoder('auto');
    text.useResponse({ protocol: 'text' });
    const frame = { data: '{"delta":"looks like JSON"}' };
    expect(text.read(frame, text.parse(frame))).to.deep.equal([{ type: 'delta', text: '{"delta":"looks like JSON"}' }]);
  });
});

/** The docs' recipe for an AI SDK route: the messages as UI messages, as `useChat` sends them. */
const uiMessages: StreamChat['requestBody'] = ({ messages }) => ({
  messages: messages.map((m, i) => ({ id: String(i), role: m.role, parts: [{ type: 'text', text: m.content }] })),
});

describe('a stream written by the real `ai` package (streamText + pipeUIMessageStreamToResponse)', () => {
  for (const format of ['auto', 'ai-sdk']) {
    it(`format="${format}": text, reasoning apart, usage and model from message metadata`, async () => {
      const { el, message } = await ask(`${AI_SDK_BACKEND}/chat`, format, uiMessages);
      expect(message.status).to.equal('complete');
      expect(message.content).to.equal('Hello from the **AI SDK**.');
      expect(lastAnswer(el).querySelector('strong')!.textContent).to.equal('AI SDK');
      expect(message.metadata).to.deep.include({ model: 'mock-model-1', finishReason: 'stop', reasoning: 'The user greets me; I greet back.' });
      expect(message.metadata.usage).to.deep.equal({ promptTokens: 7, completionTokens: 5, totalTokens: 12 });
      expect(lastAnswer(el).textContent).to.not.contain('greet back');
    });
  }

  it('a model failure: the SDK error part ends the stream as a `server` error, partial text kept', async () => {
    const { el, message, log } = await ask(`${AI_SDK_BACKEND}/chat?fail=1`, 'auto', uiMessages);
    expect(message.status).to.equal('error');
    expect(message.content).to.equal('Hello from');
    expect($(el, '.message.assistant [part=error]')!.textContent).to.contain('Upstream model overloaded.');
    expect(log.of('stream-error').map((e) => e.error.code)).to.deep.equal(['server']);
  });
});

describe('requestBody recipes (docs/backends.md)', () => {
  it('AI SDK route: UI messages are required (the default OpenAI body is refused)', async () => {
    const { message } = await ask(`${AI_SDK_BACKEND}/chat`);
    expect(message.status).to.equal('error');
    expect(message.metadata.error).to.include({ code: 'http', status: 400 });
    expect(message.metadata.error!.message).to.contain('Not UI messages');
  });

  it('Anthropic: top-level system and max_tokens', async () => {
    const { url, id } = await script({ chunks: [sse(...anthropic.full)] });
    const el = await chat({ endpoint: url, model: 'claude-sonnet-4-5', system: 'Be brief.' });
    el.requestBody = ({ messages, model }) => ({
      model,
      max_tokens: 1024,
      stream: true,
      system: messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n'),
      messages: messages.filter((m) => m.role !== 'system'),
    });
    expect((await el.send('hi')).content).to.equal(anthropic.text);
    const [request] = await received(`script:${id}`);
    expect(JSON.parse(request.body)).to.deep.equal({
      model: 'claude-sonnet-4-5', max_tokens: 1024, stream: true, system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('OpenAI Responses: instructions and input', async () => {
    const { url, id } = await script({ chunks: [sse(...responses.full)] });
    const el = await chat({ endpoint: url, model: 'gpt-5', system: 'Be brief.' });
    el.requestBody = ({ messages, model }) => ({
      model,
      stream: true,
      instructions: messages.find((m) => m.role === 'system')?.content,
      input: messages.filter((m) => m.role !== 'system'),
    });
    expect((await el.send('hi')).content).to.equal(responses.text);
    const [request] = await received(`script:${id}`);
    expect(JSON.parse(request.body)).to.deep.equal({ model: 'gpt-5', stream: true, instructions: 'Be brief.', input: [{ role: 'user', content: 'hi' }] });
  });

  it('Ollama /api/generate: the last user message as prompt', async () => {
    const { url, id } = await script({ contentType: 'application/x-ndjson', chunks: [`${JSON.stringify({ model: 'llama3.2', created_at: '2023-08-04T19:22:45.499127Z', response: 'Hi!', done: true, done_reason: 'stop' })}\n`] });
    const el = await chat({ endpoint: url, model: 'llama3.2', system: 'Be brief.' });
    el.requestBody = ({ messages, model }) => ({
      model,
      system: messages.find((m) => m.role === 'system')?.content,
      prompt: messages.filter((m) => m.role === 'user').at(-1)?.content,
    });
    expect((await el.send('Why is the sky blue?')).content).to.equal('Hi!');
    const [request] = await received(`script:${id}`);
    expect(JSON.parse(request.body)).to.deep.equal({ model: 'llama3.2', system: 'Be brief.', prompt: 'Why is the sky blue?' });
  });

  it('the default body is OpenAI-compatible (vLLM, llama.cpp, LM Studio, Ollama /v1)', async () => {
    const { url, id } = await script({ chunks: [sse(...openai.full)] });
    const el = await chat({ endpoint: url, model: 'llama3.2' });
    await el.send('hi');
    const [request] = await received(`script:${id}`);
    expect(JSON.parse(request.body)).to.deep.equal({ model: 'llama3.2', stream: true, messages: [{ role: 'user', content: 'hi' }] });
  });
});

describe('untyped provider JSON in metadata', () => {
  it('a model that is not a string, a numeric finish reason and string token counts are dropped, never shown as "[object Object]"', async () => {
    const { url } = await script({
      chunks: [sse({ delta: 'Hi.' }, { type: 'done', model: { name: 'x' }, finishReason: 7, usage: { prompt_tokens: '9', completion_tokens: 4 } })],
    });
    const el = await chat({ endpoint: url, format: 'native' });
    const message = await el.send('hi');
    expect(message.status).to.equal('complete');
    expect(message.metadata.model).to.equal(undefined);
    expect(message.metadata.finishReason).to.equal('stop');
    expect(message.metadata.usage).to.deep.equal({ promptTokens: undefined, completionTokens: 4, totalTokens: undefined });
    await el.updateComplete;
    const line = $(el, '[part=metadata]')!.textContent!;
    expect(line).to.not.contain('[object');
    expect(line).to.contain('4 tokens');
  });

  for (const [name, frames] of [
    ['openai', [chunk({ content: 'Hi.' }, 3 as unknown as string), { data: { ...chunk({}).data, model: { id: 'm' } } }, DONE]],
    ['anthropic', [ev('message_start', { type: 'message_start', message: { model: ['m'], usage: { input_tokens: 1 } } }),
      ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi.' } }),
      ev('message_delta', { type: 'message_delta', delta: { stop_reason: { why: 1 } }, usage: { output_tokens: 2 } }),
      ev('message_stop', { type: 'message_stop' })]],
    ['openai-responses', [ev('response.output_text.delta', { type: 'response.output_text.delta', delta: 'Hi.', sequence_number: 1 }),
      ev('response.completed', { type: 'response.completed', sequence_number: 2, response: { model: 5, status: 'completed', incomplete_details: { reason: 9 } } })]],
  ] as [string, Frame[]][]) {
    it(`${name}: the decoder keeps model and finishReason only as strings`, () => {
      const decoder = new PayloadDecoder(name as FormatName, '');
      const events = frames.flatMap((frame) => {
        const data = typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data);
        const f = { data, event: frame.event };
        return decoder.read(f, decoder.parse(f));
      });
      for (const event of events) {
        if (event.type !== 'meta' && event.type !== 'done') continue;
        expect(['string', 'undefined']).to.include(typeof event.model);
        expect(['string', 'undefined']).to.include(typeof event.finishReason);
      }
      expect(events.some((e) => e.type === 'delta')).to.equal(true);
    });
  }
});

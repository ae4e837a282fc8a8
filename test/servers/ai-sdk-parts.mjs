// Structured answers written by the real `ai` 7 package, and what the AI SDK's own client
// (`readUIMessageStream`) rebuilds from the very same bytes, for the widget to match.
//
//   POST /parts/agent         streamText over the mock model: reasoning, a streamed tool call
//                             run on the server, a source, then a tool that needs the user's
//                             approval; the follow-up request (UI messages with the approval)
//                             runs or denies it and answers
//   POST /parts/stream?case=  createUIMessageStream: `reset` (reset-step), `data` (data parts,
//                             transient too, files), `abort` (abort, then [DONE])
//   POST /parts/timeout       streamText({ timeout }) over a model that stalls: the SDK's abort
//   GET  /parts/rebuilt?id=   the UI message the AI SDK client rebuilt from the last response
//                             to the stream id (the widget's X-Stream-Id, its message id)
import {
  convertToModelMessages, createUIMessageStream, createUIMessageStreamResponse, jsonSchema, readUIMessageStream,
  stepCountIs, streamText, tool, validateUIMessages,
} from 'ai';
import { MockLanguageModelV3, simulateReadableStream } from 'ai/test';

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 20, text: 20, reasoning: 0 },
};
const finish = (unified) => ({ type: 'finish', finishReason: { unified, raw: unified }, usage });
const text = (id, ...deltas) => [{ type: 'text-start', id }, ...deltas.map((delta) => ({ type: 'text-delta', id, delta })), { type: 'text-end', id }];

/** The model's turn, from what the conversation holds so far. */
function modelTurn(prompt) {
  const results = prompt.filter((m) => m.role === 'tool').flatMap((m) => m.content).filter((c) => c.type === 'tool-result');
  if (results.some((r) => r.toolName === 'deleteFile')) return [...text('t3', 'Done: ', 'the file is handled.'), finish('stop')];
  if (results.some((r) => r.toolName === 'weather'))
    return [
      { type: 'source', sourceType: 'url', id: 'src-1', url: 'https://weather.example/oslo', title: 'Oslo weather' },
      ...text('t2', 'It is 4 °C in Oslo. ', 'Shall I delete the cache?'),
      { type: 'tool-input-start', id: 'call-del', toolName: 'deleteFile' },
      { type: 'tool-input-delta', id: 'call-del', delta: '{"path":"/tmp/cache"}' },
      { type: 'tool-input-end', id: 'call-del' },
      { type: 'tool-call', toolCallId: 'call-del', toolName: 'deleteFile', input: '{"path":"/tmp/cache"}' },
      finish('tool-calls'),
    ];
  return [
    { type: 'reasoning-start', id: 'r1' },
    { type: 'reasoning-delta', id: 'r1', delta: 'The user wants the weather; ' },
    { type: 'reasoning-delta', id: 'r1', delta: 'I call the tool.' },
    { type: 'reasoning-end', id: 'r1' },
    ...text('t1', 'Let me check. '),
    { type: 'tool-input-start', id: 'call-w', toolName: 'weather' },
    { type: 'tool-input-delta', id: 'call-w', delta: '{"ci' },
    { type: 'tool-input-delta', id: 'call-w', delta: 'ty":"Os' },
    { type: 'tool-input-delta', id: 'call-w', delta: 'lo"}' },
    { type: 'tool-input-end', id: 'call-w' },
    { type: 'tool-call', toolCallId: 'call-w', toolName: 'weather', input: '{"city":"Oslo"}' },
    finish('tool-calls'),
  ];
}

const model = () =>
  new MockLanguageModelV3({
    modelId: 'mock-agent',
    doStream: async ({ prompt }) => ({
      stream: simulateReadableStream({ chunks: [{ type: 'stream-start', warnings: [] }, ...modelTurn(prompt)], chunkDelayInMs: null }),
    }),
  });

const tools = {
  weather: tool({
    description: 'The weather in a city',
    inputSchema: jsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
    execute: async ({ city }) => ({ city, celsius: 4 }),
  }),
  deleteFile: tool({
    description: 'Deletes a file',
    inputSchema: jsonSchema({ type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }),
    execute: async ({ path }) => ({ deleted: path }),
  }),
};

/** Chunks written by hand through the SDK's own writer (steps, data, files, abort). */
function handWritten(which) {
  return createUIMessageStream({
    execute: ({ writer }) => {
      writer.write({ type: 'start' });
      writer.write({ type: 'start-step' });
      writer.write({ type: 'text-start', id: 'a' });
      writer.write({ type: 'text-delta', id: 'a', delta: 'First step. ' });
      writer.write({ type: 'text-end', id: 'a' });
      writer.write({ type: 'finish-step' });
      writer.write({ type: 'start-step' });
      if (which === 'reset') {
        writer.write({ type: 'reasoning-start', id: 'r' });
        writer.write({ type: 'reasoning-delta', id: 'r', delta: 'A thought to discard' });
        writer.write({ type: 'text-start', id: 'b' });
        writer.write({ type: 'text-delta', id: 'b', delta: 'Partial output to discard' });
        writer.write({ type: 'reset-step' });
        writer.write({ type: 'start-step' });
        writer.write({ type: 'text-start', id: 'c' });
        writer.write({ type: 'text-delta', id: 'c', delta: 'Retried step.' });
        writer.write({ type: 'text-end', id: 'c' });
        writer.write({ type: 'finish-step' });
        writer.write({ type: 'finish', finishReason: 'stop' });
      } else if (which === 'data') {
        writer.write({ type: 'data-weather', id: 'w1', data: { status: 'loading' } });
        writer.write({ type: 'data-progress', data: { percent: 50 }, transient: true });
        writer.write({ type: 'data-weather', id: 'w1', data: { status: 'done', celsius: 4 } });
        writer.write({ type: 'data-log', data: ['one'] });
        writer.write({ type: 'source-document', sourceId: 'doc-1', mediaType: 'application/pdf', title: 'Report', filename: 'report.pdf' });
        writer.write({ type: 'file', url: 'https://files.example/chart.png', mediaType: 'image/png' });
        writer.write({ type: 'reasoning-file', url: 'https://files.example/sketch.png', mediaType: 'image/png' });
        writer.write({ type: 'tool-input-start', toolCallId: 'p1', toolName: 'search', providerExecuted: true });
        writer.write({ type: 'tool-input-delta', toolCallId: 'p1', inputTextDelta: '{"q":"x"}' });
        writer.write({ type: 'tool-input-available', toolCallId: 'p1', toolName: 'search', input: { q: 'x' }, providerExecuted: true });
        writer.write({ type: 'tool-output-available', toolCallId: 'p1', output: { hits: 1 }, preliminary: true, providerExecuted: true });
        writer.write({ type: 'tool-output-available', toolCallId: 'p1', output: { hits: 2 }, providerExecuted: true });
        writer.write({ type: 'tool-input-error', toolCallId: 'p2', toolName: 'calc', input: '{"x":', errorText: 'Invalid input for tool calc' });
        writer.write({ type: 'finish-step' });
        writer.write({ type: 'finish', finishReason: 'stop' });
        // Metadata may still come after finish, before [DONE].
        writer.write({ type: 'message-metadata', messageMetadata: { model: 'hand-written' } });
      } else {
        writer.write({ type: 'text-start', id: 'b' });
        writer.write({ type: 'text-delta', id: 'b', delta: 'Cut sh' });
        writer.write({ type: 'abort', reason: 'timeout' });
      }
    },
  });
}

/** What the SDK's client rebuilt from the last response to each stream id. */
const rebuilt = new Map();

/** The SSE chunks of a UI message stream body, parsed (the SDK's client takes chunks). */
function chunksOf(body) {
  return body
    .split('\n\n')
    .map((event) => event.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n'))
    .filter((data) => data && data !== '[DONE]')
    .map((data) => JSON.parse(data));
}

/** The AI SDK client's own rebuild of a response (continuing `message` when given), as useChat does. */
async function rebuild(body, message) {
  const stream = new ReadableStream({
    start(controller) {
      for (const chunk of chunksOf(body)) controller.enqueue(chunk);
      controller.close();
    },
  });
  let last;
  for await (const m of readUIMessageStream({ stream, message, terminateOnError: true })) last = m;
  return last;
}

/** Sends a web Response to a Node response, its bytes rebuilt by the SDK's client under the stream id. */
async function send(request, response, webResponse, cors, continuing) {
  const body = await webResponse.text();
  rebuilt.set(String(request.headers['x-stream-id']), rebuild(body, continuing).catch((error) => ({ error: String(error) })));
  response.writeHead(webResponse.status, { ...Object.fromEntries(webResponse.headers), ...cors });
  response.end(body);
}

/** Serves the `/parts/…` routes; false for any other path. */
export async function handleParts(request, response, url, body, cors) {
  if (url.pathname === '/parts/rebuilt') {
    response.writeHead(200, { ...cors, 'content-type': 'application/json' });
    response.end(JSON.stringify((await rebuilt.get(url.searchParams.get('id') ?? '')) ?? null));
    return true;
  }
  if (url.pathname === '/parts/stream') {
    await send(request, response, createUIMessageStreamResponse({ stream: handWritten(url.searchParams.get('case')) }), cors);
    return true;
  }
  if (url.pathname === '/parts/timeout') {
    const stalling = new MockLanguageModelV3({
      doStream: async () => ({
        stream: new ReadableStream({
          start(controller) {
            controller.enqueue({ type: 'stream-start', warnings: [] });
            for (const part of text('t', 'Cut off by the ').slice(0, 2)) controller.enqueue(part);
            // …and nothing more: the timeout fires.
          },
        }),
      }),
    });
    const result = streamText({ model: stalling, prompt: 'hi', timeout: 300, onError: () => {} });
    await send(request, response, result.toUIMessageStreamResponse(), cors);
    return true;
  }
  if (url.pathname !== '/parts/agent') return false;
  const messages = await validateUIMessages({ messages: JSON.parse(body).messages, tools });
  const last = messages.at(-1);
  const result = streamText({
    model: model(),
    messages: await convertToModelMessages(messages, { tools }),
    tools,
    toolApproval: { deleteFile: { type: 'user-approval', reason: 'Deleting files needs your approval' } },
    stopWhen: stepCountIs(3),
  });
  // A follow-up after an approval continues the last assistant message, as useChat does.
  const continuing = last?.role === 'assistant' ? last : undefined;
  await send(request, response, result.toUIMessageStreamResponse({ originalMessages: messages, sendReasoning: true, sendSources: true }), cors, continuing);
  return true;
}

// A backend built with the real `ai` package (v7): `streamText` over its mock language
// model, served as a UI message stream by `pipeUIMessageStreamToResponse()`, so the
// widget is tested against what the AI SDK actually writes, not a hand-made copy.
//
//   POST /chat            reasoning, then text, then finish (usage and model in metadata)
//   POST /chat?fail=1     some text, then the model fails: an `error` part
//   /parts/…              structured answers (see ai-sdk-parts.mjs)
// The request body must carry UI messages, as `useChat` sends them (400 otherwise).
import { createServer } from 'node:http';
import { convertToModelMessages, streamText, validateUIMessages } from 'ai';
import { MockLanguageModelV3, simulateReadableStream } from 'ai/test';
import { handleParts } from './ai-sdk-parts.mjs';

export const ANSWER_PARTS = ['Hello', ' from', ' the', ' **AI SDK**', '.'];
export const REASONING = 'The user greets me; I greet back.';
export const FAILURE = 'Upstream model overloaded.';
export const MODEL_ID = 'mock-model-1';

const usage = {
  inputTokens: { total: 7, noCache: 7, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: ANSWER_PARTS.length, text: ANSWER_PARTS.length, reasoning: 0 },
};

/** The parts the mock model streams (the LanguageModelV3 stream protocol). */
function modelParts(fail) {
  const text = fail ? ANSWER_PARTS.slice(0, 2) : ANSWER_PARTS;
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id: 'resp-1', modelId: MODEL_ID, timestamp: new Date(0) },
    { type: 'reasoning-start', id: 'r1' },
    { type: 'reasoning-delta', id: 'r1', delta: REASONING },
    { type: 'reasoning-end', id: 'r1' },
    { type: 'text-start', id: 't1' },
    ...text.map((delta) => ({ type: 'text-delta', id: 't1', delta })),
    ...(fail
      ? [{ type: 'error', error: new Error(FAILURE) }]
      : [{ type: 'text-end', id: 't1' }, { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage }]),
  ];
}

async function handle(request, response) {
  const url = new URL(request.url, 'http://127.0.0.1');
  if (request.method === 'OPTIONS') {
    response.writeHead(204, cors()).end();
    return;
  }
  if (url.pathname.startsWith('/parts/') && (await handleParts(request, response, url, request.method === 'POST' ? await readBody(request) : '', cors()))) return;
  if (request.method !== 'POST' || url.pathname !== '/chat') {
    response.writeHead(404, cors()).end();
    return;
  }
  // As an AI SDK route does: the body must hold UI messages (`useChat`'s shape).
  let messages;
  try {
    const body = JSON.parse(await readBody(request));
    messages = await convertToModelMessages(await validateUIMessages({ messages: body.messages }));
  } catch (error) {
    response.writeHead(400, { ...cors(), 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { message: `Not UI messages: ${error.message.slice(0, 120)}` } }));
    return;
  }
  const fail = url.searchParams.has('fail');
  const result = streamText({
    model: new MockLanguageModelV3({
      modelId: MODEL_ID,
      doStream: async () => ({ stream: simulateReadableStream({ chunks: modelParts(fail), chunkDelayInMs: null }) }),
    }),
    messages,
    // The failure is expected: it reaches the client as an error part, not the server log.
    onError: () => {},
  });
  result.pipeUIMessageStreamToResponse(response, {
    headers: cors(),
    sendReasoning: true,
    // The documented way to pass usage and model to the client: message metadata on `finish`.
    messageMetadata: ({ part }) =>
      part.type === 'finish' ? { model: MODEL_ID, totalUsage: part.totalUsage } : undefined,
    // The SDK masks errors by default; a page that wants the message shown passes it on.
    onError: (error) => (error instanceof Error ? error.message : String(error)),
  });
}

async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const cors = () => ({
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-expose-headers': '*',
});

/** Starts the server on an ephemeral port of 127.0.0.1. */
export async function startAiSdkServer() {
  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startAiSdkServer();
  console.log(`AI SDK backend on ${url}/chat`);
}

// A backend built with the real `ai` package (7.x): the AI SDK route of docs/backends.md
// (docs/examples/ai-sdk-chat-route.mjs, imported as is) over the SDK's mock language
// model, so the widget is tested against what the AI SDK actually writes, and the
// documented recipe against the current `ai`.
//
//   POST /chat            reasoning, then text, then finish (usage and model in metadata)
//   POST /chat?fail=1     some text, then the model fails: an `error` part
// The request body must carry UI messages, as `useChat` sends them (400 otherwise).
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { MockLanguageModelV4, simulateReadableStream } from 'ai/test';
import { createChatRoute } from '../../docs/examples/ai-sdk-chat-route.mjs';

export const ANSWER_PARTS = ['Hello', ' from', ' the', ' **AI SDK**', '.'];
export const REASONING = 'The user greets me; I greet back.';
export const FAILURE = 'Upstream model overloaded.';
export const MODEL_ID = 'mock-model-1';
export const INSTRUCTIONS = 'You are the test backend.';

const usage = {
  inputTokens: { total: 7, noCache: 7, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: ANSWER_PARTS.length, text: ANSWER_PARTS.length, reasoning: 0 },
};

/** The parts the mock model streams (the language model stream protocol). */
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

/** The model of one request, which records what it was asked (the last prompt is served at /last-prompt). */
function mockModel(fail, onCall) {
  return new MockLanguageModelV4({
    modelId: MODEL_ID,
    doStream: async (options) => {
      onCall(options.prompt);
      return { stream: simulateReadableStream({ chunks: modelParts(fail), chunkDelayInMs: null }) };
    },
  });
}

/** Starts the server on an ephemeral port of 127.0.0.1. */
export async function startAiSdkServer() {
  let lastPrompt = null;
  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });

  async function handle(request, response) {
    const url = new URL(request.url, 'http://127.0.0.1');
    if (request.method === 'OPTIONS') return void response.writeHead(204, cors()).end();
    if (request.method === 'GET' && url.pathname === '/last-prompt') {
      response.writeHead(200, { ...cors(), 'content-type': 'application/json' });
      return void response.end(JSON.stringify(lastPrompt));
    }
    if (request.method !== 'POST' || url.pathname !== '/chat') return void response.writeHead(404, cors()).end();
    const POST = createChatRoute({
      model: mockModel(url.searchParams.has('fail'), (prompt) => (lastPrompt = prompt)),
      instructions: INSTRUCTIONS,
      // The failure is expected: it reaches the client as an error part, not the test log.
      onError: () => {},
    });
    const answer = await POST(new Request(url, { method: 'POST', body: Readable.toWeb(request), duplex: 'half' }));
    response.writeHead(answer.status, { ...Object.fromEntries(answer.headers), ...cors() });
    if (answer.body) for await (const chunk of answer.body) response.write(chunk);
    response.end();
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const cors = () => ({
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-expose-headers': '*',
});

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startAiSdkServer();
  console.log(`AI SDK backend on ${url}/chat`);
}

// A small OpenAI-compatible chat-completions server for the relay's tests and bench:
// streams a known answer word by word, slowly, and records each request (its body, its
// headers, and whether and when the client aborted it). Binds to 127.0.0.1 only.
//
//   POST /v1/chat/completions?delay=<ms>&words=<n>   the answer, one chunk per word
//   POST /v1/chat/completions?stamp=1                each chunk carries `t`, when it was sent
//                                                    (ms since the epoch, sub-ms precision)
//   POST /v1/chat/completions?status=<code>          an OpenAI-style error response
//   GET  /__requests                                 what was received
import { createServer } from 'node:http';

/** The answer to a conversation: deterministic, so a test knows every byte of it. */
export function answerFor(words) {
  return Array.from({ length: words }, (_, i) => `word${i + 1}${i % 10 === 9 ? '.\n\n' : ' '}`);
}

export async function startFakeUpstream({ port = 0 } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/__requests') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(requests));
      return;
    }
    let text = '';
    for await (const chunk of req) text += chunk;
    const record = { body: JSON.parse(text || '{}'), headers: req.headers, startedAt: Date.now(), abortedAt: null, completed: false, sent: 0 };
    requests.push(record);
    if (requests.length > 5000) requests.shift();
    const status = Number(url.searchParams.get('status') ?? 0);
    if (status) {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `Fake provider refused (${status}).`, type: 'invalid_request_error' } }));
      return;
    }
    const delay = Number(url.searchParams.get('delay') ?? 20);
    const words = answerFor(Number(url.searchParams.get('words') ?? 40));
    res.on('close', () => {
      if (!record.completed) record.abortedAt = Date.now();
    });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const stamp = url.searchParams.has('stamp');
    const chunk = (delta, finish = null) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', model: record.body.model, choices: [{ index: 0, delta, finish_reason: finish }], ...(stamp ? { t: performance.timeOrigin + performance.now() } : {}) })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '' }));
    for (const word of words) {
      if (res.destroyed) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (res.destroyed) return;
      res.write(chunk({ content: word }));
      record.sent++;
    }
    res.write(chunk({}, 'stop'));
    res.write('data: [DONE]\n\n');
    record.completed = true;
    res.end();
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

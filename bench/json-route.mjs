// The same answer as one non-streamed JSON response, for the streamed-vs-JSON exercise: a
// route that reads the demo backend's stream to its end (at the backend's token timing),
// then answers once, in OpenAI's non-streamed Chat Completions shape, as a server that
// waits for the whole generation would.

/**
 * A request handler for `POST <route>?<backend query>`: `backendUrl` is the demo
 * backend's origin; `newline` ends the body with a line feed.
 */
export function nonStreamedRoute(backendUrl) {
  return async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    for await (const _ of req); // the widget's request body: not needed
    const upstream = await fetch(`${backendUrl}/api/chat${url.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'benchmark' }] }),
    });
    let text = '';
    let buffer = '';
    const decoder = new TextDecoder();
    for await (const bytes of upstream.body) {
      buffer += decoder.decode(bytes, { stream: true });
      const events = buffer.split('\n\n');
      buffer = events.pop();
      for (const event of events) {
        const data = event.split('\n').find((line) => line.startsWith('data:'))?.slice(5).trim();
        const delta = data && JSON.parse(data).delta;
        if (typeof delta === 'string') text += delta;
      }
    }
    const body = JSON.stringify({
      id: 'chatcmpl-bench',
      object: 'chat.completion',
      model: 'demo-1',
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(url.searchParams.get('newline') === 'off' ? body : `${body}\n`);
  };
}

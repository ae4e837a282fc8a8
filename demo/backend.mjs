// The demo and test backend: streams answers over SSE, NDJSON, raw text and WebSocket
// in every payload format, resumes interrupted streams, injects faults on request, and
// (for tests) replays scripted responses byte for byte and records what it received.
// Binds to 127.0.0.1 only.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { longAnswer, pickAnswer, pickTopic, tokenize } from './answers.mjs';
import { framesFor } from './formats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };
const CONTENT_TYPES = { sse: 'text/event-stream; charset=utf-8', ndjson: 'application/x-ndjson', text: 'text/plain; charset=utf-8' };
const STATIC = new Set(['demo', 'dist', 'docs', 'test']);
const MAX_STREAMS = 100; // replay buffer: streams remembered for resume

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the backend. Options: `port` (0 = any), `host` (127.0.0.1), `quiet`, and
 * `testing`: only then are scripted responses (`/__script`) and the record of received
 * requests, headers included (`/__requests`), served — never by the demo.
 * Resolves with `{ url, wsUrl, port, close() }`.
 */
export async function startBackend({ port = 0, host = '127.0.0.1', quiet = true, testing = false } = {}) {
  const streams = new Map(); // stream id → { frames, faults }
  const scripts = new Map(); // script id → scripted response
  const requests = new Map(); // key → received requests
  let nextScript = 1;

  const remember = (id, create) => {
    let stream = streams.get(id);
    if (!stream) {
      stream = create();
      streams.set(id, stream);
      if (streams.size > MAX_STREAMS) streams.delete(streams.keys().next().value);
    }
    return stream;
  };

  const record = (key, entry) => {
    if (!requests.has(key)) requests.set(key, []);
    const list = requests.get(key);
    list.push(entry);
    if (list.length > 500) list.shift();
    return entry;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    cors(req, res, url);
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    try {
      if (url.pathname === '/health') return health(req, res, url);
      if (url.pathname === '/api/chat' && req.method === 'POST') return await chat(req, res, url);
      if (testing) {
        if (url.pathname === '/__script' && req.method === 'POST') {
          const id = String(nextScript++);
          scripts.set(id, JSON.parse(await readBody(req)));
          return sendJson(res, 200, { id, path: `/script/${id}` });
        }
        const scripted = url.pathname.match(/^\/script\/(\w+)$/);
        if (scripted) return await runScript(req, res, scripted[1]);
        const log = url.pathname.match(/^\/__requests\/(.+)$/);
        if (log) return sendJson(res, 200, requests.get(decodeURIComponent(log[1])) ?? []);
      }
      if (req.method === 'GET') return await serveStatic(res, url.pathname);
      sendJson(res, 404, { error: { message: 'Not found' } });
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error?.message ?? error) } });
      else res.destroy();
    }
  });

  /**
   * GET /health: 200 `{"status":"ok"}`. For tests: `failHost=H&failTimes=N` answers 503
   * to the first N probes whose Host starts with H; `log=KEY` records probes.
   */
  function health(req, res, url) {
    const q = Object.fromEntries(url.searchParams);
    record(q.log ?? 'health', { headers: req.headers });
    const failing = q.failHost && req.headers.host?.startsWith(q.failHost);
    const seen = requests.get(q.log ?? 'health').filter((r) => r.headers.host === req.headers.host).length;
    if (failing && seen <= Number(q.failTimes ?? 1)) return sendJson(res, 503, { status: 'down' });
    return sendJson(res, 200, { status: 'ok' });
  }

  /** POST /api/chat: a realistic answer, in any format and transport, with optional faults. */
  async function chat(req, res, url) {
    const q = Object.fromEntries(url.searchParams);
    const raw = await readBody(req);
    const streamId = req.headers['x-stream-id'] || `anon-${Math.random()}`;
    const entry = record(q.log ?? 'chat', { headers: req.headers, body: raw, url: req.url, aborted: false, complete: false });
    res.on('close', () => (entry.aborted = !res.writableEnded));
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendJson(res, 400, { error: { message: 'The request body is not JSON.' } });
    }
    const lastUser = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';
    // `staged=on` (the showcase): the question's topic may stage a fault; explicit parameters win.
    if (q.staged === 'on') Object.assign(q, { ...pickTopic(lastUser).stage, ...q });
    const attempt = remember(`attempts:${streamId}`, () => ({ count: 0 }));
    attempt.count++;
    if (q.fault === 'status' && attempt.count <= Number(q.times ?? Infinity)) {
      return sendJson(res, Number(q.status ?? 503), { error: { message: `Injected ${q.status ?? 503} from the demo backend.` } }, q.status === '503' || !q.status ? { 'Retry-After': q.retryAfter ?? '1' } : {});
    }
    if (q.fault === 'ratelimit' && attempt.count <= Number(q.times ?? 1)) {
      return sendJson(res, 429, { error: { message: 'Rate limit reached. Slow down.' } }, { 'Retry-After': q.retryAfter ?? '1' });
    }
    if (q.fault === 'auth') return sendJson(res, 401, { error: { message: 'Invalid API key.' } });
    if (q.fault === 'html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end('<!doctype html><html><body><form action="/login">Please sign in</form></body></html>');
    }

    const format = q.format ?? 'native';
    const transport = q.transport ?? (format === 'ollama' ? 'ndjson' : 'sse');
    const stream = remember(streamId, () => ({
      frames: framesFor(format, answerTokens(q, lastUser), {
        errorAfter: q.fault === 'error' ? Number(q.after ?? 10) : undefined,
      }),
      faults: 0,
    }));

    // Resume: continue after Last-Event-ID, re-sending that one event (the client must drop it).
    const lastId = req.headers['last-event-id'];
    const from = lastId !== undefined && q.resume !== 'off' ? Math.max(0, Number(lastId) - 1) : 0;
    res.writeHead(200, { 'Content-Type': CONTENT_TYPES[transport], 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    if (transport === 'sse' && q.retry) res.write(`retry: ${q.retry}\n\n`);

    const speed = q.speed === undefined ? 35 : Number(q.speed);
    const every = Number(q.every ?? 20);
    let sent = 0;
    let pending = '';
    entry.from = from;
    for (let i = from; i < stream.frames.length; i++) {
      if (res.destroyed) return;
      const frame = stream.frames[i];
      const id = q.ids === 'off' ? undefined : i + 1;
      pending += encodeFrame(transport, frame, id);
      entry.sent = ++sent;
      if (q.fault === 'stall' && sent === Number(q.after ?? 5) && injects(stream, q)) {
        stream.faults++;
        res.write(pending);
        return; // never writes again: the client's idle timer must notice
      }
      if (q.fault === 'cut' && sent === Number(q.after ?? 10) && injects(stream, q)) {
        stream.faults++;
        res.write(pending);
        entry.complete = true;
        return res.end(); // ends without the end marker
      }
      if (q.fault === 'drop' && sent % every === 0 && injects(stream, q)) {
        stream.faults++;
        await write(res, pending);
        return await cut(res);
      }
      if (q.heartbeat && transport === 'sse' && sent % Number(q.heartbeat) === 0) pending += ': ping\n\n';
      if (speed > 0) {
        res.write(pending);
        pending = '';
        const base = q.fault === 'trickle' ? 400 : speed;
        await sleep(base * (0.55 + Math.random() * 0.9));
      } else if (pending.length > 512) {
        res.write(pending);
        pending = '';
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    entry.complete = true;
    res.end(pending);
  }

  /** POST /script/:id: replays a scripted response exactly (tests). */
  async function runScript(req, res, id) {
    const script = scripts.get(id);
    const entry = record(`script:${id}`, { headers: req.headers, body: await readBody(req), aborted: false, complete: false });
    if (!script) return sendJson(res, 404, { error: { message: `No script ${id}` } });
    res.on('close', () => (entry.aborted = !res.writableEnded));
    const attempt = requests.get(`script:${id}`).length - 1;
    // `attempts` scripts differ per attempt (first fails, second succeeds…).
    const step = script.attempts ? script.attempts[Math.min(attempt, script.attempts.length - 1)] : script;
    res.writeHead(step.status ?? 200, { 'Content-Type': step.contentType ?? 'text/event-stream', ...(step.headers ?? {}) });
    if (step.waitForHeaders) res.flushHeaders();
    for (const chunk of step.chunks ?? []) {
      if (res.destroyed) return;
      // Each write is flushed before the next step, so a `destroy` never swallows it.
      if (typeof chunk === 'string') await write(res, chunk);
      else if (chunk.b64) await write(res, Buffer.from(chunk.b64, 'base64'));
      else if (chunk.repeat) await write(res, chunk.repeat.repeat(chunk.times ?? 1));
      else if (chunk.delay) await sleep(chunk.delay);
      else if (chunk.destroy) return await cut(res);
      else if (chunk.hang) return; // leaves the response open and silent
    }
    entry.complete = true;
    res.end();
  }

  // WebSocket: `request` starts a stream, `cancel` stops it, `resume` continues after lastSeq.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname !== '/ws') return socket.destroy();
    // `upgrades=N`: only the first N sockets of this `log` key connect (a proxy that starts blocking upgrades).
    const limit = url.searchParams.get('upgrades');
    if (limit !== null && (requests.get(url.searchParams.get('log') ?? 'ws')?.length ?? 0) >= Number(limit)) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws, url));
  });

  function onSocket(ws, url) {
    const q = Object.fromEntries(url.searchParams);
    const log = record(q.log ?? 'ws', { frames: [], closed: false });
    ws.on('close', () => (log.closed = true));
    const running = new Map();
    ws.on('message', async (data, isBinary) => {
      if (isBinary) return ws.send(JSON.stringify({ type: 'error', message: 'Frames must be text.' }));
      let msg;
      try {
        msg = JSON.parse(String(data));
      } catch {
        return ws.send(JSON.stringify({ type: 'error', message: 'Frames must be JSON.' }));
      }
      log.frames.push(msg);
      if (msg.type === 'cancel') return running.get(msg.id)?.abort();
      if (msg.type !== 'request' && msg.type !== 'resume') return;
      const format = q.format ?? 'native';
      const stream = remember(`ws:${msg.id}`, () => {
        const lastUser = [...(msg.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';
        return { frames: framesFor(format, answerTokens(q, lastUser), { errorAfter: q.fault === 'error' ? Number(q.after ?? 10) : undefined }), faults: 0 };
      });
      if (msg.type === 'resume' && q.resume === 'off') return;
      const abort = new AbortController();
      running.get(msg.id)?.abort();
      running.set(msg.id, abort);
      // Resume re-sends the frame at lastSeq itself: the client must drop it.
      const from = msg.type === 'resume' ? Math.max(0, Number(msg.lastSeq ?? 0) - 1) : 0;
      const speed = q.speed === undefined ? 35 : Number(q.speed);
      const every = Number(q.every ?? 20);
      let sent = 0;
      try {
        await send();
      } finally {
        if (running.get(msg.id) === abort) running.delete(msg.id);
      }

      async function send() {
        for (let i = from; i < stream.frames.length; i++) {
          if (abort.signal.aborted || ws.readyState !== ws.OPEN) return;
          const frame = stream.frames[i];
          let out = frame.data;
          if (q.raw !== 'text') {
            try {
              const value = JSON.parse(frame.data);
              if (value && typeof value === 'object') out = JSON.stringify({ ...value, id: msg.id, seq: i + 1 });
            } catch {
              out = frame.data; // [DONE]
            }
          }
          ws.send(out);
          sent++;
          if (q.fault === 'binary' && sent === Number(q.after ?? 3)) ws.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
          if (q.fault === 'drop' && sent % every === 0 && injects(stream, q)) {
            stream.faults++;
            await sleep(5);
            return ws.terminate();
          }
          if (q.fault === 'stall' && sent === Number(q.after ?? 5) && injects(stream, q)) {
            stream.faults++;
            return;
          }
          if (speed > 0) await sleep(speed * (0.55 + Math.random() * 0.9));
          else if (sent % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      }
    });
  }

  await new Promise((resolve) => server.listen(port, host, resolve));
  const actual = server.address().port;
  if (!quiet) console.log(`backend on http://${host}:${actual}`);
  return {
    port: actual,
    url: `http://${host}:${actual}`,
    wsUrl: `ws://${host}:${actual}/ws`,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Whether a fault strikes this attempt: each stream suffers it `times` times (drop: 3, others: 1). */
function injects(stream, q) {
  return stream.faults < Number(q.times ?? (q.fault === 'drop' ? 3 : 1));
}

/** The answer's tokens: words of a canned answer, or `size` characters in `chunk`-sized pieces. */
function answerTokens(q, question) {
  const text = q.size ? longAnswer(Number(q.size)) : pickAnswer(question);
  if (!q.chunk) return tokenize(text);
  const size = Math.max(1, Number(q.chunk));
  return Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
}

function encodeFrame(transport, frame, id) {
  if (transport === 'sse') {
    const lines = frame.data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`).join('\n');
    return `${id !== undefined ? `id: ${id}\n` : ''}${frame.event ? `event: ${frame.event}\n` : ''}${lines}\n\n`;
  }
  if (transport === 'ndjson') return frame.data === '[DONE]' ? '' : `${frame.data}\n`;
  return frame.data === '[DONE]' || frame.data.startsWith('{') ? '' : frame.data;
}

/**
 * Cuts the connection mid-response, after giving the client a moment to read what was
 * sent: a fetch body stream that errors drops the chunks still queued in it, and a
 * browser silently re-sends a request whose reused connection was reset before any
 * byte. The cut itself is a FIN, not a reset, for the same reason.
 */
async function cut(res) {
  await sleep(20);
  res.socket?.end();
}

function write(res, data) {
  return new Promise((resolve) => res.write(data, () => resolve()));
}

/** Allows any origin and any request header; `?cors=content-type` allows only that header (tests). */
function cors(req, res, url) {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  if (origin) res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  if (url.searchParams.get('cors') === 'content-type') return res.setHeader('Access-Control-Allow-Headers', 'content-type');
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'content-type');
  res.setHeader('Access-Control-Max-Age', '600');
}

function sendJson(res, status, value, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > 1 << 20) return reject(new Error('Request body too large.'));
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Pages served at a path of their own: the showcase, and the playground with its controls. */
const PAGES = { '/': '/demo/index.html', '/playground': '/demo/playground.html' };

/** The demo pages' policy: the strict CSP the widget promises to support. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: http://127.0.0.1:* http://localhost:* ws://127.0.0.1:* ws://localhost:*; require-trusted-types-for 'script'";

async function serveStatic(res, pathname) {
  const path = PAGES[pathname] ?? pathname;
  const file = normalize(join(ROOT, path));
  const top = path.split('/')[1];
  if (!file.startsWith(ROOT) || !STATIC.has(top)) return sendJson(res, 404, { error: { message: 'Not found' } });
  try {
    const data = await readFile(file);
    const headers = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' };
    if (extname(file) === '.html') headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
    res.writeHead(200, headers);
    res.end(data);
  } catch {
    sendJson(res, 404, { error: { message: 'Not found' } });
  }
}

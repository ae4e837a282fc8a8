// Real processes for the relay's tests: redis-server on a free port (nothing persisted),
// relay instances started with the CLI, and an SSE client. Everything on 127.0.0.1.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { readSse } from '../../dist/server/sse.js';

const CLI = fileURLToPath(new URL('../../dist/server/cli.js', import.meta.url));
const REDIS = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves when `check()` is true; fails after `ms` with `what`. */
export async function until(check, what, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** redis-server on a free port: `{ url, stop(), start() }` (start again on the same port). */
export async function startRedis() {
  const port = await freePort();
  let child;
  const redis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      await until(() => out.includes('Ready to accept connections'), 'redis-server did not start');
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
  await redis.start();
  return redis;
}

/** A relay instance started with the CLI: `{ url, pid, kill(), stop(), output() }`. */
export async function startRelay(args, env = {}) {
  const child = spawn(process.execPath, [CLI, '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = once(child, 'exit');
  await until(() => /listening on (\S+)/.test(out) || child.exitCode !== null, `relay did not start:\n${out}`);
  if (child.exitCode !== null) throw new Error(`relay exited: ${out}`);
  const url = out.match(/listening on (\S+)/)[1];
  return {
    url,
    pid: child.pid,
    output: () => out,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export const chatBody = (extra = {}) => ({ model: 'test-model', stream: true, messages: [{ role: 'user', content: 'hi' }], ...extra });

/**
 * POSTs a chat request and reads its SSE events as they come: `{ response, events, done, error, abort() }`;
 * `events` fills while the stream runs, `done` resolves at its end.
 */
export async function openStream(url, { streamId, lastEventId, body = chatBody() } = {}) {
  const controller = new AbortController();
  const headers = { 'content-type': 'application/json' };
  if (streamId) headers['x-stream-id'] = streamId;
  if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: controller.signal });
  const stream = { response, events: [], error: undefined, abort: () => controller.abort() };
  // Resolves at the end of the body; a broken connection is kept in `error`.
  stream.done = (async () => {
    if (!response.ok) return;
    try {
      for await (const event of readSse(response.body)) stream.events.push(event);
    } catch (error) {
      if (!controller.signal.aborted) stream.error = error;
    }
  })();
  return stream;
}

/** The answer text of OpenAI chunks. */
export const textOf = (events) =>
  events.map((e) => (e.data.startsWith('{') ? JSON.parse(e.data).choices?.[0]?.delta?.content ?? '' : '')).join('');

#!/usr/bin/env node
// stream-chat-relay: serves <stream-chat> at POST / (and GET /health) from a model provider,
// keeping the key (UPSTREAM_API_KEY), the model allowlist and the system prompt on the server.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { toNodeHandler } from './node-http.js';
import { createRelay } from './relay.js';
import { UPSTREAM_FORMATS, type UpstreamFormat } from './upstream.js';

const USAGE = `Usage: stream-chat-relay --upstream <url> --model <name> [options]

  --upstream <url>    full URL the relay POSTs to (e.g. https://api.openai.com/v1/chat/completions)
  --format <name>     upstream API: ${UPSTREAM_FORMATS.join(' | ')} (default openai)
  --model <name>      an allowed model (repeatable; the first is the default)
  --system <text>     the system prompt (clients may not send their own)
  --redis <url>       share streams through Redis (default: in memory, one instance)
  --port <n>          port (default 8788; 0 = any free port)
  --host <addr>       address to listen on (default 127.0.0.1)
  --cors <origin>     allow browser calls from this origin (repeatable; * = any)
  --max-messages <n>  messages per request (default 100)
  --max-chars <n>     characters per conversation (default 100000)

The provider key is read from the environment variable UPSTREAM_API_KEY.`;

function fail(message: string): never {
  console.error(`stream-chat-relay: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      upstream: { type: 'string' },
      format: { type: 'string', default: 'openai' },
      model: { type: 'string', multiple: true, default: [] },
      system: { type: 'string' },
      redis: { type: 'string' },
      port: { type: 'string', default: '8788' },
      host: { type: 'string', default: '127.0.0.1' },
      cors: { type: 'string', multiple: true, default: [] },
      'max-messages': { type: 'string' },
      'max-chars': { type: 'string' },
      help: { type: 'boolean' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.upstream) fail('--upstream is required.');
if (!values.model.length) fail('give at least one --model.');
if (!UPSTREAM_FORMATS.includes(values.format as UpstreamFormat)) fail(`--format must be one of ${UPSTREAM_FORMATS.join(', ')}.`);
const number = (name: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a whole number.`);
  return n;
};

const relay = createRelay({
  upstream: values.upstream,
  format: values.format as UpstreamFormat,
  apiKey: process.env.UPSTREAM_API_KEY || undefined,
  models: values.model,
  system: values.system,
  store: values.redis,
  cors: values.cors,
  limits: { maxMessages: number('max-messages', values['max-messages']), maxChars: number('max-chars', values['max-chars']) },
});
const serve = toNodeHandler(relay);
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/' || path === '/health') return void serve(req, res);
  res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"Not found: the relay serves POST / and GET /health.","code":"not_found"}}');
});
server.listen(number('port', values.port), values.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : values.port;
  console.log(`stream-chat-relay listening on http://${values.host}:${port}/ (store: ${relay.store.kind}, upstream: ${values.upstream})`);
});
// On SIGTERM/SIGINT: no new requests; answers in progress are handed over (with Redis) or
// cancelled (in memory) before the connections close, so a resume elsewhere takes over at once.
const stop = async () => {
  server.close();
  await relay.close();
  server.closeAllConnections();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

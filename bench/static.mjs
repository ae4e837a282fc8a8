// Serves the bench pages, the built bundle and the baselines' libraries on 127.0.0.1.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const ALLOWED = ['/bench/', '/dist/', '/node_modules/marked/lib/', '/node_modules/dompurify/dist/', '/node_modules/streaming-markdown/'];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript' };

/** Resolves with `{ url, close() }`; `routes` maps extra paths to request handlers. */
export function startStatic(root, routes = {}) {
  const server = createServer(async (req, res) => {
    const path = normalize(new URL(req.url, 'http://localhost').pathname);
    if (routes[path]) return routes[path](req, res);
    if (!ALLOWED.some((prefix) => path.startsWith(prefix))) return res.writeHead(404).end();
    try {
      const body = await readFile(join(root, path));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })));
}

#!/usr/bin/env node
// Starts the demo: the backend on http://127.0.0.1:PORT serving demo/index.html and the built bundle.
import { startBackend } from './backend.mjs';

const port = Number(process.env.PORT ?? 8787);
const backend = await startBackend({ port });
console.log(`\n  <stream-chat> demo: ${backend.url}/\n  (backend API: POST ${backend.url}/api/chat, WebSocket ${backend.wsUrl})\n  Ctrl+C stops it.\n`);
const stop = () => backend.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

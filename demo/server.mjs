#!/usr/bin/env node
// Starts the demo: the backend on http://127.0.0.1:PORT serving the showcase (/, demo/index.html),
// the playground (/playground, demo/playground.html) and the built bundle, and the relay
// (stream-chat-element/server, in-memory store) on RELAY_PORT in front of the backend's
// OpenAI-style stream: set the playground's endpoint to the relay's URL to try it.
import { createServer } from 'node:http';
import { startBackend } from './backend.mjs';
import { createRelay, toNodeHandler } from '../dist/server/index.js';

const port = Number(process.env.PORT ?? 8787);
const relayPort = Number(process.env.RELAY_PORT ?? port + 1);
const backend = await startBackend({ port });
const relay = createRelay({ upstream: `${backend.url}/api/chat?format=openai&speed=20`, models: ['demo-1'], cors: [backend.url] });
const relayServer = createServer(toNodeHandler(relay));
await new Promise((resolve) => relayServer.listen(relayPort, '127.0.0.1', resolve));
const relayUrl = `http://127.0.0.1:${relayServer.address().port}/`;
console.log(`\n  <stream-chat> showcase: ${backend.url}/\n  playground (protocols, formats, faults, event log): ${backend.url}/playground\n  (backend API: POST ${backend.url}/api/chat, WebSocket ${backend.wsUrl})\n  relay (resumable, model demo-1): POST ${relayUrl} — ${backend.url}/playground?preset=custom&endpoint=${encodeURIComponent(relayUrl)}\n  Ctrl+C stops it.\n`);
const stop = () => {
  relayServer.close();
  relayServer.closeAllConnections();
  Promise.all([backend.close(), relay.close()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

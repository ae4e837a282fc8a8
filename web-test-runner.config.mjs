// Tests run in Debian's Chromium (never a downloaded browser) against the real demo
// backend, started here on 127.0.0.1 and announced to tests as /__backend.js.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { startBackend } from './demo/backend.mjs';
import { startAiSdkServer } from './test/servers/ai-sdk-server.mjs';
import { relayClusterPlugin } from './test/servers/relay-cluster.mjs';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-precise-memory-info',
  '--js-flags=--expose-gc',
];

let backend;
let aiSdk;

/** Starts the backend with the dev server and serves its address to tests. */
const backendPlugin = {
  name: 'test-backend',
  async serverStart() {
    backend = await startBackend({ testing: true });
    aiSdk = await startAiSdkServer();
  },
  async serverStop() {
    await backend?.close();
    await aiSdk?.close();
  },
  serve(context) {
    if (context.path === '/__backend.js') {
      return { body: `export const BACKEND = ${JSON.stringify(backend.url)};\nexport const WS_BACKEND = ${JSON.stringify(backend.wsUrl)};\nexport const AI_SDK_BACKEND = ${JSON.stringify(aiSdk.url)};\n`, type: 'js' };
    }
  },
};

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 2,
  testsFinishTimeout: 240_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 15_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: CHROMIUM, headless: true, args: FLAGS },
      // Concurrent test pages as tabs of one window would all but one be hidden, and a
      // hidden page pauses health checks and animation frames (tests that check every
      // frame saw none): each page gets a window of its own, and acts focused.
      async createPage({ context }) {
        const page = await context.newPage({ type: 'window' });
        const session = await page.createCDPSession();
        await session.send('Emulation.setFocusEmulationEnabled', { enabled: true });
        return page;
      },
    }),
  ],
  plugins: [backendPlugin, relayClusterPlugin(), esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
};

// Tests run in the browsers Debian ships (never a downloaded one) against the real demo
// backend, started here on 127.0.0.1 and announced to tests as /__backend.js.
// One engine per run: ENGINE=chromium (the default), firefox or webkit; `npm test` runs
// all three in turn (scripts/test-engines.mjs).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { CONTENT_SECURITY_POLICY, startBackend } from './demo/backend.mjs';
import { startAiSdkServer } from './test/servers/ai-sdk-server.mjs';
import { relayClusterPlugin } from './test/servers/relay-cluster.mjs';
import { engineReporter } from './test/runner/engine-reporter.mjs';
import { jsHeapPlugin } from './test/runner/js-heap-plugin.mjs';
import { webkitLauncher } from './test/runner/webkit-launcher.mjs';

const ENGINE = process.env.ENGINE ?? 'chromium';
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const CHROMIUM_FLAGS = [
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

const launchers = {
  chromium: () =>
    chromeLauncher({
      launchOptions: { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS },
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
  // Firefox over WebDriver BiDi, the test page in a window (never a background tab).
  firefox: () =>
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', executablePath: FIREFOX, headless: true },
      createPage: ({ context }) => context.newPage({ type: 'window' }),
    }),
  webkit: () => webkitLauncher(),
};
if (!launchers[ENGINE]) throw new Error(`ENGINE must be one of ${Object.keys(launchers).join(', ')}; got ${ENGINE}`);

export default {
  // The longest files first, so the others run beside them rather than after them (in
  // WebKit the XSS corpus alone takes minutes: marked runs ~10x slower in JavaScriptCore).
  files: ['test/xss.test.ts', 'test/render.test.ts', 'test/fuzz.test.ts', 'test/**/*.test.ts'],
  nodeResolve: true,
  // Firefox windows take focus from each other (a test of keyboard focus fails in a window
  // that lost it): one page at a time there. WebKit pages each have their own display.
  concurrency: ENGINE === 'firefox' ? 1 : 2,
  testsFinishTimeout: { chromium: 240_000, firefox: 600_000, webkit: 1_200_000 }[ENGINE],
  browserStartTimeout: 60_000,
  // SpiderMonkey and JavaScriptCore run the heaviest render tests (200 KB answers, 4,000
  // one-character updates, the XSS corpus) several times slower than V8 (marked ~10x in
  // JavaScriptCore): the same tests, more time.
  testFramework: { config: { timeout: { chromium: 15_000, firefox: 30_000, webkit: 45_000 }[ENGINE] } },
  browsers: [launchers[ENGINE]()],
  reporters: [defaultReporter(), engineReporter(ENGINE)],
  // The demo pages, framed by test/demo.test.ts, under the policy the demo server sends them with.
  middleware: [
    async (context, next) => {
      await next();
      if (/^\/demo\/[\w-]+\.html$/.test(context.path)) context.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    },
  ],
  plugins: [backendPlugin, relayClusterPlugin(), jsHeapPlugin(), esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
};

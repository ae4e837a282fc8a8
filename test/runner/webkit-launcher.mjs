// Runs test pages in WebKitGTK (Safari's engine) from Debian: `WebKitWebDriver` drives
// `MiniBrowser` over plain W3C WebDriver, spoken here with fetch, so no client library with
// driver-downloading dependencies comes in. Each concurrent page gets its own Xvfb display,
// driver and browser: the only window on its screen, so it is shown and focused like a
// visitor's (two windows on one display would take focus from each other).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** W3C WebDriver key codes of the named keys tests press; anything else is typed as is. */
const KEYS = {
  Tab: '\uE004',
  Enter: '\uE007',
  Escape: '\uE00C',
  Backspace: '\uE003',
  Space: '\uE00D',
  ArrowUp: '\uE013',
  ArrowDown: '\uE015',
  ArrowLeft: '\uE012',
  ArrowRight: '\uE014',
  Home: '\uE011',
  End: '\uE010',
  Shift: '\uE008',
};

/** The MiniBrowser Debian's webkit2gtk packages ship (the API version is in the path). */
export function findMiniBrowser() {
  const candidates = ['4.1', '4.0', '6.0'].flatMap((api) => [
    `/usr/lib/x86_64-linux-gnu/webkit2gtk-${api}/MiniBrowser`,
    `/usr/lib/aarch64-linux-gnu/webkit2gtk-${api}/MiniBrowser`,
    `/usr/libexec/webkit2gtk-${api}/MiniBrowser`,
  ]);
  return candidates.find((path) => existsSync(path));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts an Xvfb on a free display; resolves with the display name once it accepts clients. */
function startXvfb() {
  return new Promise((resolve, reject) => {
    const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
    xvfb.once('error', (error) => reject(new Error(`WebKit needs an X display and Xvfb could not start (apt-get install xvfb): ${error.message}`)));
    let out = '';
    xvfb.stdout.on('data', (data) => {
      out += data;
      if (out.includes('\n')) resolve({ display: `:${out.trim()}`, process: xvfb });
    });
  });
}

/** One WebKitWebDriver with one browser session: a window that shows one test page at a time. */
class DriverSession {
  constructor(driverPath, capabilities) {
    this.driverPath = driverPath;
    this.capabilities = capabilities;
  }

  async start() {
    this.xvfb = await startXvfb();
    this.env = { ...process.env, DISPLAY: this.xvfb.display };
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    this.process = spawn(this.driverPath, [`--port=${port}`, '--host=127.0.0.1'], { env: this.env, stdio: 'ignore' });
    const exited = new Promise((_, reject) => this.process.once('exit', (code) => reject(new Error(`WebKitWebDriver exited (${code})`))));
    exited.catch(() => {});
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const status = await fetch(`${this.base}/status`);
        if (status.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || this.process.exitCode !== null) throw new Error(`WebKitWebDriver did not start on ${this.base}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { value } = await this.command('POST', '/session', { capabilities: { alwaysMatch: this.capabilities } });
    this.id = value.sessionId;
    this.version = value.capabilities?.browserVersion;
    await this.command('POST', `/session/${this.id}/window/rect`, { width: 800, height: 600 }).catch(() => {});
  }

  async command(method, path, body) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error ?? response.status} ${json.value?.message ?? ''}`);
    return json;
  }

  sessionCommand(method, path, body) {
    return this.command(method, `/session/${this.id}${path}`, body);
  }

  async stop() {
    if (this.id) await this.command('DELETE', `/session/${this.id}`).catch(() => {});
    this.process?.kill();
    this.xvfb?.process.kill();
  }
}

export class WebKitLauncher {
  name = 'WebKit';
  type = 'webdriver';

  /**
   * @param {{ driver?: string; binary?: string; concurrency?: number }} options
   */
  constructor({ driver = '/usr/bin/WebKitWebDriver', binary = findMiniBrowser(), concurrency = 2 } = {}) {
    this.driverPath = driver;
    this.binary = binary;
    this.concurrency = concurrency;
    this.idle = [];
    this.active = new Map();
    this.all = [];
  }

  async initialize(config) {
    this.config = config;
    if (!existsSync(this.driverPath) || !this.binary) {
      throw new Error('WebKit tests need WebKitWebDriver and MiniBrowser: apt-get install webkit2gtk-driver (scripts/ensure-browsers.sh).');
    }
  }

  async session() {
    const idle = this.idle.pop();
    if (idle) return idle;
    const capabilities = { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: this.binary, args: ['--automation'] } };
    const session = new DriverSession(this.driverPath, capabilities);
    this.all.push(session);
    await session.start();
    if (session.version && this.name === 'WebKit') this.name = `WebKit ${session.version}`;
    return session;
  }

  async startSession(id, url) {
    const session = await this.session();
    this.active.set(id, { session, url });
    await session.sessionCommand('POST', '/url', { url });
  }

  isActive(id) {
    return this.active.has(id);
  }

  getBrowserUrl(id) {
    return this.active.get(id)?.url;
  }

  async stopSession(id) {
    const entry = this.active.get(id);
    if (!entry) throw new Error(`No WebKit session ${id}`);
    this.active.delete(id);
    // Leaves the page so nothing it started keeps running, then lends the window out again.
    await entry.session.sessionCommand('POST', '/url', { url: 'about:blank' });
    this.idle.push(entry.session);
    return {};
  }

  async startDebugSession() {
    throw new Error('Debugging is not supported in the WebKit launcher: run it in MiniBrowser by hand.');
  }

  /** Used by @web/test-runner-commands' sendKeys: each key pressed and released in order. */
  async sendKeys(id, keys) {
    const entry = this.active.get(id);
    const actions = keys.flatMap((key) => {
      const value = KEYS[key] ?? key;
      return [
        { type: 'keyDown', value },
        { type: 'keyUp', value },
      ];
    });
    await entry.session.sessionCommand('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await entry.session.sessionCommand('DELETE', '/actions');
  }

  async stop() {
    await Promise.all(this.all.map((session) => session.stop()));
    this.all = [];
    this.idle = [];
  }
}

export function webkitLauncher(options) {
  return new WebKitLauncher(options);
}

#!/usr/bin/env node
// Renders the showcase (/) in headless Chromium into docs/screenshots/: a phone's first
// screen, then light, dark, a phone (375×812) and a right-to-left page, each once an answer
// has finished, one while an answer streams and one while it reconnects. Needs a build
// first (npm run screenshots does both). Only 127.0.0.1 is contacted; the browser is the
// system Chromium, never a download.
//
// Deterministic: fixed viewports, the backend's canned answers, a still cursor (reduced
// motion), and every shot taken on a state of the element (`messages`, `state`,
// `stream-complete`), never on the markup inside it, which may change.
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { startBackend } from '../demo/backend.mjs';

const OUT = new URL('../docs/screenshots/', import.meta.url);
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const DESKTOP = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/**
 * Each shot: its device and colour scheme, the suggested prompt it clicks, and the state
 * it waits for: `empty` (nothing asked), `finished`, `streaming` or `reconnecting`.
 */
const SHOTS = [
  { file: 'welcome.png', device: PHONE, colorScheme: 'light', when: 'empty' },
  { file: 'light.png', device: DESKTOP, colorScheme: 'light', prompt: 'Which database should a side project use?', when: 'finished' },
  { file: 'dark.png', device: DESKTOP, colorScheme: 'dark', prompt: 'Compare SSE and WebSocket for chat', when: 'finished' },
  { file: 'mobile.png', device: PHONE, colorScheme: 'light', prompt: 'Where can I learn about web components?', when: 'finished' },
  { file: 'rtl.png', device: DESKTOP, colorScheme: 'light', dir: 'rtl', prompt: 'اشرح البث المتدفق باختصار', when: 'finished' },
  { file: 'streaming.png', device: DESKTOP, colorScheme: 'dark', prompt: 'Retry with backoff in Python, Go and Rust', when: 'streaming' },
  { file: 'reconnecting.png', device: PHONE, colorScheme: 'dark', prompt: 'Show a dropped connection recovering', when: 'reconnecting' },
];

const backend = await startBackend();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
try {
  await mkdir(OUT, { recursive: true });
  for (const shot of SHOTS) {
    // A still cursor: a blinking one may be caught in its invisible half.
    const page = await browser.newPage({ ...shot.device, colorScheme: shot.colorScheme, reducedMotion: 'reduce' });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      // The connection the backend cuts on purpose is the one failed load expected.
      const staged = shot.when === 'reconnecting' && message.text().startsWith('Failed to load resource');
      if (message.type() === 'error' && !staged) errors.push(message.text());
    });
    await page.goto(`${backend.url}/`);
    await page.waitForFunction(() => customElements.get('stream-chat'));
    // A right-to-left host page (as an Arabic or Hebrew site would set it).
    if (shot.dir) await page.evaluate((dir) => (document.documentElement.dir = dir), shot.dir);
    if (shot.when !== 'empty') await ask(page, shot);
    // Two frames: the last update is laid out and painted.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: new URL(shot.file, OUT).pathname });
    if (errors.length) throw new Error(`The showcase logged errors (${shot.file}):\n${errors.join('\n')}`);
    await page.close();
    console.log(`docs/screenshots/${shot.file}`);
  }
} finally {
  await browser.close();
  await backend.close();
}

/** Clicks the shot's suggested prompt and waits for the state the shot shows. */
async function ask(page, shot) {
  // Listening before the click: the answer's end cannot be missed.
  await page.evaluate(() => {
    const chat = document.querySelector('stream-chat');
    chat.addEventListener('stream-complete', (e) => (chat.dataset.ended = e.detail.message.status), { once: true });
  });
  await page.click(`[data-prompt="${shot.prompt}"]`);
  // The pointer leaves the page, so no hover state shows.
  await page.mouse.move(0, 0);
  if (shot.when === 'streaming') {
    // Mid-answer: past the first code block, the cursor at the end of the text.
    await page.waitForFunction(() => {
      const chat = document.querySelector('stream-chat');
      return chat.state === 'streaming' && chat.messages.at(-1).content.length > 700;
    });
  } else if (shot.when === 'reconnecting') {
    await page.waitForFunction(() => document.querySelector('stream-chat').state === 'reconnecting');
  } else {
    const ended = await page.waitForFunction(() => document.querySelector('stream-chat').dataset.ended, null, { timeout: 60_000 });
    const status = await ended.jsonValue();
    if (status !== 'complete') throw new Error(`${shot.file}: the answer ended ${status}`);
  }
}

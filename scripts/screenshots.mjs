#!/usr/bin/env node
// Renders the demo page in headless Chromium, light and dark, mid-stream and finished,
// into docs/screenshots/. Needs a build first (npm run screenshots does both).
// Only 127.0.0.1 is contacted; the browser is the system Chromium, never a download.
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { startBackend } from '../demo/backend.mjs';

const OUT = new URL('../docs/screenshots/', import.meta.url);
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const PROMPT = 'Explain how SSE streaming works';

const backend = await startBackend();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
try {
  await mkdir(OUT, { recursive: true });
  for (const theme of ['light', 'dark']) {
    const page = await browser.newPage({
      viewport: { width: 1200, height: 800 },
      deviceScaleFactor: 1,
      colorScheme: theme,
      // A still cursor: a blinking one may be caught in its invisible half.
      reducedMotion: 'reduce',
    });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`${backend.url}/?theme=${theme}&speed=60`);
    await page.waitForFunction(() => customElements.get('stream-chat'));

    const input = page.locator('stream-chat textarea');
    await input.fill(PROMPT);
    await input.press('Enter');
    const answer = page.locator('stream-chat [part~=assistant] [part=content]').last();
    // Mid-stream: past the code block, while the question is still in view.
    await page.waitForFunction(() => document.querySelector('stream-chat').messages.at(-1)?.content.length > 420);
    await answer.locator('[part=cursor]').waitFor();
    await page.screenshot({ path: new URL(`${theme}-streaming.png`, OUT).pathname });

    await page.waitForFunction(() => document.querySelector('stream-chat').state === 'idle', null, { timeout: 60_000 });
    await input.blur();
    // Let the throttled event log and stats catch up with the last events.
    await page.waitForTimeout(400);
    await page.screenshot({ path: new URL(`${theme}-finished.png`, OUT).pathname });
    if (errors.length) throw new Error(`The demo page logged errors in ${theme}:\n${errors.join('\n')}`);
    await page.close();
    console.log(`docs/screenshots/${theme}-streaming.png, ${theme}-finished.png`);
  }
} finally {
  await browser.close();
  await backend.close();
}

#!/usr/bin/env node
// `npm run bench`: streams answers of 10, 50 and 200 KB at full speed from the local demo
// backend into <stream-chat> and, in the same run, into a naive page that re-renders the
// whole answer with marked + DOMPurify on every chunk (10 and 50 KB only: it is quadratic).
// Headless Debian Chromium, driven by playwright-core; only 127.0.0.1 is contacted.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startBackend } from '../demo/backend.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const MEMORY_FLAGS = ['--enable-precise-memory-info', '--js-flags=--expose-gc'];
const SIZES = process.env.SIZES ? process.env.SIZES.split(",").map(Number) : [10_000, 50_000, 200_000];
const NAIVE_SIZES = [10_000, 50_000];
const REPEAT = 5; // widget runs per size (median reported); the naive page runs once
const DEADLINE = Date.now() + 240_000;
const NAIVE_BUDGET_MS = 60_000; // per naive run: the 50 KB one would take minutes

/** Serves the bench pages, the built bundle and the baseline's two libraries. */
function startStatic() {
  const allowed = ['/bench/', '/dist/', '/node_modules/marked/lib/', '/node_modules/dompurify/dist/'];
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript' };
  const server = createServer(async (req, res) => {
    const path = normalize(new URL(req.url, 'http://localhost').pathname);
    if (!allowed.some((prefix) => path.startsWith(prefix))) return res.writeHead(404).end();
    try {
      const body = await readFile(join(ROOT, path));
      res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })));
}

/**
 * Main-thread tasks of the page's renderer (tasks and microtask checkpoints) from a
 * `toplevel` trace: the longest, and how many took over 16 and 50 ms (finer than
 * `longtask`'s 50 ms floor).
 */
function traceTasks(trace) {
  const events = JSON.parse(trace).traceEvents;
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const durations = events.filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`)).map((e) => e.dur / 1000);
  return {
    longestMs: Math.max(0, ...durations),
    over16: durations.filter((ms) => ms > 16).length,
    over50: durations.filter((ms) => ms > 50).length,
  };
}

async function measure(browser, pageUrl, endpoint, budgetMs) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.ready === true);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskDuration = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    await browser.startTracing(page, { categories: ['toplevel'] });
    const before = await taskDuration();
    const started = Date.now();
    const result = await page.evaluate(([url, budget]) => window.run(url, budget), [endpoint, budgetMs]);
    const busy = (await taskDuration()) - before;
    const trace = await browser.stopTracing();
    console.error(`    ${pageUrl.split("/").pop()} ${endpoint.split("size=")[1]}: ${Date.now() - started} ms wall, ${(busy * 1000).toFixed(0)} ms busy`);
    return { ...result, busyMs: busy * 1000, wallMs: Date.now() - started, ...traceTasks(trace.toString()) };
  } finally {
    await context.close();
  }
}

/** Memory section: heap per KB streamed, heap and DOM after many messages, scrolling a long log. */
async function measureMemory(browser, pageUrl, backendUrl) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.ready === true);
    const answers = [];
    for (const size of [100_000, 1_000_000]) {
      answers.push(await page.evaluate((url) => window.heapPerAnswer(url), `${backendUrl}/api/chat?speed=0&format=text&chunk=7&size=${size}`));
    }
    const log = await page.evaluate((url) => window.longLog(url, 500), `${backendUrl}/api/chat?speed=0`);
    const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
    return [
      '| memory | figure |',
      '|---|---|',
      ...answers.map((a) => `| JS heap growth, one ${a.bytes / 1000} KB answer in 7-character chunks | ${mb(a.growth)} (${(a.growth / a.bytes).toFixed(1)} bytes per byte streamed) |`),
      `| JS heap growth after ${log.messages} messages (${log.messages / 2} exchanges) | ${mb(log.growth)} |`,
      `| shadow DOM elements with ${log.messages} messages | ${log.nodes} |`,
      `| scrolling the ${log.messages}-message log top to bottom, 40 steps | median frame ${fmt(log.medianFrame)} ms, worst ${fmt(log.worstFrame)} ms |`,
    ];
  } finally {
    await context.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

const bundle = readFileSync(join(ROOT, 'dist/stream-chat.js'));
const gzip = gzipSync(bundle, { level: 9 }).length;

const backend = await startBackend();
const pages = await startStatic();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...FLAGS, ...MEMORY_FLAGS] });
const rows = [];
try {
  for (const size of SIZES) {
    const endpoint = `${backend.url}/api/chat?speed=0&size=${size}`;
    const runs = [];
    for (let i = 0; i < REPEAT && Date.now() < DEADLINE; i++) runs.push(await measure(browser, `${pages.url}/bench/widget.html`, endpoint));
    const row = {
      size,
      chunks: runs[0].chunks,
      busyMs: median(runs.map((r) => r.busyMs)),
      longestMs: Math.max(...runs.map((r) => r.longestMs)),
      medianLongestMs: median(runs.map((r) => r.longestMs)),
      over16: runs.reduce((sum, r) => sum + r.over16, 0),
      over50: runs.reduce((sum, r) => sum + r.over50, 0),
      paintMs: median(runs.map((r) => r.lastByteToPaint)),
    };
    if (NAIVE_SIZES.includes(size) && Date.now() < DEADLINE) row.naive = await measure(browser, `${pages.url}/bench/naive.html`, endpoint, NAIVE_BUDGET_MS);
    rows.push(row);
    console.error(`  ${size / 1000} KB done`);
  }
  const version = browser.version();
  const cpu = cpus();

  const lines = [
    `Machine: ${cpu.length} cores (${cpu[0]?.model.trim()}), Chromium ${version}, headless; node ${process.version}.`,
    `Bundle: dist/stream-chat.js ${(bundle.length / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip (${gzip} bytes; budget 46080).`,
    '',
    `| answer | chunks | widget main-thread busy | widget longest task (median / max of ${REPEAT} runs) | widget tasks over 16 / 50 ms (all runs) | widget last byte → final paint | naive busy | naive longest task | naive last byte → paint | busy: naive / widget |`,
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      [
        `${r.size / 1000} KB`,
        r.chunks,
        `${fmt(r.busyMs)} ms`,
        `${fmt(r.medianLongestMs)} / ${fmt(r.longestMs)} ms`,
        `${r.over16} / ${r.over50}`,
        `${fmt(r.paintMs)} ms`,
        r.naive ? `${r.naive.stopped ? '> ' : ''}${fmt(r.naive.busyMs)} ms${r.naive.stopped ? ` (stopped after ${(r.naive.bytes / 1000).toFixed(0)} KB)` : ''}` : '—',
        r.naive ? `${fmt(r.naive.longestMs)} ms` : '—',
        r.naive && !r.naive.stopped ? `${fmt(r.naive.lastByteToPaint)} ms` : '—',
        r.naive ? `${r.naive.stopped ? '≥ ' : ''}${(r.naive.busyMs / r.busyMs).toFixed(0)}x` : '—',
      ].join(' | ').replace(/^/, '| ').replace(/$/, ' |'),
    ),
    '',
    rows.length === 3 && `Linearity: 200 KB costs ${(rows[2].busyMs / rows[1].busyMs).toFixed(1)}x the 50 KB answer's main-thread time (target ≤ 5x).`,
    'Tasks: main-thread tasks of the page in a Chromium `toplevel` trace, from the send to the final paint.',
  ];
  lines.push('', ...(await measureMemory(browser, `${pages.url}/bench/memory.html`, backend.url)));
  console.log(lines.filter((line) => line !== false).join('\n'));
} finally {
  await browser.close();
  pages.close();
  await backend.close();
}

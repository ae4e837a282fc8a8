#!/usr/bin/env node
// `npm run bench`: streams answers from the local demo backend into <stream-chat> and, in
// the same run, into baseline pages, in headless Debian Chromium driven by playwright-core;
// only 127.0.0.1 is contacted. Prints a compact summary (markdown tables) on stdout, the
// progress on stderr, and writes every run's figures to bench/results.json.
//
// Sections, in this order (BENCH=compare,shapes,… runs some; RUNS=3 cold pages per figure;
// BENCH_MINUTES=10 bounds the whole run: what would start after it is skipped, and says so):
//   compare    widget vs streaming-markdown (smd) at 20, 100, 200 KB, word-sized chunks at
//              full speed: main-thread busy, longest task, tasks over 16 ms, JS heap
//              growth, and the ratio widget / smd.
//   exercise   the mission's exercise: one answer at realistic token timing (~50 tokens/s)
//              streamed into the widget, versus the same answer as one non-streamed JSON
//              response, read by the widget (protocol="ndjson" + content-path) and by a
//              plain page (marked + DOMPurify): time to first visible text, to the
//              complete answer, and the peak JS heap.
//   transports JS heap growth per byte of answer, (200 KB growth − 20 KB growth) / 180 KB,
//              over SSE, NDJSON, raw text and WebSocket; and a 1 MB answer over WebSocket
//              in 7-character frames.
//   shapes     100 KB answers of every shape (demo/shapes.mjs: a document, one paragraph,
//              one line, one table, one code fence, a 40-deep list, 10,000 one-line items),
//              arriving in one SSE event and written one character at a time: time from
//              send() to the answer fully shown, and its ratio to the ordinary document's.
//   naive      a page that re-renders the whole answer with marked + DOMPurify per chunk.
//   log        heap and DOM after 500 messages; frame times while scrolling that log.
//   breakdown  (only when named) where the main-thread time of a 100 KB answer goes, widget
//              and smd: script, HTML parsing, style, layout, paint, GC, from the self
//              time of a `devtools.timeline` trace's events.
//   frontier   (only when named) the pacing's trade-off between the two goals of issue 16:
//              the widget rebuilt with other budgets for one update (14, 20, 40 ms, and
//              none: each update shows all the text waiting), against smd at 100 and
//              200 KB: busy, its ratio to smd, longest task, tasks over 16 ms.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startBackend } from '../demo/backend.mjs';
import { SHAPES, shape } from '../demo/shapes.mjs';
import { nonStreamedRoute } from './json-route.mjs';
import { UPDATE_BUDGET } from './pacing-constants.mjs';
import { startStatic } from './static.mjs';
import { fmt, growth, kb, median, table } from './report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const MEMORY_FLAGS = ['--enable-precise-memory-info', '--js-flags=--expose-gc'];
const SECTIONS = (process.env.BENCH ?? 'compare,exercise,transports,shapes,naive,log').split(',');
const RUNS = Number(process.env.RUNS ?? 3);
const COMPARE_SIZES = [20_000, 100_000, 200_000];
const NAIVE_SIZE = 20_000;
const NAIVE_BUDGET_MS = 15_000; // it is quadratic: past this the figures are lower bounds
/** Whole-run bound: a section that would start after it is skipped (and says so). */
const DEADLINE = Date.now() + Number(process.env.BENCH_MINUTES ?? 10) * 60_000;

/**
 * Main-thread tasks of the page's renderer from a `toplevel` trace: the longest, and how
 * many took over 16 and 50 ms (finer than `longtask`'s 50 ms floor). A task is a top-level
 * `RunTask` with the microtask checkpoint the scheduler runs right after it (a separate
 * top-level event, microseconds later, that is part of the task); events nested in a task
 * (mojo messages) are not tasks of their own.
 */
function traceTasks(trace) {
  const events = JSON.parse(trace).traceEvents;
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const main = events.filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const tasks = []; // [start, end] in µs
  for (const { ts, dur, name } of main) {
    const last = tasks.at(-1);
    if (last && ts < last[1]) last[1] = Math.max(last[1], ts + dur); // nested
    else if (last && name.includes('MicrotaskCheckpoint') && ts - last[1] < 50) last[1] = ts + dur;
    else tasks.push([ts, ts + dur]);
  }
  const durations = tasks.map(([start, end]) => (end - start) / 1000);
  return {
    longestMs: durations.reduce((max, ms) => Math.max(max, ms), 0),
    over16: durations.filter((ms) => ms > 16).length,
    over50: durations.filter((ms) => ms > 50).length,
  };
}

/**
 * One run in a fresh (cold) page: `window.run(...args)` between a collected heap reading
 * before and after, with the main-thread busy time (CDP `TaskDuration`) and (unless
 * `trace` is false: a trace of 100,000s of tasks costs more than it tells) a trace of its
 * tasks in between.
 */
async function measure(browser, pageUrl, args, { trace = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.ready === true);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskDuration = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    const heapBefore = await page.evaluate(() => window.heap());
    if (trace) await browser.startTracing(page, { categories: ['toplevel'] });
    const before = await taskDuration();
    const started = Date.now();
    const result = await page.evaluate((a) => window.run(...a), args);
    const busyMs = ((await taskDuration()) - before) * 1000;
    const wallMs = Date.now() - started;
    const tasks = trace ? traceTasks((await browser.stopTracing()).toString()) : {};
    const heapGrowth = (await page.evaluate(() => window.heap())) - heapBefore;
    const run = { ...result, busyMs, wallMs, heapBefore, heapGrowth, ...tasks };
    console.error(`    ${pageUrl.split('/').pop()} ${new URL(args[0]).pathname}${new URL(args[0]).search}: ${wallMs} ms wall, ${fmt(busyMs)} ms busy, ${trace ? `longest ${fmt(run.longestMs)} ms, ` : ''}heap ${growth(heapGrowth)}`);
    return run;
  } finally {
    await context.close();
  }
}

const results = { started: new Date().toISOString(), machine: {}, sections: {} };
const out = [];
const skipped = (name) => {
  if (Date.now() < DEADLINE) return false;
  out.push('', `(${name}: skipped, the run reached its time bound)`);
  return true;
};

/** Widget vs smd, same stream, interleaved runs (machine load hits both alike). */
async function compare(browser, pages, backend) {
  const rows = [];
  for (const size of COMPARE_SIZES) {
    const endpoint = `${backend.url}/api/chat?speed=0&size=${size}`;
    const widget = [];
    const smd = [];
    for (let i = 0; i < RUNS && Date.now() < DEADLINE; i++) {
      widget.push(await measure(browser, `${pages.url}/bench/widget.html`, [endpoint]));
      smd.push(await measure(browser, `${pages.url}/bench/smd.html`, [endpoint]));
    }
    if (!widget.length) break;
    rows.push({ size, chunks: widget[0].chunks, widget, smd });
  }
  results.sections.compare = rows;
  const m = (runs, key) => median(runs.map((r) => r[key]));
  out.push(
    '',
    `### Widget vs streaming-markdown (smd) — same SSE stream, word-sized chunks at full speed, medians of ${RUNS} cold pages`,
    '',
    table(
      ['answer', 'chunks', 'busy: widget / smd', 'busy ratio widget/smd', 'longest task: widget / smd (max)', 'tasks > 16 ms per run: widget / smd', 'heap growth: widget / smd'],
      rows.map((r) => [
        kb(r.size),
        r.chunks,
        `${fmt(m(r.widget, 'busyMs'))} / ${fmt(m(r.smd, 'busyMs'))} ms`,
        `**${(m(r.widget, 'busyMs') / m(r.smd, 'busyMs')).toFixed(2)}x**`,
        `${fmt(m(r.widget, 'longestMs'))} / ${fmt(m(r.smd, 'longestMs'))} ms (${fmt(Math.max(...r.widget.map((x) => x.longestMs)))} / ${fmt(Math.max(...r.smd.map((x) => x.longestMs)))})`,
        `${m(r.widget, 'over16')} / ${m(r.smd, 'over16')}`,
        `${growth(m(r.widget, 'heapGrowth'))} / ${growth(m(r.smd, 'heapGrowth'))}`,
      ]),
    ),
    '',
    'Goal (issue 16): busy ratio ≤ 1.00x at every size; no task over 16 ms. smd does not sanitize.',
  );
}

/** The naive page, once: the quadratic cost every incremental renderer avoids. */
async function naive(browser, pages, backend) {
  const endpoint = `${backend.url}/api/chat?speed=0&size=${NAIVE_SIZE}`;
  const run = await measure(browser, `${pages.url}/bench/naive.html`, [endpoint, NAIVE_BUDGET_MS]);
  const widget = results.sections.compare?.find((r) => r.size === NAIVE_SIZE)?.widget;
  results.sections.naive = run;
  const widgetBusy = widget && median(widget.map((r) => r.busyMs));
  out.push(
    '',
    `Naive page (marked + DOMPurify over the whole answer per chunk), ${kb(NAIVE_SIZE)}: ${run.stopped ? `stopped after ${NAIVE_BUDGET_MS / 1000} s at ${kb(run.bytes)}, > ` : ''}${fmt(run.busyMs)} ms busy, longest task ${fmt(run.longestMs)} ms` +
      (widgetBusy ? `; ${run.stopped ? '≥ ' : ''}${(run.busyMs / widgetBusy).toFixed(0)}x the widget's.` : '.'),
  );
}

const HEAP_SIZES = [20_000, 200_000];
/** A WebSocket frame per 7 characters: 143,000 frames, ~0.5 ms of main thread each. */
const MEGABYTE = 1_000_000;
const TRANSPORTS = {
  SSE: (backend, size) => `${backend.url}/api/chat?speed=0&size=${size}`,
  'HTTP NDJSON': (backend, size) => `${backend.url}/api/chat?speed=0&transport=ndjson&size=${size}`,
  'HTTP text': (backend, size) => `${backend.url}/api/chat?speed=0&transport=text&format=text&size=${size}`,
  WebSocket: (backend, size) => `${backend.wsUrl}?speed=0&size=${size}`,
};

/** Heap per byte of answer over every transport: growth between 20 and 200 KB, fixed costs cancel. */
async function transports(browser, pages, backend) {
  const rows = [];
  for (const [name, endpoint] of Object.entries(TRANSPORTS)) {
    const growths = {};
    for (const size of HEAP_SIZES) {
      const runs = [];
      for (let i = 0; i < RUNS && Date.now() < DEADLINE; i++) runs.push(await measure(browser, `${pages.url}/bench/widget.html`, [endpoint(backend, size)], { trace: false }));
      growths[size] = median(runs.map((r) => r.heapGrowth));
    }
    const [small, large] = HEAP_SIZES;
    rows.push({ name, growths, perByte: (growths[large] - growths[small]) / (large - small) });
  }
  const webSocket = rows.find((r) => r.name === 'WebSocket');
  const megabyte = Date.now() < DEADLINE ? await measure(browser, `${pages.url}/bench/widget.html`, [`${backend.wsUrl}?speed=0&chunk=7&size=${MEGABYTE}`], { trace: false }) : undefined;
  results.sections.transports = { rows, megabyte };
  out.push(
    '',
    `### JS heap per byte of answer (widget, word-sized chunks at full speed; collected heap after − before, medians of ${RUNS} cold pages per size)`,
    '',
    table(
      ['transport', ...HEAP_SIZES.map((size) => `growth, ${kb(size)}`), `bytes of heap per byte of answer (${kb(HEAP_SIZES[1])} − ${kb(HEAP_SIZES[0])})`],
      [
        ...rows.map((r) => [r.name, ...HEAP_SIZES.map((size) => growth(r.growths[size])), `**${r.perByte.toFixed(1)}**`]),
        megabyte
          ? [
              `WebSocket, ${kb(megabyte.bytes)} in 7-character frames (one page)`,
              '',
              growth(megabyte.heapGrowth),
              `**${((megabyte.heapGrowth - webSocket.growths[HEAP_SIZES[0]]) / (megabyte.bytes - HEAP_SIZES[0])).toFixed(1)}** (− the ${kb(HEAP_SIZES[0])} growth; ${(megabyte.heapGrowth / megabyte.bytes).toFixed(1)} with the fixed costs)`,
            ]
          : [`WebSocket, ${kb(MEGABYTE)} in 7-character frames`, '', '— (time bound)', ''],
      ],
    ),
    '',
    'Goal (issue 16): ≤ 5 bytes of heap per byte of answer over every transport.',
  );
}

const SHAPE_SIZE = 100_000;
const sseEvent = (value) => `data: ${JSON.stringify(value)}\n\n`;
/** How a shape reaches the widget: a script the test backend replays write by write. */
const ARRIVALS = {
  'at once (one SSE event)': (text) => ({ chunks: [sseEvent({ delta: text }), sseEvent({ type: 'done' })] }),
  '1 character per write (text protocol)': (text) => ({ contentType: 'text/plain; charset=utf-8', chunks: [...text] }),
};

/** Every shape of a 100 KB answer: time to fully shown, against the ordinary document's. */
async function shapes(browser, pages, backend) {
  const rows = [];
  for (const [arrival, script] of Object.entries(ARRIVALS)) {
    for (const name of SHAPES) {
      if (Date.now() > DEADLINE) break;
      const response = await fetch(`${backend.url}/__script`, { method: 'POST', body: JSON.stringify(script(shape(name, SHAPE_SIZE))) });
      const { path } = await response.json();
      const runs = [];
      for (let i = 0; i < RUNS && Date.now() < DEADLINE; i++) runs.push(await measure(browser, `${pages.url}/bench/widget.html`, [`${backend.url}${path}`]));
      rows.push({ arrival, name, runs, shownMs: median(runs.map((r) => r.shownMs)), busyMs: median(runs.map((r) => r.busyMs)), longestMs: median(runs.map((r) => r.longestMs)) });
    }
  }
  results.sections.shapes = rows;
  const baseline = (arrival) => rows.find((r) => r.arrival === arrival && r.name === SHAPES[0]).shownMs;
  const worst = Math.max(...rows.map((r) => r.shownMs / baseline(r.arrival)));
  out.push(
    '',
    `### Every shape of a ${kb(SHAPE_SIZE)} answer (widget; medians of ${RUNS} cold pages): time from send() to fully shown`,
    '',
    table(
      ['shape', ...Object.keys(ARRIVALS).map((a) => `${a}: shown (ratio to the document)`), ...Object.keys(ARRIVALS).map((a) => `busy / longest task, ${a.split(' (')[0]}`)],
      SHAPES.map((name) => {
        const of = (arrival) => rows.find((r) => r.arrival === arrival && r.name === name);
        const arrivals = Object.keys(ARRIVALS);
        return [
          name,
          ...arrivals.map((a) => (of(a) ? `${fmt(of(a).shownMs)} ms (${(of(a).shownMs / baseline(a)).toFixed(2)}x)` : '— (time bound)')),
          ...arrivals.map((a) => (of(a) ? `${fmt(of(a).busyMs)} / ${fmt(of(a).longestMs)} ms` : '—')),
        ];
      }),
    ),
    '',
    `Goal (issue 16): every shape fully shown within 2x the ordinary document's time: worst ${worst.toFixed(2)}x.`,
  );
}

const EXERCISE_SIZE = 2_000;
/** The demo backend's mean delay between word-sized tokens (each is 0.55–1.45x it): ~50 tokens/s. */
const TOKEN_MS = 20;

/** Streamed vs one JSON response, at realistic timing: first text, complete answer, peak heap. */
async function exercise(browser, pages, backend) {
  const query = `speed=${TOKEN_MS}&size=${EXERCISE_SIZE}`;
  const variants = {
    'widget, streamed (SSE)': [`${pages.url}/bench/widget.html`, `${backend.url}/api/chat?${query}`, { watch: true }],
    'widget, one JSON response (protocol="ndjson", content-path)': [
      `${pages.url}/bench/widget.html`,
      `${pages.url}/json?${query}`,
      { watch: true, attributes: { protocol: 'ndjson', 'content-path': 'choices.0.message.content' } },
    ],
    'plain page, one JSON response (marked + DOMPurify)': [`${pages.url}/bench/json.html`, `${pages.url}/json?${query}`],
  };
  const rows = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  // Interleaved: the backend's random token timing and the machine's load hit all alike.
  for (let i = 0; i < RUNS && Date.now() < DEADLINE; i++) {
    for (const [name, [pageUrl, ...args]] of Object.entries(variants)) rows[name].push(await measure(browser, pageUrl, args, { trace: false }));
  }
  results.sections.exercise = rows;
  const m = (runs, key) => median(runs.map((r) => r[key]));
  const streamed = rows[Object.keys(rows)[0]];
  out.push(
    '',
    `### Streamed vs one JSON response — a ${kb(EXERCISE_SIZE)} answer, ${streamed[0]?.chunks} word-sized tokens from the demo backend at ${(streamed[0]?.chunks / (m(streamed, 'shownMs') / 1000)).toFixed(0)} tokens/s; medians of ${RUNS} cold pages`,
    '',
    table(
      ['delivery', 'first visible text', 'complete answer shown', 'peak JS heap over the page at rest', 'collected heap growth', 'status'],
      Object.entries(rows).map(([name, runs]) => [
        name,
        `${fmt(m(runs, 'firstTextMs'))} ms`,
        `${fmt(m(runs, 'shownMs'))} ms`,
        growth(median(runs.map((r) => r.peakHeap - r.heapBefore))),
        growth(m(runs, 'heapGrowth')),
        [...new Set(runs.map((r) => r.status))].join(', '),
      ]),
    ),
  );
}

/** A long conversation: heap and DOM after 500 messages, frames while scrolling it. */
async function log(browser, pages, backend) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(`${pages.url}/bench/memory.html`);
    await page.waitForFunction(() => window.ready === true);
    const result = await page.evaluate((url) => window.longLog(url, 500), `${backend.url}/api/chat?speed=0`);
    results.sections.log = result;
    out.push(
      '',
      `Long log: ${result.messages} messages grow the collected JS heap by ${growth(result.growth)}, ${result.nodes} shadow DOM elements; scrolling it top to bottom in 40 jumps: median frame ${fmt(result.medianFrame)} ms, worst ${fmt(result.worstFrame)} ms.`,
    );
  } finally {
    await context.close();
  }
}

/** The kind of main-thread work a trace event's own time is. */
const KINDS = [
  ['GC', /^(MinorGC|MajorGC|BlinkGC|CppGC|V8\.GC)|GC_/],
  ['HTML parsing', /^ParseHTML$/],
  ['style', /^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet)$/],
  ['layout', /^(Layout|UpdateLayerTree|IntersectionObserverController::computeIntersections)$/],
  ['paint and composite', /Paint|Layerize|Composit|^Commit$|^UpdateLayer$/],
  // Promise continuations run in microtask checkpoints, with no script event of their own.
  ['script', /^(FunctionCall|EvaluateScript|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|BlinkScheduler_PerformMicrotaskCheckpoint|v8\.|V8\.)/],
];

/** Self time per kind on the renderer's main thread, and the event names that took most. */
function breakdownOf(trace) {
  const events = JSON.parse(trace).traceEvents;
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const spans = events.filter((e) => e.ph === 'X' && e.dur && mains.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  for (const e of spans) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    if (stack.length) self.set(stack.at(-1), self.get(stack.at(-1)) - e.dur);
    self.set(e, e.dur);
    stack.push(e);
  }
  const kinds = {};
  const names = {};
  for (const [e, us] of self) {
    const kind = KINDS.find(([, pattern]) => pattern.test(e.name))?.[0] ?? 'other (task overhead, network, scheduling)';
    kinds[kind] = (kinds[kind] ?? 0) + us / 1000;
    names[e.name] = (names[e.name] ?? 0) + us / 1000;
  }
  const top = Object.entries(names).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([name, ms]) => `${name} ${fmt(ms)}`);
  return { kinds, top };
}

/** One traced run of a 100 KB answer per page, its main-thread time split by kind. */
async function breakdown(browser, pages, backend) {
  const endpoint = `${backend.url}/api/chat?speed=0&size=100000`;
  const rows = {};
  for (const name of ['widget', 'smd']) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    try {
      await page.goto(`${pages.url}/bench/${name}.html`);
      await page.waitForFunction(() => window.ready === true);
      await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'v8', 'blink.user_timing'] });
      await page.evaluate((url) => window.run(url), endpoint);
      rows[name] = breakdownOf((await browser.stopTracing()).toString());
    } finally {
      await context.close();
    }
  }
  results.sections.breakdown = rows;
  const kinds = [...new Set(Object.values(rows).flatMap((r) => Object.keys(r.kinds)))];
  out.push(
    '',
    '### Where the main-thread time of a 100 KB answer goes (one traced run each; self time of trace events, ms)',
    '',
    table(['kind', ...Object.keys(rows)], kinds.map((kind) => [kind, ...Object.values(rows).map((r) => fmt(r.kinds[kind] ?? 0))])),
    '',
    ...Object.entries(rows).map(([name, r]) => `Largest events, ${name}: ${r.top.join(', ')} ms.`),
  );
}

/** Update budgets the `frontier` section rebuilds the widget with, beside the shipped one (src/render/pacing.ts). */
const FRONTIER_BUDGETS_MS = [14, 20, 40, Infinity];
const FRONTIER_SIZES = [100_000, 200_000];

/** The widget with `budgetMs` (bench/frontier.vite.config.mjs), served as /dist/stream-chat.js by a server of its own. */
async function frontierVariant(budgetMs) {
  const outDir = join(ROOT, 'bench/.frontier', String(budgetMs));
  const env = { ...process.env, FRONTIER_BUDGET_MS: String(budgetMs), FRONTIER_OUT_DIR: outDir };
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'bench/frontier.vite.config.mjs'], { cwd: ROOT, env, stdio: ['ignore', 2, 2] });
  const bundle = readFileSync(join(outDir, 'stream-chat.js'));
  const serveBundle = (_req, res) => res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
  return { budgetMs, ...(await startStatic(ROOT, { '/dist/stream-chat.js': serveBundle })) };
}

/**
 * Issue 16 asks for both less main-thread time than smd and no task over 16 ms. Each
 * update has a cost of its own besides its text (the layout it forces, the frame it
 * makes): the smaller the budget, the more updates. This measures the curve between the
 * two goals, every budget interleaved with the others and smd.
 */
async function frontier(browser, pages, backend) {
  const shippedMs = Number(readFileSync(join(ROOT, 'src/render/pacing.ts'), 'utf8').match(UPDATE_BUDGET)?.[1]);
  const variants = [{ budgetMs: shippedMs, url: pages.url }];
  try {
    for (const budgetMs of FRONTIER_BUDGETS_MS) variants.push(await frontierVariant(budgetMs));
    const rows = [];
    for (const size of FRONTIER_SIZES) {
      const endpoint = `${backend.url}/api/chat?speed=0&size=${size}`;
      const widget = variants.map(() => []);
      const smd = [];
      for (let i = 0; i < RUNS && Date.now() < DEADLINE; i++) {
        for (const [v, { url }] of variants.entries()) widget[v].push(await measure(browser, `${url}/bench/widget.html`, [endpoint]));
        smd.push(await measure(browser, `${pages.url}/bench/smd.html`, [endpoint]));
      }
      if (smd.length) rows.push({ size, widget, smd });
    }
    results.sections.frontier = { budgetsMs: variants.map((v) => String(v.budgetMs)), rows };
    const m = (runs, key) => median(runs.map((r) => r[key]));
    const cells = (runs, smd) => [`${fmt(m(runs, 'busyMs'))} ms`, smd ? `**${(m(runs, 'busyMs') / m(smd, 'busyMs')).toFixed(2)}x**` : '1.00x', `${fmt(m(runs, 'longestMs'))} ms`, m(runs, 'over16')];
    out.push(
      '',
      `### The pacing's trade-off: the widget with other update budgets vs smd, medians of ${RUNS} cold pages`,
      '',
      table(
        ['update budget', ...rows.flatMap((r) => [`${kb(r.size)}: busy`, 'ratio to smd', 'longest task', 'tasks > 16 ms'])],
        [
          ...variants.map(({ budgetMs }, v) => [`${budgetMs === Infinity ? 'none (all waiting text)' : `${budgetMs} ms`}${v === 0 ? ' (shipped)' : ''}`, ...rows.flatMap((r) => cells(r.widget[v], r.smd))]),
          ['smd (a whole read per task)', ...rows.flatMap((r) => cells(r.smd))],
        ],
      ),
    );
  } finally {
    for (const variant of variants) variant.close?.();
  }
}

const SECTION_RUNNERS = { compare, exercise, transports, shapes, naive, log, breakdown, frontier };

const bundle = readFileSync(join(ROOT, 'dist/stream-chat.js'));
const gzip = gzipSync(bundle, { level: 9 }).length;
const backend = await startBackend({ testing: true });
const pages = await startStatic(ROOT, { '/json': nonStreamedRoute(backend.url) });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...FLAGS, ...MEMORY_FLAGS] });
try {
  const cpu = cpus();
  results.machine = { cores: cpu.length, cpu: cpu[0]?.model.trim(), chromium: browser.version(), node: process.version, loadBefore: loadavg()[0] };
  for (const name of SECTIONS) {
    if (!SECTION_RUNNERS[name]) throw new Error(`Unknown bench section ${name}; known: ${Object.keys(SECTION_RUNNERS).join(', ')}`);
    if (skipped(name)) continue;
    console.error(`  ${name}…`);
    await SECTION_RUNNERS[name](browser, pages, backend);
  }
  results.machine.loadAfter = loadavg()[0];
  console.log(
    [
      `Machine: ${cpu.length} cores (${results.machine.cpu}), Chromium ${results.machine.chromium} headless, node ${process.version}; load average ${results.machine.loadBefore.toFixed(1)} → ${results.machine.loadAfter.toFixed(1)} (a shared machine: ratios within the run are the steadier figures).`,
      `Bundle: dist/stream-chat.js ${gzip} bytes gzip -9 (budget 61,440).`,
      ...out,
    ].join('\n'),
  );
  writeFileSync(join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 1));
} finally {
  await browser.close();
  pages.close();
  await backend.close();
}

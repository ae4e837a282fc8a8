// Page-side measurements shared by the benchmark pages.

/** Resolves just after the next frame has been painted. */
export function afterPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));
}

/** Live JS heap after a full collection (Chromium with --js-flags=--expose-gc and precise memory info). */
export function heap() {
  gc();
  return performance.memory.usedJSHeapSize;
}

/**
 * Samples the JS heap (garbage included: no collection) every `everyMs` until stopped;
 * `stop()` returns the highest value seen.
 */
export function sampleHeap(everyMs = 20) {
  let peak = performance.memory.usedJSHeapSize;
  const read = () => (peak = Math.max(peak, performance.memory.usedJSHeapSize));
  const timer = setInterval(read, everyMs);
  return () => {
    clearInterval(timer);
    read();
    return peak;
  };
}

const YIELD_AFTER_MS = 8;
const yieldToPage = () => (globalThis.scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0)));

/**
 * Reads the demo backend's native SSE stream (`{"delta"}` events) and hands each delta to
 * `onDelta` as it arrives. The baseline pages all read the stream this way, so they differ
 * only in how they render. Like the widget's transport, it yields to the page whenever it
 * has worked for 8 ms (one network read can hold thousands of events at full speed).
 * Stops after `budgetMs`.
 */
export async function readDeltas(endpoint, onDelta, budgetMs = Infinity) {
  const started = performance.now();
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ stream: true, messages: [{ role: 'user', content: 'benchmark' }] }),
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let bytes = 0;
  let chunks = 0;
  let lastByte = 0;
  const over = () => performance.now() - started > budgetMs;
  let worked = performance.now();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    buffer += read.value;
    const events = buffer.split('\n\n');
    buffer = events.pop();
    for (const event of events) {
      const data = event.split('\n').find((line) => line.startsWith('data:'))?.slice(5).trim();
      const delta = data && JSON.parse(data).delta;
      if (typeof delta !== 'string') continue;
      chunks++;
      bytes += delta.length;
      lastByte = performance.now();
      onDelta(delta);
      if (over()) break;
      if (performance.now() - worked > YIELD_AFTER_MS) {
        await yieldToPage();
        worked = performance.now();
      }
    }
    if (over()) {
      await reader.cancel();
      break;
    }
  }
  return { chunks, bytes, lastByte, stopped: over() };
}

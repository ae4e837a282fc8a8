// Scheduling that browsers do not all have, detected at each call with a fallback:
// WebKit (Safari) has neither `requestIdleCallback` nor `scheduler.yield`.

/** Without an idle callback: long enough for the first paint and the page's own start-up. */
const IDLE_FALLBACK_MS = 200;

/**
 * Runs `callback` once the page is idle, or after `timeout` ms at the latest; without an
 * idle callback, after `fallbackMs` (shorter for work that comes in many small pieces).
 */
export function onIdle(callback: () => void, timeout = 2000, fallbackMs = IDLE_FALLBACK_MS): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout });
  else setTimeout(callback, fallbackMs);
}

let channel: MessageChannel | undefined;
const waiting: (() => void)[] = [];

/**
 * Lets the page render and handle input before the caller goes on: `scheduler.yield()`, or
 * else a message to ourselves — a new task like `setTimeout(0)`, but never clamped to 4 ms
 * when yields follow one another.
 */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}

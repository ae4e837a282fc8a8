/** Time as the stream runner sees it: injected, so unit tests run retries on a fake clock. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /**
   * Waits `ms` before a retry, and while the browser says it is offline; resolves true at
   * once when it comes back online, false when `signal` aborts meanwhile.
   */
  wait(ms: number, signal: AbortSignal): Promise<boolean>;
}

export const browserClock: Clock = {
  now: () => performance.now(),
  wait: (ms, signal) =>
    new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        window.removeEventListener('online', onOnline);
        resolve(ok);
      };
      const onAbort = () => finish(false);
      const onOnline = () => finish(true);
      signal.addEventListener('abort', onAbort);
      window.addEventListener('online', onOnline);
      if (signal.aborted) return finish(false);
      if (navigator.onLine !== false) timer = setTimeout(() => finish(true), ms);
    }),
};

// Page-side measurements shared by the benchmark pages.

/** Resolves just after the next frame has been painted. */
export function afterPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(cap, base·2^attempt)].
 * Full jitter spreads reconnecting clients apart (AWS measured far fewer calls than
 * plain exponential backoff).
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

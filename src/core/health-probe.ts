import { StreamError, errorForResponse } from './errors.js';
import { displayUrl } from './http-transport.js';

/**
 * The active health check of one endpoint: `GET` of `path` resolved against the
 * endpoint (`ws:`/`wss:` endpoints are probed over `http:`/`https:`). Healthy means a
 * 2xx answer within `timeoutMs`. No request headers are sent: probes carry no secrets.
 */
export async function probe(
  endpoint: string,
  path: string,
  timeoutMs: number,
  credentials: RequestCredentials,
  signal: AbortSignal,
): Promise<number> {
  const url = new URL(path, endpoint.replace(/^ws(s?):/i, 'http$1:'));
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', cache: 'no-store', credentials, signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
  } catch (error) {
    throw (error as Error)?.name === 'TimeoutError'
      ? new StreamError('timeout', `The health check of ${displayUrl(url.href)} timed out.`)
      : new StreamError('network', `Could not reach ${displayUrl(url.href)}.`);
  }
  await response.body?.cancel().catch(() => {});
  if (!response.ok) throw errorForResponse(response.status, '', response.headers);
  return performance.now() - started;
}

import { errorMessage, isObject, toUsage, type FormatAdapter, type FormatEvent } from './format.js';

/**
 * Ollama's native NDJSON: `/api/chat` lines carry `message.content` (and
 * `message.thinking`), `/api/generate` lines `response` (and `thinking`). The line with
 * `done: true` ends — it may still carry text — with `done_reason` and the token counts.
 * An error arrives as `{"error":"…"}`.
 */
export const ollama: FormatAdapter = {
  name: 'ollama',
  detect: ({ json }) =>
    isObject(json) && typeof json.done === 'boolean' && (isObject(json.message) || typeof json.response === 'string'),
  read({ json }) {
    if (!isObject(json)) return [];
    if (json.error) return [{ type: 'error', message: errorMessage(json.error) }];
    const message = isObject(json.message) ? json.message : undefined;
    const events: FormatEvent[] = [];
    const thinking = message ? message.thinking : json.thinking;
    if (typeof thinking === 'string' && thinking) events.push({ type: 'reasoning', text: thinking });
    const text = message ? message.content : json.response;
    if (typeof text === 'string' && text) events.push({ type: 'delta', text });
    if (json.done === true)
      events.push({
        type: 'done',
        model: typeof json.model === 'string' ? json.model : undefined,
        finishReason: typeof json.done_reason === 'string' ? json.done_reason : undefined,
        usage: toUsage(json),
      });
    return events;
  },
};

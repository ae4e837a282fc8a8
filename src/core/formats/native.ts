import { errorMessage, isObject, optionalString, toUsage, type FormatAdapter } from './format.js';

const textOf = (json: Record<string, unknown>) =>
  [json.delta, json.content, json.text].find((value): value is string => typeof value === 'string');

/**
 * This widget's own format: `{"delta":"…"}` (or `content` / `text`), optional `seq`,
 * `{"type":"done"}` ends, `{"type":"error","message"}` fails.
 */
export const native: FormatAdapter = {
  name: 'native',
  detect: ({ json }) =>
    isObject(json) && (json.type === 'done' || json.type === 'error' || textOf(json) !== undefined),
  read({ json }) {
    if (!isObject(json)) return [];
    if (json.type === 'error' || (json.error && !textOf(json)))
      return [{ type: 'error', message: errorMessage(json.message ? json : json.error), code: json.code }];
    if (json.type === 'done')
      return [{ type: 'done', finishReason: optionalString(json.finishReason) ?? 'stop', usage: toUsage(json.usage), model: optionalString(json.model) }];
    const text = textOf(json);
    return text ? [{ type: 'delta', text }] : [];
  },
};

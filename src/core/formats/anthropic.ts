import { errorMessage, isObject, toUsage, type FormatAdapter } from './format.js';

const EVENTS = new Set([
  'message_start', 'content_block_start', 'content_block_delta', 'content_block_stop',
  'message_delta', 'message_stop', 'ping',
]);

/**
 * Anthropic Messages API events (`POST /v1/messages`, `stream: true`). `message_start`
 * carries the model and input usage, `message_delta` the stop reason and output usage
 * (the decoder merges the two), `message_stop` ends. Its `error` event nests an
 * `error` object with a `type`, unlike the native one.
 */
export const anthropic: FormatAdapter = {
  name: 'anthropic',
  detect: ({ json }) =>
    isObject(json) &&
    (EVENTS.has(json.type) || (json.type === 'error' && isObject(json.error) && typeof json.error.type === 'string')),
  read({ json }) {
    if (!isObject(json)) return [];
    switch (json.type) {
      case 'content_block_delta': {
        const delta = json.delta;
        if (delta?.type === 'text_delta' && typeof delta.text === 'string' && delta.text)
          return [{ type: 'delta', text: delta.text }];
        if (delta?.type === 'thinking_delta' && typeof delta.thinking === 'string' && delta.thinking)
          return [{ type: 'reasoning', text: delta.thinking }];
        return [];
      }
      case 'message_start': {
        const message = isObject(json.message) ? json.message : {};
        return [{ type: 'meta', model: typeof message.model === 'string' ? message.model : undefined, usage: toUsage(message.usage) }];
      }
      case 'message_delta':
        return [{ type: 'meta', finishReason: json.delta?.stop_reason ?? undefined, usage: toUsage(json.usage) }];
      case 'message_stop':
        return [{ type: 'done' }];
      case 'error':
        return [{ type: 'error', message: errorMessage(json.error), code: json.error?.type }];
      default:
        return [];
    }
  },
};

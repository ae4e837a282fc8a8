import type { Usage } from '../../types.js';
import { isObject, toUsage, type FormatAdapter } from './format.js';

const PARTS = new Set(['start', 'finish', 'start-step', 'finish-step', 'abort', 'message-metadata', 'file']);
const PART_FAMILIES = ['text-', 'reasoning-', 'tool-', 'data-', 'source-'];

/** Model and usage from a message's metadata, where servers put them (`messageMetadata` callback). */
function metadataOf(value: unknown): { model?: string; usage?: Usage } {
  if (!isObject(value)) return {};
  return {
    model: typeof value.model === 'string' ? value.model : undefined,
    usage: toUsage(value.usage ?? value.totalUsage),
  };
}

/**
 * Vercel AI SDK UI message stream (v5+, header `x-vercel-ai-ui-message-stream: v1`):
 * SSE parts `{"type":"text-delta","delta"}`…, `finish` ends, `[DONE]` follows, `error`
 * carries `errorText`. Step, tool, data, source and file parts carry no answer text.
 */
export const aiSdk: FormatAdapter = {
  name: 'ai-sdk',
  detect: ({ json }) =>
    isObject(json) &&
    typeof json.type === 'string' &&
    (PARTS.has(json.type) ||
      PART_FAMILIES.some((family) => json.type.startsWith(family)) ||
      (json.type === 'error' && typeof json.errorText === 'string')),
  read({ json }) {
    if (!isObject(json)) return [];
    switch (json.type) {
      case 'text-delta':
        return typeof json.delta === 'string' && json.delta ? [{ type: 'delta', text: json.delta }] : [];
      case 'reasoning-delta':
        return typeof json.delta === 'string' && json.delta ? [{ type: 'reasoning', text: json.delta }] : [];
      case 'error':
        return [{ type: 'error', message: typeof json.errorText === 'string' && json.errorText ? json.errorText : 'The server reported an error.' }];
      case 'start':
      case 'message-metadata': {
        const meta = metadataOf(json.messageMetadata);
        return meta.model || meta.usage ? [{ type: 'meta', ...meta }] : [];
      }
      case 'finish':
        return [{ type: 'done', finishReason: typeof json.finishReason === 'string' ? json.finishReason : undefined, ...metadataOf(json.messageMetadata) }];
      default:
        return [];
    }
  },
};

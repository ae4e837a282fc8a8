import type { Usage } from '../../types.js';
import { isObject, str, toUsage, type FormatAdapter, type FormatEvent } from './format.js';

const PARTS = new Set(['start', 'finish', 'start-step', 'finish-step', 'reset-step', 'abort', 'message-metadata', 'file', 'custom']);
const PART_FAMILIES = ['text-', 'reasoning-', 'tool-', 'data-', 'source-'];
/** Chunks that are parts events as they are (their string fields checked). */
const AS_IS = new Set([
  'tool-input-start', 'tool-input-delta', 'tool-input-available', 'tool-input-error', 'tool-output-available',
  'tool-output-error', 'tool-output-denied', 'tool-approval-request', 'tool-approval-response', 'start-step', 'reset-step',
]);

/** Model and usage from a message's metadata, where servers put them (`messageMetadata` callback). */
function metadataOf(value: unknown): { model?: string; usage?: Usage } {
  if (!isObject(value)) return {};
  return {
    model: typeof value.model === 'string' ? value.model : undefined,
    usage: toUsage(value.usage ?? value.totalUsage),
  };
}

const text = (value: unknown) => str(value) ?? '';
const flag = (value: unknown) => value === true || undefined;

/** Given fields only, so parts compare equal to the AI SDK client's. */

/**
 * Vercel AI SDK UI message stream (v5 to v7, header `x-vercel-ai-ui-message-stream: v1`):
 * SSE chunks `{"type":"text-delta","id","delta"}`…; `finish` gives the finish reason and
 * the stream ends at `[DONE]` or the end of the body; `abort` cuts the answer short;
 * `error` carries `errorText`. `custom` and unknown chunk types are ignored, never fatal.
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
    if (!isObject(json) || typeof json.type !== 'string') return [];
    const { type } = json;
    const id = text(json.id);
    if (AS_IS.has(type))
      return [{
        ...json, type, toolCallId: text(json.toolCallId), toolName: str(json.toolName), approvalId: text(json.approvalId),
        inputTextDelta: text(json.inputTextDelta), errorText: text(json.errorText), reason: str(json.reason),
        approved: json.approved === true, preliminary: flag(json.preliminary), providerExecuted: flag(json.providerExecuted),
      } as FormatEvent];
    switch (type) {
      case 'text-start':
      case 'reasoning-start':
        return [{ type: 'part-start', kind: type.slice(0, -6) as 'text', id }];
      case 'text-end':
      case 'reasoning-end':
        return [{ type: 'part-end', kind: type.slice(0, -4) as 'text', id }];
      case 'text-delta':
      case 'reasoning-delta':
        return typeof json.delta === 'string' && json.delta ? [{ type: type === 'text-delta' ? 'delta' : 'reasoning', text: json.delta, id }] : [];
      case 'source-url':
      case 'source-document':
        return [{ type: 'source', sourceId: text(json.sourceId), url: str(json.url), title: str(json.title), mediaType: str(json.mediaType), filename: str(json.filename) }];
      case 'file':
      case 'reasoning-file':
        return typeof json.url === 'string' ? [{ type: 'file', url: json.url, mediaType: text(json.mediaType), filename: str(json.filename) }] : [];
      case 'abort':
        return [{ type: 'abort', reason: str(json.reason) }];
      case 'error':
        return [{ type: 'error', message: str(json.errorText) || 'The server reported an error.' }];
      case 'start':
      case 'message-metadata': {
        const meta = metadataOf(json.messageMetadata);
        return meta.model || meta.usage ? [{ type: 'meta', ...meta }] : [];
      }
      case 'finish':
        return [{ type: 'finish', finishReason: str(json.finishReason), ...metadataOf(json.messageMetadata) }];
      default:
        // `data-*`; `custom`, `finish-step` and chunk types of later versions show nothing.
        return type.startsWith('data-') ? [{ type: 'data', name: type.slice(5), data: json.data, id: str(json.id), transient: json.transient === true }] : [];
    }
  },
};

import type { Usage } from '../../types.js';
import { isObject, str, toUsage, type FormatAdapter, type FormatEvent } from './format.js';

const PARTS = new Set(['start', 'finish', 'start-step', 'finish-step', 'reset-step', 'abort', 'message-metadata', 'file', 'custom']);
const PART_FAMILIES = ['text-', 'reasoning-', 'tool-', 'data-', 'source-'];

/** Model and usage from a message's metadata, where servers put them (`messageMetadata` callback). */
function metadataOf(value: unknown): { model?: string; usage?: Usage } {
  if (!isObject(value)) return {};
  return {
    model: typeof value.model === 'string' ? value.model : undefined,
    usage: toUsage(value.usage ?? value.totalUsage),
  };
}

/** Optional fields only when present, so parts compare equal to the AI SDK client's. */
const given = <T extends Record<string, unknown>>(fields: T): Partial<T> =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;

/** One chunk of version 7's list, as parts events. */
function readChunk(json: Record<string, any>): FormatEvent[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const id = (str(json.id) ?? '');
  const toolCallId = (str(json.toolCallId) ?? '');
  switch (json.type) {
    case 'text-start':
      return [{ type: 'part-start', kind: 'text', id }];
    case 'text-delta':
      return typeof json.delta === 'string' && json.delta ? [{ type: 'delta', text: json.delta, id }] : [];
    case 'text-end':
      return [{ type: 'part-end', kind: 'text', id }];
    case 'reasoning-start':
      return [{ type: 'part-start', kind: 'reasoning', id }];
    case 'reasoning-delta':
      return typeof json.delta === 'string' && json.delta ? [{ type: 'reasoning', text: json.delta, id }] : [];
    case 'reasoning-end':
      return [{ type: 'part-end', kind: 'reasoning', id }];
    case 'tool-input-start':
      return [{ type: 'tool-input-start', toolCallId, toolName: (str(json.toolName) ?? ''), ...given({ providerExecuted: json.providerExecuted === true || undefined }) }];
    case 'tool-input-delta':
      return typeof json.inputTextDelta === 'string' ? [{ type: 'tool-input-delta', id: toolCallId, delta: json.inputTextDelta }] : [];
    case 'tool-input-available':
      return [{ type: 'tool-input-available', toolCallId, toolName: (str(json.toolName) ?? ''), input: json.input, ...given({ providerExecuted: json.providerExecuted === true || undefined }) }];
    case 'tool-input-error':
      return [{ type: 'tool-input-error', toolCallId, toolName: (str(json.toolName) ?? ''), input: json.input, errorText: (str(json.errorText) ?? '') }];
    case 'tool-output-available':
      return [{ type: 'tool-output-available', toolCallId, output: json.output, ...given({ preliminary: json.preliminary === true || undefined, providerExecuted: json.providerExecuted === true || undefined }) }];
    case 'tool-output-error':
      return [{ type: 'tool-output-error', toolCallId, errorText: (str(json.errorText) ?? '') }];
    case 'tool-output-denied':
      return [{ type: 'tool-output-denied', toolCallId }];
    case 'tool-approval-request':
      return [{ type: 'tool-approval-request', toolCallId, approvalId: (str(json.approvalId) ?? ''), ...given({ reason: str(json.reason) }) }];
    case 'tool-approval-response':
      return [{ type: 'tool-approval-response', approvalId: (str(json.approvalId) ?? ''), approved: json.approved === true, ...given({ reason: str(json.reason) }) }];
    case 'source-url':
      return typeof json.url === 'string' ? [{ type: 'source', sourceId: str(json.sourceId) ?? json.url, url: json.url, ...given({ title: str(json.title) }) }] : [];
    case 'source-document':
      return [{ type: 'source', sourceId: (str(json.sourceId) ?? ''), ...given({ title: str(json.title), mediaType: str(json.mediaType), filename: str(json.filename) }) }];
    case 'file':
    case 'reasoning-file':
      return typeof json.url === 'string' ? [{ type: 'file', url: json.url, mediaType: (str(json.mediaType) ?? ''), ...given({ filename: str(json.filename) }) }] : [];
    case 'start-step':
      return [{ type: 'start-step' }];
    case 'reset-step':
      return [{ type: 'reset-step' }];
    case 'abort':
      return [{ type: 'abort', ...given({ reason: str(json.reason) }) }];
    case 'error':
      return [{ type: 'error', message: typeof json.errorText === 'string' && json.errorText ? json.errorText : 'The server reported an error.' }];
    case 'start':
    case 'message-metadata': {
      const meta = metadataOf(json.messageMetadata);
      return meta.model || meta.usage ? [{ type: 'meta', ...meta }] : [];
    }
    case 'finish':
      return [{ type: 'finish', finishReason: str(json.finishReason), ...metadataOf(json.messageMetadata) }];
    default:
      if (typeof json.type === 'string' && json.type.startsWith('data-'))
        return [{ type: 'data', name: json.type.slice(5), data: json.data, ...given({ id: str(json.id), transient: json.transient === true || undefined }) }];
      // `custom`, `finish-step`, `steering-message` and types of later versions: nothing to show.
      return [];
  }
}

/**
 * Vercel AI SDK UI message stream (v5 to v7, header `x-vercel-ai-ui-message-stream: v1`):
 * SSE chunks `{"type":"text-delta","id","delta"}`…; `finish` gives the finish reason and
 * the stream ends at `[DONE]` or the end of the body; `abort` cuts the answer short;
 * `error` carries `errorText`. Unknown chunk types are ignored, never fatal.
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
    return isObject(json) ? readChunk(json) : [];
  },
};

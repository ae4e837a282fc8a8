import { errorMessage, isObject, str, toUsage, type FormatAdapter, type FormatEvent } from './format.js';

const text = (type: 'delta' | 'reasoning', value: unknown, id?: string): FormatEvent[] =>
  typeof value === 'string' && value ? [{ type, text: value, id }] : [];

/** The key of one text or reasoning stream inside an output item. */
const key = (json: Record<string, any>, index: unknown) => `${str(json.item_id)}:${typeof index === 'number' ? index : 0}`; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A tool the provider runs itself (`web_search_call`, `file_search_call`…), by its item type. */
const builtInTool = (item: Record<string, unknown>) =>
  typeof item.type === 'string' && item.type.endsWith('_call') && item.type !== 'function_call' && typeof item.id === 'string'
    ? item.type.slice(0, -'_call'.length)
    : undefined;

/** The parts of a built-in tool's item other than its bookkeeping. */
function toolFields(item: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, type: _type, status: _status, ...rest } = item;
  return rest;
}

/**
 * OpenAI Responses API events (`POST /v1/responses`, `stream: true`): typed events, no
 * `[DONE]`; `response.completed` (or `response.incomplete`) ends, `response.failed` and
 * `error` fail. Every event carries a `sequence_number`, which tells its `error` apart
 * from the native `{"type":"error"}`. Output items (messages, reasoning, function calls,
 * built-in tool calls) become parts keyed by their item id.
 */
export const openaiResponses: FormatAdapter = {
  name: 'openai-responses',
  detect: ({ json }) =>
    isObject(json) &&
    typeof json.type === 'string' &&
    (json.type.startsWith('response.') || (json.type === 'error' && typeof json.sequence_number === 'number')),
  read({ json }) {
    if (!isObject(json)) return [];
    const response = isObject(json.response) ? json.response : undefined;
    const model = typeof response?.model === 'string' ? response.model : undefined;
    const item = isObject(json.item) ? json.item : undefined;
    switch (json.type) {
      case 'response.output_text.delta':
      // A refusal is the model's answer to the user, so it is shown like one.
      case 'response.refusal.delta':
        return text('delta', json.delta, key(json, json.content_index));
      case 'response.output_text.done':
      case 'response.refusal.done':
        return [{ type: 'part-end', kind: 'text', id: key(json, json.content_index) }];
      case 'response.reasoning_summary_text.delta':
        return text('reasoning', json.delta, `summary:${key(json, json.summary_index)}`);
      case 'response.reasoning_summary_text.done':
        return [{ type: 'part-end', kind: 'reasoning', id: `summary:${key(json, json.summary_index)}` }];
      case 'response.reasoning_text.delta':
        return text('reasoning', json.delta, key(json, json.content_index));
      case 'response.reasoning_text.done':
        return [{ type: 'part-end', kind: 'reasoning', id: key(json, json.content_index) }];
      case 'response.output_text.annotation.added': {
        const note = isObject(json.annotation) ? json.annotation : {};
        if (note.type === 'url_citation' && typeof note.url === 'string')
          return [{ type: 'source', sourceId: note.url, url: note.url, title: str(note.title) }];
        if ((note.type === 'file_citation' || note.type === 'container_file_citation') && typeof note.file_id === 'string')
          return [{ type: 'source', sourceId: note.file_id, title: str(note.filename), filename: str(note.filename) }];
        return [];
      }
      case 'response.output_item.added':
        if (item?.type === 'function_call' && typeof item.call_id === 'string')
          return [{ type: 'tool-input-start', id: str(item.id) ?? item.call_id, toolCallId: item.call_id, toolName: str(item.name) ?? '' }];
        if (item && builtInTool(item))
          return [{ type: 'tool-input-available', toolCallId: item.id, toolName: builtInTool(item)!, input: toolFields(item).action ?? {}, providerExecuted: true }];
        return [];
      case 'response.function_call_arguments.delta':
        return typeof json.delta === 'string' && typeof json.item_id === 'string'
          ? [{ type: 'tool-input-delta', toolCallId: json.item_id, inputTextDelta: json.delta }] : [];
      case 'response.function_call_arguments.done':
        return typeof json.item_id === 'string' ? [{ type: 'part-end', id: json.item_id }] : [];
      case 'response.output_item.done': {
        const name = item && builtInTool(item);
        if (!item || !name) return [];
        const fields = toolFields(item);
        return [
          { type: 'tool-input-available', toolCallId: item.id, toolName: name, input: fields.action ?? {}, providerExecuted: true },
          item.status === 'failed'
            ? { type: 'tool-output-error', toolCallId: item.id, errorText: `${name} failed.` }
            : { type: 'tool-output-available', toolCallId: item.id, toolName: name, output: { status: item.status, ...fields }, providerExecuted: true },
        ];
      }
      case 'response.created':
        return model ? [{ type: 'meta', model }] : [];
      case 'response.completed':
      case 'response.incomplete':
        return [{
          type: 'done',
          model,
          usage: toUsage(response?.usage),
          // No finish reason in this API: the status, or why the response is incomplete.
          finishReason: response?.incomplete_details?.reason ?? response?.status ?? 'completed',
        }];
      case 'response.failed':
        return [{ type: 'error', message: errorMessage(response?.error, 'The response failed.'), code: response?.error?.code }];
      case 'error':
        return [{ type: 'error', message: errorMessage(json), code: json.code ?? undefined }];
      default:
        return [];
    }
  },
};

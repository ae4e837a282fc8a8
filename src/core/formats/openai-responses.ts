import { errorMessage, isObject, toUsage, type FormatAdapter, type FormatEvent } from './format.js';

const text = (type: 'delta' | 'reasoning', value: unknown): FormatEvent[] =>
  typeof value === 'string' && value ? [{ type, text: value }] : [];

/**
 * OpenAI Responses API events (`POST /v1/responses`, `stream: true`): typed events, no
 * `[DONE]`; `response.completed` (or `response.incomplete`) ends, `response.failed` and
 * `error` fail. Every event carries a `sequence_number`, which tells its `error` apart
 * from the native `{"type":"error"}`.
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
    switch (json.type) {
      case 'response.output_text.delta':
      // A refusal is the model's answer to the user, so it is shown like one.
      case 'response.refusal.delta':
        return text('delta', json.delta);
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return text('reasoning', json.delta);
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

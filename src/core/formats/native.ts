import { errorMessage, isObject, optionalString, str, toUsage, type FormatAdapter, type FormatEvent } from './format.js';

const textOf = (json: Record<string, unknown>) =>
  [json.delta, json.content, json.text].find((value): value is string => typeof value === 'string');

/** `{"type":"tool",…}`: one payload says where a tool call stands (docs/backends.md). */
function toolEvents(json: Record<string, any>): FormatEvent[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const toolCallId = str(json.toolCallId);
  if (!toolCallId) return [];
  const toolName = str(json.toolName) ?? '';
  const events: FormatEvent[] = [];
  if (json.input !== undefined) events.push({ type: 'tool-input-available', toolCallId, toolName, input: json.input });
  if (typeof json.approvalId === 'string') events.push({ type: 'tool-approval-request', toolCallId, approvalId: json.approvalId, reason: str(json.reason) });
  if (typeof json.errorText === 'string') events.push({ type: 'tool-output-error', toolCallId, errorText: json.errorText });
  else if (json.denied === true) events.push({ type: 'tool-output-denied', toolCallId });
  else if (json.output !== undefined) events.push({ type: 'tool-output-available', toolCallId, toolName, output: json.output });
  return events;
}

/**
 * This widget's own format: `{"delta":"…"}` (or `content` / `text`), optional `seq`,
 * `{"type":"done"}` ends, `{"type":"error","message"}` fails. Parts: `{"reasoning":"…"}`,
 * `{"type":"tool","toolCallId","toolName","input"?,"output"?,"errorText"?,"approvalId"?}`,
 * `{"type":"source","url","title"?}`, `{"type":"file","url","mediaType"}`,
 * `{"type":"data","name","data","id"?,"transient"?}`.
 */
export const native: FormatAdapter = {
  name: 'native',
  detect: ({ json }) =>
    isObject(json) &&
    (json.type === 'done' || json.type === 'error' || json.type === 'tool' || textOf(json) !== undefined || typeof json.reasoning === 'string'),
  read({ json }) {
    if (!isObject(json)) return [];
    if (json.type === 'error' || (json.error && !textOf(json)))
      return [{ type: 'error', message: errorMessage(json.message ? json : json.error), code: json.code }];
    if (json.type === 'done')
      return [{ type: 'done', finishReason: optionalString(json.finishReason) ?? 'stop', usage: toUsage(json.usage), model: optionalString(json.model) }];
    if (json.type === 'tool') return toolEvents(json);
    if (json.type === 'source' && typeof json.url === 'string')
      return [{ type: 'source', sourceId: str(json.sourceId) ?? json.url, url: json.url, title: str(json.title) }];
    if (json.type === 'file' && typeof json.url === 'string')
      return [{ type: 'file', url: json.url, mediaType: str(json.mediaType) ?? '', filename: str(json.filename) }];
    if (json.type === 'data' && typeof json.name === 'string')
      return [{ type: 'data', name: json.name, id: str(json.id), data: json.data, transient: json.transient === true }];
    const events: FormatEvent[] = [];
    if (typeof json.reasoning === 'string' && json.reasoning) events.push({ type: 'reasoning', text: json.reasoning });
    const text = textOf(json);
    if (text) events.push({ type: 'delta', text });
    return events;
  },
};

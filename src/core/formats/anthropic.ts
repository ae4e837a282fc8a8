import { errorMessage, isObject, str, toUsage, type FormatAdapter, type FormatEvent } from './format.js';

const EVENTS = new Set([
  'message_start', 'content_block_start', 'content_block_delta', 'content_block_stop',
  'message_delta', 'message_stop', 'ping',
]);

/** A citation as a source: a web result by its URL, a document by its index (no URL). */
function citationSource(citation: unknown): FormatEvent[] {
  if (!isObject(citation)) return [];
  if (typeof citation.url === 'string')
    return [{ type: 'source', sourceId: citation.url, url: citation.url, title: str(citation.title) }];
  if (typeof citation.document_index === 'number')
    return [{ type: 'source', sourceId: `document:${citation.document_index}`, title: str(citation.document_title) }];
  return [];
}

/** A content block's opening: text, thinking, a tool call, or a server tool's result. */
function blockStart(id: string, block: Record<string, any>): FormatEvent[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (block.type) {
    case 'text':
      return [{ type: 'part-start', kind: 'text', id }, ...(block.text ? [{ type: 'delta' as const, text: block.text, id }] : [])];
    case 'thinking':
      return [{ type: 'part-start', kind: 'reasoning', id }, ...(block.thinking ? [{ type: 'reasoning' as const, text: block.thinking, id }] : [])];
    case 'redacted_thinking':
      return [{ type: 'part-start', kind: 'reasoning', id, redacted: true }];
    case 'tool_use':
    case 'server_tool_use':
    case 'mcp_tool_use':
      if (typeof block.id !== 'string') return [];
      return [{ type: 'tool-input-start', id, toolCallId: block.id, toolName: str(block.name) ?? '', providerExecuted: block.type !== 'tool_use' || undefined }];
    default: {
      // `web_search_tool_result`, `web_fetch_tool_result`, `code_execution_tool_result`…
      if (typeof block.type !== 'string' || !block.type.endsWith('_tool_result') || typeof block.tool_use_id !== 'string') return [];
      const content = block.content;
      if (isObject(content) && typeof content.type === 'string' && content.type.endsWith('_error'))
        return [{ type: 'tool-output-error', toolCallId: block.tool_use_id, errorText: str(content.error_code) ?? 'The tool failed.' }];
      return [{ type: 'tool-output-available', toolCallId: block.tool_use_id, output: content, providerExecuted: true }];
    }
  }
}

/**
 * Anthropic Messages API events (`POST /v1/messages`, `stream: true`). `message_start`
 * carries the model and input usage, `message_delta` the stop reason and output usage
 * (the decoder merges the two), `message_stop` ends. Its `error` event nests an
 * `error` object with a `type`, unlike the native one. Each content block (text,
 * thinking, tool use, server tool result) is a part keyed by its index.
 */
export const anthropic: FormatAdapter = {
  name: 'anthropic',
  detect: ({ json }) =>
    isObject(json) &&
    (EVENTS.has(json.type) || (json.type === 'error' && isObject(json.error) && typeof json.error.type === 'string')),
  read({ json }) {
    if (!isObject(json)) return [];
    const id = `block:${typeof json.index === 'number' ? json.index : 0}`;
    switch (json.type) {
      case 'content_block_start':
        return isObject(json.content_block) ? blockStart(id, json.content_block) : [];
      case 'content_block_delta': {
        const delta = json.delta;
        if (delta?.type === 'text_delta' && typeof delta.text === 'string' && delta.text)
          return [{ type: 'delta', text: delta.text, id }];
        if (delta?.type === 'thinking_delta' && typeof delta.thinking === 'string' && delta.thinking)
          return [{ type: 'reasoning', text: delta.thinking, id }];
        if (delta?.type === 'signature_delta' && typeof delta.signature === 'string')
          return [{ type: 'reasoning-signature', id, signature: delta.signature }];
        if (delta?.type === 'input_json_delta' && typeof delta.partial_json === 'string')
          return delta.partial_json ? [{ type: 'tool-input-delta', toolCallId: id, inputTextDelta: delta.partial_json }] : [];
        if (delta?.type === 'citations_delta') return citationSource(delta.citation);
        return [];
      }
      case 'content_block_stop':
        return [{ type: 'part-end', id }];
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

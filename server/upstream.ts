/** What the relay can forward to: the wire format of the upstream's streaming API. */
export type UpstreamFormat = 'openai' | 'anthropic' | 'ai-sdk';

export const UPSTREAM_FORMATS: readonly UpstreamFormat[] = ['openai', 'anthropic', 'ai-sdk'];

/** A message of the conversation, as the widget sends it (system messages already refused). */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
  id?: string;
  /** The widget's structured parts (sent back for tool approvals); only an AI SDK route reads them. */
  parts?: unknown[];
}

export interface UpstreamCall {
  url: string;
  format: UpstreamFormat;
  apiKey?: string;
  model: string;
  system?: string;
  messages: ChatMessage[];
  streamId: string;
  /** Anthropic requires a cap on the answer's tokens. */
  maxTokens: number;
  /** After a takeover: the upstream's last event id, when it sent ids. */
  lastEventId?: string;
  headers?: Record<string, string>;
}

/** The HTTP request that asks the upstream for a streamed answer. */
export function upstreamRequest(call: UpstreamCall): { url: string; init: RequestInit } {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream', ...call.headers };
  if (call.lastEventId !== undefined) headers['last-event-id'] = call.lastEventId;
  let body: Record<string, unknown>;
  switch (call.format) {
    case 'openai':
      if (call.apiKey) headers.authorization = `Bearer ${call.apiKey}`;
      body = {
        model: call.model,
        stream: true,
        stream_options: { include_usage: true },
        messages: [...(call.system ? [{ role: 'system', content: call.system }] : []), ...call.messages.map(({ role, content }) => ({ role, content }))],
      };
      break;
    case 'anthropic':
      if (call.apiKey) headers['x-api-key'] = call.apiKey;
      headers['anthropic-version'] = '2023-06-01';
      body = {
        model: call.model,
        stream: true,
        max_tokens: call.maxTokens,
        ...(call.system ? { system: call.system } : {}),
        messages: call.messages.map(({ role, content }) => ({ role, content })),
      };
      break;
    case 'ai-sdk':
      // An AI SDK route reads UI messages (`useChat`'s body); it owns its system prompt.
      if (call.apiKey) headers.authorization = `Bearer ${call.apiKey}`;
      body = {
        id: call.streamId,
        model: call.model,
        trigger: 'submit-message',
        messages: call.messages.map((m, i) => ({
          id: m.id ?? `m${i}`,
          role: m.role,
          parts: m.parts ?? [{ type: 'text', text: m.content }],
        })),
      };
      break;
  }
  return { url: call.url, init: { method: 'POST', headers, body: JSON.stringify(body), redirect: 'error' } };
}

/**
 * An error as the upstream format itself would send it mid-stream, so the widget reads
 * it with the format it already detected (and as its first payload too): code `server`,
 * the message shown as given.
 */
export function errorPayload(format: UpstreamFormat, message: string): string {
  switch (format) {
    case 'openai':
      return JSON.stringify({ error: { message, type: 'upstream_error' } });
    case 'anthropic':
      return JSON.stringify({ type: 'error', error: { type: 'api_error', message } });
    case 'ai-sdk':
      return JSON.stringify({ type: 'error', errorText: message });
  }
}

const MAX_MESSAGE = 500;

/** The provider's own words from an error response (`{"error":{"message"}}` and the like), else its status. */
export async function providerMessage(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).trim();
  let message: unknown;
  try {
    const json = JSON.parse(text);
    message = json?.error?.message ?? json?.error ?? json?.message ?? json?.detail;
  } catch {
    if (text && !text.startsWith('<')) message = text;
  }
  const said = typeof message === 'string' && message ? message.slice(0, MAX_MESSAGE) : `HTTP ${response.status}`;
  return `The model provider answered ${response.status}: ${said}`;
}

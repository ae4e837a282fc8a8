// Encoders for every payload format the widget reads: a stream is a list of frames,
// each `{ data, event? }` (data is a string: JSON, `[DONE]` or raw text).

const json = (value, event) => ({ data: JSON.stringify(value), event });

export const ENCODERS = {
  native: {
    start: () => [],
    delta: (text, seq) => [json({ delta: text, seq })],
    done: (usage) => [json({ type: 'done', finishReason: 'stop', usage })],
    error: (message) => [json({ type: 'error', message, code: 'overloaded' })],
  },
  openai: {
    start: () => [json(chunk({ role: 'assistant', content: '' }, null))],
    delta: (text) => [json(chunk({ content: text }, null))],
    done: (usage) => [
      json(chunk({}, 'stop')),
      json({ ...chunk({}, null), choices: [], usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.totalTokens } }),
      { data: '[DONE]' },
    ],
    error: (message) => [json({ error: { message, type: 'server_error', code: 'overloaded' } })],
  },
  'openai-responses': {
    start: () => [
      json({ type: 'response.created', response: { id: 'resp_demo', status: 'in_progress', model: 'demo-1' } }, 'response.created'),
      json({ type: 'response.output_item.added', output_index: 0, item: { type: 'message', role: 'assistant', content: [] } }, 'response.output_item.added'),
    ],
    delta: (text) => [json({ type: 'response.output_text.delta', item_id: 'msg_demo', output_index: 0, content_index: 0, delta: text }, 'response.output_text.delta')],
    done: (usage) => [
      json({ type: 'response.output_text.done', item_id: 'msg_demo', output_index: 0, content_index: 0 }, 'response.output_text.done'),
      json({ type: 'response.completed', response: { id: 'resp_demo', status: 'completed', model: 'demo-1', usage: { input_tokens: usage.promptTokens, output_tokens: usage.completionTokens, total_tokens: usage.totalTokens } } }, 'response.completed'),
    ],
    error: (message) => [json({ type: 'error', code: 'server_error', message }, 'error')],
  },
  anthropic: {
    start: () => [
      json({ type: 'message_start', message: { id: 'msg_demo', type: 'message', role: 'assistant', model: 'demo-1', content: [], stop_reason: null, usage: { input_tokens: 12, output_tokens: 1 } } }, 'message_start'),
      json({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
      json({ type: 'ping' }, 'ping'),
    ],
    delta: (text) => [json({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }, 'content_block_delta')],
    done: (usage) => [
      json({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
      json({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.completionTokens } }, 'message_delta'),
      json({ type: 'message_stop' }, 'message_stop'),
    ],
    error: (message) => [json({ type: 'error', error: { type: 'overloaded_error', message } }, 'error')],
  },
  'ai-sdk': {
    start: () => [json({ type: 'start', messageId: 'msg_demo' }), json({ type: 'start-step' }), json({ type: 'text-start', id: 't0' })],
    delta: (text) => [json({ type: 'text-delta', id: 't0', delta: text })],
    done: () => [json({ type: 'text-end', id: 't0' }), json({ type: 'finish-step' }), json({ type: 'finish' }), { data: '[DONE]' }],
    error: (message) => [json({ type: 'error', errorText: message })],
  },
  ollama: {
    start: () => [],
    delta: (text) => [json({ model: 'demo-1', created_at: new Date().toISOString(), message: { role: 'assistant', content: text }, done: false })],
    done: (usage) => [json({ model: 'demo-1', created_at: new Date().toISOString(), message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: usage.promptTokens, eval_count: usage.completionTokens })],
    error: (message) => [json({ error: message })],
  },
  text: {
    start: () => [],
    delta: (text) => [{ data: text }],
    done: () => [],
    error: (message) => [{ data: `\n\n[error: ${message}]` }],
  },
};

function chunk(delta, finishReason) {
  return {
    id: 'chatcmpl-demo',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'demo-1',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

/** Every frame of one answer in `format`: start frames, one per token, end (or error) frames. */
export function framesFor(format, tokens, { errorAfter } = {}) {
  const encoder = ENCODERS[format] ?? ENCODERS.native;
  const frames = [...encoder.start()];
  const count = errorAfter === undefined ? tokens.length : Math.min(errorAfter, tokens.length);
  for (let i = 0; i < count; i++) frames.push(...encoder.delta(tokens[i], i + 1));
  if (errorAfter !== undefined) frames.push(...encoder.error('The model is overloaded. Please try again.'));
  else {
    const completionTokens = tokens.length;
    frames.push(...encoder.done({ promptTokens: 12, completionTokens, totalTokens: 12 + completionTokens }));
  }
  return frames;
}

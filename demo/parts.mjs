// Structured answers for the demo backend, in each provider's own stream shapes:
// reasoning, a tool call with its result, a cited source, then the answer's text. A
// question about deleting asks for the user's approval first (formats that have
// approvals: ai-sdk and native); the follow-up request, which carries the answered
// part, gets the tool's result and the rest of the answer.

const json = (value, event) => ({ data: JSON.stringify(value), event });
const REASONING = ['The user asks about the weather, ', 'so I look it up ', 'before answering.'];
const CALL = { id: 'call_demo_weather', name: 'get_weather', input: { city: 'Oslo', unit: 'celsius' } };
const RESULT = { city: 'Oslo', celsius: 4, sky: 'light rain' };
const SOURCE = { url: 'https://www.yr.no/en/forecast/daily-table/1-72837/Norway/Oslo/Oslo/Oslo', title: 'Yr: Oslo forecast' };
const DELETE = { id: 'call_demo_delete', name: 'delete_file', input: { path: '/tmp/demo-cache' }, approvalId: 'approval_demo_1' };

/** Whether a question asks for the structured demo (a tool and sources), and which. */
export function structuredKind(question) {
  if (/\bdelet/i.test(question)) return 'approval';
  if (/\b(weather|tool|source|think)/i.test(question)) return 'tools';
  return undefined;
}

/** The approval the conversation answered, if its last message is an assistant's with one. */
export function answeredApproval(messages) {
  const last = messages?.at?.(-1);
  if (last?.role !== 'assistant' || !Array.isArray(last.parts)) return undefined;
  return last.parts.find((p) => p?.type === 'tool' && p.state === 'approval-responded')?.approval;
}

/** The answer's text, after the tool ran (or was denied). */
export function structuredText(kind, approval) {
  if (kind === 'tools') return 'It is **4 °C** with light rain in Oslo right now; take an umbrella.';
  if (!approval) return '';
  return approval.approved ? 'Done: I deleted `/tmp/demo-cache`.' : 'Understood: I left `/tmp/demo-cache` alone.';
}

const usage = (tokens) => ({ promptTokens: 30, completionTokens: tokens.length + 20, totalTokens: tokens.length + 50 });

/** Every frame of a structured answer in `format`, `tokens` being its text. */
export function structuredFramesFor(format, tokens, kind, approval) {
  const build = BUILDERS[format] ?? BUILDERS.native;
  return build(tokens, kind, approval, usage(tokens));
}

const chunk = (delta, finish = null) => ({
  id: 'chatcmpl-demo', object: 'chat.completion.chunk', created: 1700000000, model: 'demo-1',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

const BUILDERS = {
  native(tokens, kind, approval) {
    if (kind === 'approval' && !approval)
      return [
        ...REASONING.map((reasoning) => json({ reasoning })),
        json({ type: 'tool', toolCallId: DELETE.id, toolName: DELETE.name, input: DELETE.input, approvalId: DELETE.approvalId, reason: 'Deleting files needs your approval.' }),
        json({ type: 'done', finishReason: 'tool-calls' }),
      ];
    const tool = kind === 'approval'
      ? [approval.approved
        ? json({ type: 'tool', toolCallId: DELETE.id, output: { deleted: DELETE.input.path } })
        : json({ type: 'tool', toolCallId: DELETE.id, denied: true })]
      : [...REASONING.map((reasoning) => json({ reasoning })),
        json({ type: 'tool', toolCallId: CALL.id, toolName: CALL.name, input: CALL.input }),
        json({ type: 'tool', toolCallId: CALL.id, output: RESULT })];
    return [
      ...tool,
      ...tokens.map((delta) => json({ delta })),
      ...(kind === 'tools' ? [json({ type: 'source', url: SOURCE.url, title: SOURCE.title })] : []),
      json({ type: 'done', finishReason: 'stop' }),
    ];
  },

  'ai-sdk'(tokens, kind, approval) {
    const start = [json({ type: 'start' }), json({ type: 'start-step' })];
    const reasoning = [json({ type: 'reasoning-start', id: 'r0' }), ...REASONING.map((delta) => json({ type: 'reasoning-delta', id: 'r0', delta })), json({ type: 'reasoning-end', id: 'r0' })];
    const call = (c) => [
      json({ type: 'tool-input-start', toolCallId: c.id, toolName: c.name }),
      ...splitJson(c.input).map((inputTextDelta) => json({ type: 'tool-input-delta', toolCallId: c.id, inputTextDelta })),
      json({ type: 'tool-input-available', toolCallId: c.id, toolName: c.name, input: c.input }),
    ];
    const end = (reason) => [json({ type: 'finish-step' }), json({ type: 'finish', finishReason: reason }), { data: '[DONE]' }];
    if (kind === 'approval' && !approval)
      return [...start, ...reasoning, ...call(DELETE), json({ type: 'tool-approval-request', approvalId: DELETE.approvalId, toolCallId: DELETE.id, reason: 'Deleting files needs your approval.' }), ...end('tool-calls')];
    const text = [json({ type: 'text-start', id: 't0' }), ...tokens.map((delta) => json({ type: 'text-delta', id: 't0', delta })), json({ type: 'text-end', id: 't0' })];
    if (kind === 'approval')
      return [...start, approval.approved
        ? json({ type: 'tool-output-available', toolCallId: DELETE.id, output: { deleted: DELETE.input.path } })
        : json({ type: 'tool-output-denied', toolCallId: DELETE.id }), json({ type: 'finish-step' }), json({ type: 'start-step' }), ...text, ...end('stop')];
    return [
      ...start, ...reasoning, ...call(CALL), json({ type: 'tool-output-available', toolCallId: CALL.id, output: RESULT }),
      json({ type: 'finish-step' }), json({ type: 'start-step' }),
      json({ type: 'source-url', sourceId: 'src_yr', url: SOURCE.url, title: SOURCE.title }), ...text, ...end('stop'),
    ];
  },

  openai(tokens, _kind, _approval, u) {
    return [
      json(chunk({ role: 'assistant', content: null, reasoning_content: REASONING[0] })),
      ...REASONING.slice(1).map((reasoning_content) => json(chunk({ reasoning_content }))),
      json(chunk({ tool_calls: [{ index: 0, id: CALL.id, type: 'function', function: { name: CALL.name, arguments: '' } }] })),
      ...splitJson(CALL.input).map((args) => json(chunk({ tool_calls: [{ index: 0, function: { arguments: args } }] }))),
      ...tokens.map((content) => json(chunk({ content }))),
      json(chunk({}, 'stop')),
      json({ ...chunk({}), choices: [], usage: { prompt_tokens: u.promptTokens, completion_tokens: u.completionTokens, total_tokens: u.totalTokens } }),
      { data: '[DONE]' },
    ];
  },

  'openai-responses'(tokens, _kind, _approval, u) {
    let n = 0;
    const ev = (value) => json({ ...value, sequence_number: n++ }, value.type);
    const response = { id: 'resp_demo', object: 'response', status: 'in_progress', model: 'demo-1' };
    return [
      ev({ type: 'response.created', response }),
      ev({ type: 'response.output_item.added', output_index: 0, item: { id: 'rs_demo', type: 'reasoning', summary: [] } }),
      ...REASONING.map((delta) => ev({ type: 'response.reasoning_summary_text.delta', item_id: 'rs_demo', output_index: 0, summary_index: 0, delta })),
      ev({ type: 'response.reasoning_summary_text.done', item_id: 'rs_demo', output_index: 0, summary_index: 0, text: REASONING.join('') }),
      ev({ type: 'response.output_item.added', output_index: 1, item: { id: 'ws_demo', type: 'web_search_call', status: 'in_progress' } }),
      ev({ type: 'response.output_item.done', output_index: 1, item: { id: 'ws_demo', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'Oslo weather today' } } }),
      ev({ type: 'response.output_item.added', output_index: 2, item: { type: 'function_call', id: 'fc_demo', call_id: CALL.id, name: CALL.name, arguments: '', status: 'in_progress' } }),
      ...splitJson(CALL.input).map((delta) => ev({ type: 'response.function_call_arguments.delta', item_id: 'fc_demo', output_index: 2, delta })),
      ev({ type: 'response.function_call_arguments.done', item_id: 'fc_demo', output_index: 2, arguments: JSON.stringify(CALL.input) }),
      ev({ type: 'response.output_item.added', output_index: 3, item: { id: 'msg_demo', type: 'message', role: 'assistant', content: [] } }),
      ...tokens.map((delta) => ev({ type: 'response.output_text.delta', item_id: 'msg_demo', output_index: 3, content_index: 0, delta })),
      ev({ type: 'response.output_text.annotation.added', item_id: 'msg_demo', output_index: 3, content_index: 0, annotation_index: 0, annotation: { type: 'url_citation', url: SOURCE.url, title: SOURCE.title, start_index: 0, end_index: 10 } }),
      ev({ type: 'response.output_text.done', item_id: 'msg_demo', output_index: 3, content_index: 0, text: tokens.join('') }),
      ev({ type: 'response.completed', response: { ...response, status: 'completed', usage: { input_tokens: u.promptTokens, output_tokens: u.completionTokens, total_tokens: u.totalTokens } } }),
    ];
  },

  anthropic(tokens, _kind, _approval, u) {
    const ev = (value) => json(value, value.type);
    const block = (index, content_block) => ev({ type: 'content_block_start', index, content_block });
    const delta = (index, d) => ev({ type: 'content_block_delta', index, delta: d });
    const stop = (index) => ev({ type: 'content_block_stop', index });
    return [
      ev({ type: 'message_start', message: { id: 'msg_demo', type: 'message', role: 'assistant', model: 'demo-1', content: [], stop_reason: null, usage: { input_tokens: u.promptTokens, output_tokens: 1 } } }),
      block(0, { type: 'thinking', thinking: '', signature: '' }),
      ...REASONING.map((thinking) => delta(0, { type: 'thinking_delta', thinking })),
      delta(0, { type: 'signature_delta', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' }),
      stop(0),
      block(1, { type: 'server_tool_use', id: 'srvtoolu_demo', name: 'web_search', input: {} }),
      delta(1, { type: 'input_json_delta', partial_json: '{"query": "Oslo weather today"}' }),
      stop(1),
      block(2, { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_demo', content: [{ type: 'web_search_result', title: SOURCE.title, url: SOURCE.url, encrypted_content: 'Ev0DCioIAxgC', page_age: null }] }),
      stop(2),
      block(3, { type: 'text', text: '' }),
      delta(3, { type: 'citations_delta', citation: { type: 'web_search_result_location', cited_text: 'Light rain, 4 °C', url: SOURCE.url, title: SOURCE.title, encrypted_index: 'Eo8BCioIAhgB' } }),
      ...tokens.map((text) => delta(3, { type: 'text_delta', text })),
      stop(3),
      block(4, { type: 'tool_use', id: CALL.id, name: CALL.name, input: {} }),
      ...splitJson(CALL.input).map((partial_json) => delta(4, { type: 'input_json_delta', partial_json })),
      stop(4),
      ev({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: u.completionTokens } }),
      ev({ type: 'message_stop' }),
    ];
  },

  ollama(tokens, _kind, _approval, u) {
    const line = (message, extra = {}) => json({ model: 'demo-1', created_at: new Date().toISOString(), message: { role: 'assistant', content: '', ...message }, done: false, ...extra });
    return [
      ...REASONING.map((thinking) => line({ thinking })),
      line({ tool_calls: [{ function: { name: CALL.name, arguments: CALL.input } }] }),
      ...tokens.map((content) => line({ content })),
      line({}, { done: true, done_reason: 'stop', prompt_eval_count: u.promptTokens, eval_count: u.completionTokens }),
    ];
  },
};

/** A JSON value's text in a few fragments, as providers stream tool arguments. */
function splitJson(value) {
  const text = JSON.stringify(value);
  const size = Math.ceil(text.length / 3);
  return [text.slice(0, size), text.slice(size, 2 * size), text.slice(2 * size)];
}

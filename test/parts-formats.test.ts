// Structured answers from every format: fixture streams written from each provider's
// documented stream (tool calls, thinking, citations, server tools), read by the real
// runner, decoder and parts assembler over a fake transport.
import { expect } from '@open-wc/testing';
import { DONE, ev, runFrames, stable, type Frame } from './parts/run-frames.js';

// OpenAI Chat Completions, streaming function calling (arguments in fragments by index).
const oaChunk = (delta: object, finish: string | null = null) => ({
  data: {
    id: 'chatcmpl-9lYvnXkrw5y6dOBy3Xw6QzRgaCzOt', object: 'chat.completion.chunk', created: 1721122335, model: 'gpt-4o-2024-08-06',
    system_fingerprint: 'fp_c4e5b6fa31', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  },
});
const oaArgs = (index: number, args: string) => oaChunk({ tool_calls: [{ index, function: { arguments: args } }] });
const openaiTools: Frame[] = [
  oaChunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', type: 'function', function: { name: 'get_weather', arguments: '' } }], refusal: null }),
  oaArgs(0, '{"'), oaArgs(0, 'location'), oaArgs(0, '":"'), oaArgs(0, 'Paris'), oaArgs(0, ','), oaArgs(0, ' France'), oaArgs(0, '"}'),
  oaChunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '' } }] }),
  oaArgs(1, '{"tz": "Europe/Paris"}'),
  oaChunk({}, 'tool_calls'),
  DONE,
];

describe('parts from each format', () => {
  it('openai: tool_calls fragments keyed by index become tool parts ending input-available; finish_reason tool_calls', async () => {
    const { message, result, snapshots } = await runFrames('openai', openaiTools);
    expect(result.status).to.equal('complete');
    expect(result.finishReason).to.equal('tool_calls');
    expect(message.parts).to.deep.equal([
      { type: 'tool', toolCallId: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', toolName: 'get_weather', state: 'input-available', input: { location: 'Paris, France' } },
      { type: 'tool', toolCallId: 'call_2', toolName: 'get_time', state: 'input-available', input: { tz: 'Europe/Paris' } },
    ]);
    // The partial input was reported while it streamed.
    expect(snapshots.filter((s) => s.includes('get_weather')).map((s) => JSON.stringify(JSON.parse(s).input))).to.include.members([
      '{"location":"Paris"}', '{"location":"Paris, France"}',
    ]);
  });

  it('openai: reasoning_content, then text after a tool call starts a new text part', async () => {
    const { message } = await runFrames('openai', [
      oaChunk({ role: 'assistant', content: null, reasoning_content: 'Weather needs' }),
      oaChunk({ reasoning_content: ' a tool.' }),
      oaChunk({ content: 'Let me check.' }),
      oaChunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] }),
      oaChunk({ content: 'Done.' }),
      oaChunk({}, 'stop'),
      DONE,
    ]);
    expect(stable(message.parts)).to.deep.equal([
      { type: 'reasoning', text: 'Weather needs a tool.', state: 'done' },
      { type: 'text', text: 'Let me check.', state: 'done' },
      { type: 'tool', toolCallId: 'call_1', toolName: 'get_weather', state: 'input-available', input: { city: 'Oslo' } },
      { type: 'text', text: 'Done.', state: 'done' },
    ]);
    expect(message.content).to.equal('Let me check.Done.');
    expect(message.metadata.reasoning).to.equal('Weather needs a tool.');
  });

  it('openai: broken argument JSON ends the call output-error with the raw text kept; the answer is not lost', async () => {
    const { message, result } = await runFrames('openai', [
      oaChunk({ content: 'Calling.' }),
      oaChunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a": 1,,}' } }] }),
      oaChunk({}, 'tool_calls'),
      DONE,
    ]);
    expect(result.status).to.equal('complete');
    expect(message.content).to.equal('Calling.');
    expect(message.parts[1]).to.deep.equal({
      type: 'tool', toolCallId: 'call_1', toolName: 'f', state: 'output-error', input: '{"a": 1,,}', errorText: 'The tool call arguments are not valid JSON.',
    });
  });

  it('openai: a fragment for an unknown call is ignored with a warning; the rest is kept', async () => {
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const { message, result } = await runFrames('openai', [oaChunk({ content: 'Hi' }), oaArgs(3, '{"x":1}'), oaChunk({ content: ' there' }), oaChunk({}, 'stop'), DONE]);
      expect(result.status).to.equal('complete');
      expect(message.content).to.equal('Hi there');
      expect(message.parts.map((p) => p.type)).to.deep.equal(['text']);
      expect(String(warnings[0])).to.contain('unknown tool call');
    } finally {
      console.warn = warn;
    }
  });

  it('openai: a call cut off by the end of the body fails, the answer is interrupted', async () => {
    const { message, result } = await runFrames('openai', openaiTools.slice(0, 4));
    expect(result.status).to.equal('interrupted');
    expect(message.parts[0]).to.include({ state: 'output-error', errorText: 'The answer ended before the tool call was complete.' });
  });

  // OpenAI Responses: reasoning summary, a function call, a web search with a cited answer.
  const seq = (() => { let n = 0; return (data: Record<string, unknown>) => ev(data.type as string, { ...data, sequence_number: n++ }); })();
  const resp = { id: 'resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654', object: 'response', status: 'in_progress', model: 'o4-mini-2025-04-16', output: [] };
  const responsesFrames: Frame[] = [
    seq({ type: 'response.created', response: resp }),
    seq({ type: 'response.in_progress', response: resp }),
    seq({ type: 'response.output_item.added', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] } }),
    seq({ type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } }),
    seq({ type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 0, delta: '**Checking the weather**' }),
    seq({ type: 'response.reasoning_summary_text.done', item_id: 'rs_1', output_index: 0, summary_index: 0, text: '**Checking the weather**' }),
    seq({ type: 'response.output_item.done', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: '**Checking the weather**' }] } }),
    seq({ type: 'response.output_item.added', output_index: 1, item: { id: 'ws_67c9fa05', type: 'web_search_call', status: 'in_progress' } }),
    seq({ type: 'response.web_search_call.in_progress', output_index: 1, item_id: 'ws_67c9fa05' }),
    seq({ type: 'response.web_search_call.searching', output_index: 1, item_id: 'ws_67c9fa05' }),
    seq({ type: 'response.web_search_call.completed', output_index: 1, item_id: 'ws_67c9fa05' }),
    seq({ type: 'response.output_item.done', output_index: 1, item: { id: 'ws_67c9fa05', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'weather Paris today' } } }),
    seq({ type: 'response.output_item.added', output_index: 2, item: { id: 'msg_1', type: 'message', status: 'in_progress', role: 'assistant', content: [] } }),
    seq({ type: 'response.content_part.added', item_id: 'msg_1', output_index: 2, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }),
    seq({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 2, content_index: 0, delta: 'It is 18 °C in Paris' }),
    seq({ type: 'response.output_text.annotation.added', item_id: 'msg_1', output_index: 2, content_index: 0, annotation_index: 0, annotation: { type: 'url_citation', start_index: 0, end_index: 20, url: 'https://weather.example/paris', title: 'Paris weather' } }),
    seq({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 2, content_index: 0, delta: '.' }),
    seq({ type: 'response.output_text.annotation.added', item_id: 'msg_1', output_index: 2, content_index: 0, annotation_index: 1, annotation: { type: 'url_citation', start_index: 0, end_index: 20, url: 'https://weather.example/paris', title: 'Paris weather' } }),
    seq({ type: 'response.output_text.done', item_id: 'msg_1', output_index: 2, content_index: 0, text: 'It is 18 °C in Paris.' }),
    seq({ type: 'response.output_item.added', output_index: 3, item: { type: 'function_call', id: 'fc_12345xyz', call_id: 'call_12345xyz', name: 'get_weather', arguments: '', status: 'in_progress' } }),
    seq({ type: 'response.function_call_arguments.delta', item_id: 'fc_12345xyz', output_index: 3, delta: '{"location":' }),
    seq({ type: 'response.function_call_arguments.delta', item_id: 'fc_12345xyz', output_index: 3, delta: '"Lyon"}' }),
    seq({ type: 'response.function_call_arguments.done', item_id: 'fc_12345xyz', output_index: 3, arguments: '{"location":"Lyon"}' }),
    seq({ type: 'response.output_item.done', output_index: 3, item: { type: 'function_call', id: 'fc_12345xyz', call_id: 'call_12345xyz', name: 'get_weather', arguments: '{"location":"Lyon"}', status: 'completed' } }),
    seq({ type: 'response.completed', response: { ...resp, status: 'completed', usage: { input_tokens: 36, output_tokens: 87, total_tokens: 123 } } }),
  ];

  it('openai-responses: reasoning summary, web_search_call as a provider tool, url_citation sources (one per URL), function_call', async () => {
    const { message, result } = await runFrames('openai-responses', responsesFrames);
    expect(result.status).to.equal('complete');
    expect(stable(message.parts)).to.deep.equal([
      { type: 'reasoning', text: '**Checking the weather**', state: 'done' },
      { type: 'tool', toolCallId: 'ws_67c9fa05', toolName: 'web_search', state: 'output-available', providerExecuted: true,
        input: { type: 'search', query: 'weather Paris today' }, output: { status: 'completed', action: { type: 'search', query: 'weather Paris today' } } },
      { type: 'text', text: 'It is 18 °C in Paris.', state: 'done' },
      { type: 'source', sourceId: 'https://weather.example/paris', url: 'https://weather.example/paris', title: 'Paris weather' },
      { type: 'tool', toolCallId: 'call_12345xyz', toolName: 'get_weather', state: 'input-available', input: { location: 'Lyon' } },
    ]);
    expect(message.content).to.equal('It is 18 °C in Paris.');
  });

  it('openai-responses: the text and reasoning of a cut stream are done, the stream interrupted', async () => {
    const { message, result } = await runFrames('openai-responses', responsesFrames.slice(0, 16));
    expect(result.status).to.equal('interrupted');
    expect(message.parts.every((p) => !('state' in p) || p.state !== 'streaming')).to.equal(true);
  });

  // Anthropic Messages: extended thinking, a client tool, a server web search with citations.
  const start = ev('message_start', { type: 'message_start', message: { id: 'msg_014p7gG3wDgGV9EUtLvnow3U', type: 'message', role: 'assistant', model: 'claude-opus-4-1-20250805', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 472, output_tokens: 2 } } });
  const blockStart = (index: number, block: object) => ev('content_block_start', { type: 'content_block_start', index, content_block: block });
  const delta = (index: number, d: object) => ev('content_block_delta', { type: 'content_block_delta', index, delta: d });
  const stop = (index: number) => ev('content_block_stop', { type: 'content_block_stop', index });
  const anthropicFrames: Frame[] = [
    start,
    blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
    delta(0, { type: 'thinking_delta', thinking: 'I need the weather, ' }),
    delta(0, { type: 'thinking_delta', thinking: 'so I search.' }),
    delta(0, { type: 'signature_delta', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' }),
    stop(0),
    blockStart(1, { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP' }),
    stop(1),
    blockStart(2, { type: 'server_tool_use', id: 'srvtoolu_014hJH82Qum7Td6UV8gDXThB', name: 'web_search', input: {} }),
    delta(2, { type: 'input_json_delta', partial_json: '' }),
    delta(2, { type: 'input_json_delta', partial_json: '{"query": "weather NYC today"}' }),
    stop(2),
    blockStart(3, { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_014hJH82Qum7Td6UV8gDXThB', content: [
      { type: 'web_search_result', title: 'Weather in New York City', url: 'https://www.accuweather.com/en/us/new-york/10021/weather-today/349727', encrypted_content: 'Ev0DCioIAxgCIiQ3NmU4ZmI4OC1k', page_age: null },
      { type: 'web_search_result', title: 'Uncited result', url: 'https://example.com/uncited', encrypted_content: 'Ev0DCio', page_age: null },
    ] }),
    stop(3),
    blockStart(4, { type: 'text', text: '' }),
    delta(4, { type: 'citations_delta', citation: { type: 'web_search_result_location', cited_text: 'Sunny, high of 75°F', url: 'https://www.accuweather.com/en/us/new-york/10021/weather-today/349727', title: 'Weather in New York City', encrypted_index: 'Eo8BCioIAhgBIiQyYjQ0OWJmZi1lNm' } }),
    delta(4, { type: 'text_delta', text: 'It is sunny in New York.' }),
    stop(4),
    blockStart(5, { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: {} }),
    delta(5, { type: 'input_json_delta', partial_json: '' }),
    delta(5, { type: 'input_json_delta', partial_json: '{"location":' }),
    delta(5, { type: 'input_json_delta', partial_json: ' "San Francisc' }),
    delta(5, { type: 'input_json_delta', partial_json: 'o, CA", "unit": "fah' }),
    delta(5, { type: 'input_json_delta', partial_json: 'renheit"}' }),
    stop(5),
    ev('message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 89 } }),
    ev('message_stop', { type: 'message_stop' }),
  ];

  it('anthropic: thinking (signature kept), redacted thinking, server web search with its result, a cited source, tool_use', async () => {
    const { message, result } = await runFrames('anthropic', anthropicFrames);
    expect(result.status).to.equal('complete');
    expect(result.finishReason).to.equal('tool_use');
    const searchResults = (anthropicFrames[12].data as { content_block: { content: unknown } }).content_block.content;
    expect(stable(message.parts)).to.deep.equal([
      { type: 'reasoning', text: 'I need the weather, so I search.', state: 'done', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
      { type: 'reasoning', text: '', state: 'done', redacted: true },
      { type: 'tool', toolCallId: 'srvtoolu_014hJH82Qum7Td6UV8gDXThB', toolName: 'web_search', state: 'output-available', providerExecuted: true, input: { query: 'weather NYC today' }, output: searchResults },
      { type: 'text', text: 'It is sunny in New York.', state: 'done' },
      { type: 'source', sourceId: 'https://www.accuweather.com/en/us/new-york/10021/weather-today/349727', url: 'https://www.accuweather.com/en/us/new-york/10021/weather-today/349727', title: 'Weather in New York City' },
      { type: 'tool', toolCallId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', toolName: 'get_weather', state: 'input-available', input: { location: 'San Francisco, CA', unit: 'fahrenheit' } },
    ]);
    expect(message.metadata.reasoning).to.equal('I need the weather, so I search.');
    expect((message.parts[0] as { durationMs?: number }).durationMs).to.be.a('number');
  });

  it('anthropic: a document citation is a source with a title and no url', async () => {
    const { message } = await runFrames('anthropic', [
      start,
      blockStart(0, { type: 'text', text: '' }),
      delta(0, { type: 'citations_delta', citation: { type: 'char_location', cited_text: 'The grass is green.', document_index: 0, document_title: 'Example Document', start_char_index: 0, end_char_index: 20 } }),
      delta(0, { type: 'text_delta', text: 'the grass is green' }),
      stop(0),
      ev('message_stop', { type: 'message_stop' }),
    ]);
    expect(message.parts[1]).to.deep.equal({ type: 'source', sourceId: 'document:0', title: 'Example Document' });
  });

  it('ollama: message.thinking and message.tool_calls (no call id: one unique within the message)', async () => {
    const line = (msg: object, extra: object = {}) => ({ data: { model: 'qwen3', created_at: '2025-05-29T09:35:56.836222Z', message: { role: 'assistant', content: '', ...msg }, done: false, ...extra } });
    const { message, result } = await runFrames('ollama', [
      line({ thinking: 'The user wants the temperature' }),
      line({ thinking: ' in two cities.' }),
      line({ tool_calls: [{ function: { name: 'get_temperature', arguments: { city: 'New York' } } }] }),
      line({ tool_calls: [{ function: { name: 'get_temperature', arguments: { city: 'Paris' } } }] }),
      line({}, { done: true, done_reason: 'stop', prompt_eval_count: 26, eval_count: 82 }),
    ], { protocol: 'ndjson' });
    expect(result.status).to.equal('complete');
    const [reasoning, first, second] = message.parts;
    expect(reasoning).to.include({ type: 'reasoning', text: 'The user wants the temperature in two cities.', state: 'done' });
    expect(first).to.include({ type: 'tool', toolName: 'get_temperature', state: 'input-available' });
    expect((first as { input: unknown }).input).to.deep.equal({ city: 'New York' });
    expect((second as { input: unknown }).input).to.deep.equal({ city: 'Paris' });
    expect((first as { toolCallId: string }).toolCallId).to.not.equal((second as { toolCallId: string }).toolCallId);
  });

  it('native: reasoning, tool, source, file and data payloads', async () => {
    const { message, changes } = await runFrames('native', [
      { data: { reasoning: 'Thinking it over.' } },
      { data: { type: 'tool', toolCallId: 't1', toolName: 'search', input: { q: 'cats' } } },
      { data: { type: 'tool', toolCallId: 't1', toolName: 'search', output: { hits: 3 } } },
      { data: { delta: 'Cats are great.' } },
      { data: { type: 'source', url: 'https://cats.example/', title: 'Cats' } },
      { data: { type: 'file', url: 'https://cats.example/cat.png', mediaType: 'image/png' } },
      { data: { type: 'data', name: 'progress', data: { step: 1 }, transient: true } },
      { data: { type: 'done' } },
    ]);
    expect(stable(message.parts)).to.deep.equal([
      { type: 'reasoning', text: 'Thinking it over.', state: 'done' },
      { type: 'tool', toolCallId: 't1', toolName: 'search', state: 'output-available', input: { q: 'cats' }, output: { hits: 3 } },
      { type: 'text', text: 'Cats are great.', state: 'done' },
      { type: 'source', sourceId: 'https://cats.example/', url: 'https://cats.example/', title: 'Cats' },
      { type: 'file', url: 'https://cats.example/cat.png', mediaType: 'image/png' },
    ]);
    expect(changes.find((c) => c.kind === 'data')).to.deep.equal({ kind: 'data', name: 'progress', id: undefined, data: { step: 1 } });
  });
});

import { errorMessage, isObject, toUsage, type FormatAdapter, type FormatEvent } from './format.js';

/**
 * OpenAI Chat Completions chunks (also vLLM, llama.cpp, LM Studio, Ollama /v1…). `[DONE]` ends;
 * so does a non-streamed completion (`message`, not `delta`): it holds the whole answer.
 */
export const openai: FormatAdapter = {
  name: 'openai',
  detect: ({ json }) =>
    isObject(json) && (json.object === 'chat.completion.chunk' || Array.isArray(json.choices)),
  read({ json }) {
    if (!isObject(json)) return [];
    if (json.error) return [{ type: 'error', message: errorMessage(json.error), code: json.error?.code }];
    const events: FormatEvent[] = [];
    const choice = Array.isArray(json.choices) ? json.choices[0] : undefined;
    const delta = choice?.delta ?? choice?.message;
    const reasoning = delta?.reasoning_content ?? delta?.reasoning;
    if (typeof reasoning === 'string' && reasoning) events.push({ type: 'reasoning', text: reasoning });
    if (typeof delta?.content === 'string' && delta.content) events.push({ type: 'delta', text: delta.content });
    else if (typeof choice?.text === 'string' && choice.text) events.push({ type: 'delta', text: choice.text });
    const usage = toUsage(json.usage);
    const finishReason = typeof choice?.finish_reason === 'string' ? choice.finish_reason : undefined;
    const model = typeof json.model === 'string' ? json.model : undefined;
    if (!choice?.delta && isObject(choice?.message)) events.push({ type: 'done', usage, finishReason, model });
    else if (usage || finishReason || model) events.push({ type: 'meta', usage, finishReason, model });
    return events;
  },
};

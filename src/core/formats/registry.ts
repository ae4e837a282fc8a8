import { aiSdk } from './ai-sdk.js';
import { anthropic } from './anthropic.js';
import type { FormatAdapter } from './format.js';
import { native } from './native.js';
import { ollama } from './ollama.js';
import { openai } from './openai.js';
import { openaiResponses } from './openai-responses.js';

/**
 * Every JSON format, in `format="auto"` detection order: specific signatures first,
 * `native` last (its `delta` / `text` keys also appear in Responses and AI SDK parts).
 */
export const ADAPTERS: readonly FormatAdapter[] = [openaiResponses, anthropic, aiSdk, ollama, openai, native];

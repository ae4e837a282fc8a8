import type { FormatAdapter } from './format.js';
import { native } from './native.js';
import { openai } from './openai.js';

/** Every JSON format, in `format="auto"` detection order: specific signatures first, `native` last. */
export const ADAPTERS: readonly FormatAdapter[] = [openai, native];

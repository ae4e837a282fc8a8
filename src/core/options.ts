import { StreamError } from './errors.js';

/** The values each enumerated attribute accepts, its default first. */
export const OPTION_VALUES = {
  protocol: ['auto', 'sse', 'websocket', 'ndjson', 'text'],
  format: ['auto', 'openai', 'openai-responses', 'anthropic', 'ai-sdk', 'ollama', 'native', 'text'],
  credentials: ['same-origin', 'include', 'omit'],
  balance: ['failover', 'round-robin'],
  theme: ['auto', 'light', 'dark'],
  reveal: ['none', 'fade', 'typewriter'],
  scroll: ['follow', 'top'],
  layout: ['document', 'bubbles'],
} as const;

export type EnumeratedOption = keyof typeof OPTION_VALUES;

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** What is wrong with an enumerated attribute's value, or undefined when it is valid. */
export function invalidOption(name: EnumeratedOption, value: unknown): string | undefined {
  const valid: readonly string[] = OPTION_VALUES[name];
  if (valid.includes(value as string)) return undefined;
  return `${name}="${String(value)}" is not a valid value; use one of: ${valid.join(', ')}.`;
}

/** Warns once per bad value, on the console, naming it and the valid ones. */
export function warnInvalidOption(name: EnumeratedOption, value: unknown): void {
  const problem = invalidOption(name, value);
  if (problem) console.warn(`<stream-chat>: ${problem}`);
}

/**
 * The error that stops a request before it is made, when an option it depends on is
 * misspelled: a wrong protocol or format must never show a stream's wire bytes as an
 * answer, a wrong credentials mode or header name would fail as a vague network error.
 * (`balance`, `theme`, `layout`, `reveal` and `scroll` fall back to their defaults: only warned about.)
 */
export function requestOptionsError(options: {
  protocol: unknown;
  format: unknown;
  credentials: unknown;
  streamIdHeader: string;
}): StreamError | undefined {
  const problem =
    invalidOption('protocol', options.protocol) ??
    invalidOption('format', options.format) ??
    invalidOption('credentials', options.credentials) ??
    (options.streamIdHeader && !HEADER_NAME.test(options.streamIdHeader)
      ? `stream-id-header="${options.streamIdHeader}" is not a header name.`
      : undefined);
  return problem ? new StreamError('config', `The request was not sent: ${problem}`) : undefined;
}

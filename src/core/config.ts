import type { Balance } from './endpoint-pool.js';
import type { FormatOption, ProtocolOption, RequestBodyInput } from '../types.js';

/**
 * The one configuration of a chat: the element maps its attributes onto it (same names,
 * camelCased), a headless `ChatSession` takes it directly, and it flows unchanged to the
 * stream runner and the transports. A new option is added here and read where it is used.
 */
export interface ChatConfig {
  /** Backend URL; several whitespace-separated URLs form a pool. */
  endpoint: string;
  protocol: ProtocolOption;
  format: FormatOption;
  /** Dot path to the text delta in each JSON payload. */
  contentPath?: string;
  model?: string;
  system?: string;
  headers: Record<string, string>;
  credentials: RequestCredentials;
  /** Reconnect attempts per stream before giving up. */
  maxRetries: number;
  /** Base backoff in ms (exponential with full jitter). */
  retryDelay: number;
  /** Backoff cap in ms; a server-requested delay is capped by it too. */
  retryMaxDelay: number;
  /** ms without any byte before a stream counts as stalled. */
  idleTimeout: number;
  balance: Balance;
  /** ms between health checks of a pool (0 = off); also how long a failed endpoint is set aside. */
  healthInterval: number;
  healthPath: string;
  /** Messages kept; older ones are dropped. */
  maxMessages: number;
  /** Largest single event or line accepted, in characters. */
  maxEventBytes: number;
  /** Longest answer kept, in characters (0 = no cap). */
  maxAnswerChars: number;
  requestBody?: (input: RequestBodyInput) => Record<string, unknown>;
}

export const DEFAULT_CONFIG: Readonly<ChatConfig> = {
  endpoint: '',
  protocol: 'auto',
  format: 'auto',
  headers: {},
  credentials: 'same-origin',
  maxRetries: 5,
  retryDelay: 1000,
  retryMaxDelay: 30_000,
  idleTimeout: 30_000,
  balance: 'failover',
  healthInterval: 30_000,
  healthPath: '/health',
  maxMessages: 500,
  maxEventBytes: 1_048_576,
  maxAnswerChars: 1_000_000,
};

/** How long a failed endpoint waits before it is a candidate again (with or without health checks). */
export const cooldownOf = (config: Pick<ChatConfig, 'healthInterval'>): number =>
  config.healthInterval > 0 ? config.healthInterval : 30_000;

import type { ChatConfig } from '../types.js';

export type { ChatConfig };

export const DEFAULT_CONFIG: Readonly<ChatConfig> = {
  endpoint: '',
  protocol: 'auto',
  format: 'auto',
  headers: {},
  streamIdHeader: 'X-Stream-Id',
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

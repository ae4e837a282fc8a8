// Runs frames through the real stream runner, decoder and parts assembler over a fake
// transport (no network): what the element's controller does with one answer's stream.
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { EndpointPool } from '../../src/core/endpoint-pool.js';
import { PartsAssembler, type PartChange } from '../../src/core/message-parts.js';
import { runStream, type StreamResult } from '../../src/core/stream-runner.js';
import type { Transport } from '../../src/core/transport.js';
import type { ChatMessage, FormatOption, Protocol } from '../../src/types.js';

export interface Frame {
  data: unknown;
  event?: string;
}

export const ev = (event: string, data: unknown): Frame => ({ event, data });
export const DONE: Frame = { data: '[DONE]' };

export interface Run {
  message: ChatMessage;
  result: StreamResult;
  changes: PartChange[];
  /** Each change's part as it was then (JSON). */
  snapshots: string[];
  /** How many frames the runner read before it stopped. */
  read: number;
}

export function newMessage(parts: ChatMessage['parts'] = []): ChatMessage {
  return { id: 'm1', role: 'assistant', content: '', parts, status: 'pending', createdAt: 0, metadata: {} };
}

export async function runFrames(
  format: FormatOption,
  frames: Frame[],
  options: { protocol?: Protocol; headers?: Record<string, string>; message?: ChatMessage; signal?: AbortSignal } = {},
): Promise<Run> {
  const message = options.message ?? newMessage();
  const changes: PartChange[] = [];
  const snapshots: string[] = [];
  const parts = new PartsAssembler(message, (change) => {
    changes.push(change);
    snapshots.push(JSON.stringify('part' in change ? change.part : change));
  });
  let read = 0;
  const transport: Transport = async (_request, sink) => {
    sink.open({ protocol: options.protocol ?? 'sse', headers: new Headers(options.headers) });
    for (const frame of frames) {
      read++;
      if (sink.frame({ data: typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data), event: frame.event })) return;
    }
  };
  const pool = new EndpointPool();
  pool.setUrls(['http://127.0.0.1:1/fake']);
  const result = await runStream(
    { streamId: 's1', body: {}, config: { ...DEFAULT_CONFIG, format, credentials: 'omit', maxRetries: 0, retryDelay: 1, retryMaxDelay: 1, idleTimeout: 1000, maxAnswerChars: 0 } },
    { pool, transportFor: () => transport },
    {
      connecting() {}, opened() {}, bytes() {}, failed() {},
      restart: () => parts.reset(),
      delta: (text, id) => parts.text(text, id),
      reasoning: (text, id) => parts.reasoning(text, id),
      part: (event) => parts.apply(event),
    },
    options.signal ?? new AbortController().signal,
  );
  parts.end(result.status);
  return { message, result, changes, snapshots, read };
}

/** The parts without fields that vary from run to run (reasoning durations). */
export const stable = (parts: ChatMessage['parts']) =>
  parts.map((part) => {
    if (part.type !== 'reasoning') return part;
    const { durationMs: _d, ...rest } = part;
    return rest;
  });

import type { FormatName, FormatOption, Protocol, Usage } from '../../types.js';
import { StreamError } from '../errors.js';
import type { Frame } from '../transport.js';
import { checkedEvent, errorMessage, isObject, mergeUsage, readPath, type FormatAdapter, type FormatEvent, type Payload } from './format.js';
import { ADAPTERS } from './registry.js';

/** Frames a stream may end with, whatever the format. */
const DONE = '[DONE]';
const AI_SDK_HEADER = 'x-vercel-ai-ui-message-stream';

/**
 * Turns frames into FormatEvents for one stream: parses JSON once, detects the format
 * (`auto`), and knows whether the end of the body is a normal end for that format.
 *
 * Malformed JSON in a JSON format is skipped with one console warning per stream (a
 * proxy may inject a stray line); a stream in which nothing was recognisable is a
 * `protocol` error at its end.
 */
export class PayloadDecoder {
  private adapter?: FormatAdapter;
  private textMode: boolean;
  private recognised = false;
  private unrecognised = 0;
  private warned = false;
  private usage?: Usage;

  constructor(
    format: FormatOption,
    private readonly contentPath = '',
  ) {
    this.textMode = format === 'text' && !contentPath;
    if (format !== 'auto' && format !== 'text') this.adapter = ADAPTERS.find((a) => a.name === format);
  }

  /** The detected or configured format. */
  get format(): FormatName | undefined {
    return this.textMode ? 'text' : this.adapter?.name;
  }

  /** Whether the body ending is a normal end (formats without an end marker). */
  get endsAtEof(): boolean {
    return this.textMode || (Boolean(this.contentPath) && this.recognised);
  }

  /** Parses a frame; `undefined` when it carries no JSON (text mode, `[DONE]`). */
  parse(frame: Frame): Payload | undefined {
    if (this.textMode || frame.data.trim() === DONE) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(frame.data);
    } catch {
      // Not JSON: `json` stays undefined.
    }
    // `format="auto"` over plain strings — a token such as `2024` parses as JSON too: raw
    // text deltas. A payload that looks like broken JSON (`{"delta": "brok`) is not text.
    if ((typeof json !== 'object' || json === null) && this.detecting && !/^\s*[{[]/.test(frame.data)) {
      this.textMode = true;
      return undefined;
    }
    if (json !== undefined) return { json, event: frame.event };
    this.unrecognised++;
    if (!this.warned) {
      this.warned = true;
      console.warn('<stream-chat>: skipped a payload that is not valid JSON:', frame.data.slice(0, 200));
    }
    return undefined;
  }

  /**
   * What the response says about its format, for `format="auto"` before any payload:
   * a `text` protocol is raw text, and the AI SDK marks its UI message stream with the
   * `x-vercel-ai-ui-message-stream` header.
   */
  useResponse(info: { protocol: Protocol; headers?: Headers }): void {
    if (!this.detecting) return;
    if (info.protocol === 'text') this.textMode = true;
    else if (info.headers?.has(AI_SDK_HEADER)) this.adapter = ADAPTERS.find((a) => a.name === 'ai-sdk');
  }

  /** `format="auto"` and nothing decided yet. */
  private get detecting(): boolean {
    return !this.adapter && !this.textMode && !this.contentPath && !this.recognised;
  }

  read(frame: Frame, payload: Payload | undefined): FormatEvent[] {
    // A raw-text stream over SSE or WebSocket (no end of body to end it) ends with `[DONE]`.
    if (this.textMode) return frame.data.trim() === DONE ? [{ type: 'done' }] : frame.data ? [{ type: 'delta', text: frame.data }] : [];
    if (frame.data.trim() === DONE) {
      // `[DONE]` after nothing recognisable ends nothing: the stream is unrecognised.
      if (this.recognised) return [{ type: 'done' }];
      this.unrecognised++;
      return [];
    }
    if (!payload) return [];
    const { json } = payload;

    if (this.contentPath) {
      if (isObject(json) && json.error) return [{ type: 'error', message: errorMessage(json.error) }];
      const value = readPath(json, this.contentPath);
      if (value === undefined) this.unrecognised++;
      else this.recognised = true;
      return typeof value === 'string' && value ? [{ type: 'delta', text: value }] : [];
    }
    this.adapter ??= ADAPTERS.find((adapter) => adapter.detect(payload));
    const events = this.adapter?.read(payload) ?? [];
    // A configured format counts as recognised only once a payload looks like it.
    if (events.length || this.adapter?.detect(payload)) this.recognised = true;
    else {
      this.unrecognised++;
      // An error payload is readable whatever the format.
      if (isObject(json) && json.error) return [{ type: 'error', message: errorMessage(json.error) }];
    }
    return events.map(checkedEvent).map((event) => {
      if ((event.type !== 'meta' && event.type !== 'done') || !event.usage) return event;
      this.usage = mergeUsage(this.usage, event.usage);
      return { ...event, usage: this.usage };
    });
  }

  /** At the end of the body: the error for a stream in which nothing was recognisable. */
  unrecognisedError(): StreamError | undefined {
    if (this.recognised || this.textMode || this.unrecognised === 0) return undefined;
    return new StreamError(
      'protocol',
      this.contentPath
        ? `No payload had a value at content-path "${this.contentPath}".`
        : 'The stream was not in a recognised format (set the format or content-path attribute).',
    );
  }
}

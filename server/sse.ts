/** One server-sent event. */
export interface SseEvent {
  data: string;
  event?: string;
  id?: string;
}

/**
 * Reads a `text/event-stream` body into events (the WHATWG parsing rules: `data` lines
 * joined with `\n`, `event` and `id` fields, comments and `retry` ignored, CR/LF/CRLF
 * line ends). `id` is the event's own (not carried over to later events as EventSource's
 * last-event-id is): the relay uses it to recognise events it already stored.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let event: string | undefined;
  let id: string | undefined;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
      // A lone CR at the very end may be the first half of CRLF: wait for more.
      if (buffer[end] === '\r' && end === buffer.length - 1) break;
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
      if (line === '') {
        if (data.length) yield { data: data.join('\n'), event, id };
        data = [];
        event = undefined;
        id = undefined;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
      else if (field === 'id' && !value.includes('\0')) id = value;
    }
  }
  // An event cut off by the end of the body (no blank line after it) is not dispatched.
}

/** One event as SSE text: `id`, optional `event`, and the data split over `data:` lines. */
export function formatSse(id: number | undefined, data: string, event?: string): string {
  let text = id === undefined ? '' : `id: ${id}\n`;
  if (event) text += `event: ${event}\n`;
  for (const line of data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return `${text}\n`;
}

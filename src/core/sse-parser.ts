/**
 * A streaming text/event-stream parser following the WHATWG rules for interpreting an
 * event stream (html.spec.whatwg.org/multipage/server-sent-events.html). It takes
 * decoded text: UTF-8 decoding and the leading BOM are the caller's (a TextDecoder does
 * both). The unterminated last event of a body is never dispatched, so the end of the
 * body needs no call: a CR ends its line at once (an LF right after it, even in the next
 * chunk, is the same line end).
 */

/** One dispatched event. */
export interface SseEvent {
  data: string;
  /** The event type: 'message' when the event names none. */
  event: string;
  /**
   * The event's own `id` field, when it has one. The sticky last event id (what a
   * reconnection sends back) is the caller's to keep: an event without an id of its own
   * is not a repeat of the one before it.
   */
  id?: string;
}

/**
 * Returns the function to feed text to, chunk by chunk. It throws `tooLarge()` when the
 * data gathered for one event plus the line being read (field name included) grows past
 * `maxChars`: the same events come out, and it fails at the same point, whatever the
 * chunking.
 */
export function sseParser(
  maxChars: number,
  onEvent: (event: SseEvent) => void,
  onRetry: (ms: number) => void,
  tooLarge: () => Error,
): (text: string) => void {
  // The line still arriving, in pieces joined once it ends: a long line arriving a
  // character at a time costs linear time.
  const pieces: string[] = [];
  let pendingChars = 0;
  let afterCR = false;
  // The data lines joined with \n (the spec's buffer without its last \n); undefined: no data line.
  let data: string | undefined;
  let type = '';
  let id: string | undefined;

  const line = (text: string) => {
    if (text.length + (data?.length ?? 0) > maxChars) throw tooLarge();
    if (!text) {
      if (data !== undefined) onEvent({ data, event: type || 'message', id });
      data = id = undefined;
      type = '';
      return;
    }
    // A comment (a line starting with ':') names the empty field: ignored like any unknown one.
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + (text[colon + 1] === ' ' ? 2 : 1));
    if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
    else if (field === 'event') type = value;
    else if (field === 'id') {
      if (!value.includes('\0')) id = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) onRetry(+value);
  };

  return (text) => {
    if (!text) return;
    let start = afterCR && text[0] === '\n' ? 1 : 0;
    afterCR = false;
    // The next CR and LF, each searched again only once passed: linear in the chunk.
    let cr = -2;
    let lf = -2;
    for (;;) {
      if (cr < start && cr !== -1) cr = text.indexOf('\r', start);
      if (lf < start && lf !== -1) lf = text.indexOf('\n', start);
      const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      if (end < 0) break;
      const rest = text.slice(start, end);
      line(pieces.length ? pieces.join('') + rest : rest);
      pieces.length = pendingChars = 0;
      start = end + 1;
      if (end === cr) {
        if (start === text.length) afterCR = true;
        else if (text[start] === '\n') start++;
      }
    }
    if (start < text.length) {
      pieces.push(text.slice(start));
      pendingChars += text.length - start;
      if (pendingChars + (data?.length ?? 0) > maxChars) throw tooLarge();
    }
  };
}

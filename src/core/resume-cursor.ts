/**
 * Where a stream can be resumed from, and which replayed events to drop.
 *
 * SSE: the sticky last event id (sent back as `Last-Event-ID`); an event whose id was
 * already applied is dropped. WebSocket (and NDJSON with `seq`): the highest `seq`
 * applied; frames at or below it are dropped. Numeric ids are compared as numbers so
 * memory stays constant on long streams; other ids are remembered in a set.
 */
export class ResumeCursor {
  lastEventId?: string;
  lastSeq?: number;
  #maxNumericId = -Infinity;
  readonly #seenIds = new Set<string>();

  /** Records a frame's position; false when it was already applied (a replay). */
  accept(id: string | undefined, seq: number | undefined): boolean {
    if (seq !== undefined) {
      if (this.lastSeq !== undefined && seq <= this.lastSeq) return false;
      this.lastSeq = seq;
    }
    if (id !== undefined) {
      if (id !== '') {
        const numeric = /^\d{1,15}$/.test(id) ? Number(id) : undefined;
        if (numeric !== undefined) {
          if (numeric <= this.#maxNumericId) return false;
          this.#maxNumericId = numeric;
        } else {
          if (this.#seenIds.has(id)) return false;
          this.#seenIds.add(id);
        }
      }
      this.lastEventId = id;
    }
    return true;
  }

  /**
   * The same point for the other transport of one backend, which numbers its SSE event
   * ids as its WebSocket seqs: a stream moving between them resumes where it stopped.
   */
  carryOver(): void {
    if (this.lastSeq !== undefined && this.lastEventId === undefined) {
      this.lastEventId = String(this.lastSeq);
      this.#maxNumericId = this.lastSeq;
    } else if (this.lastSeq === undefined && this.lastEventId !== undefined && /^\d{1,15}$/.test(this.lastEventId)) {
      this.lastSeq = Number(this.lastEventId);
    }
  }
}

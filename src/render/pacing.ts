import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Main-thread time one update that adds text may take, all of it: the render (lex,
 * sanitize, insert) and the log's layout after it, which costs about as much again. The
 * rest of a 16 ms frame is left to the browser's own work and a garbage collection. A burst
 * (a fast backend, a slow frame, a restored conversation) is shown over several frames
 * instead of in one long task.
 */
const UPDATE_BUDGET_MS = 10;
/** First frames, before this device's speed is known: a cold renderer is slowest. */
const FIRST_FRAME_CHARS = 500;
const MIN_FRAME_CHARS = 250;
const MAX_FRAME_CHARS = 4000;
/**
 * A frame that re-renders an unfinished tail adds this many times its length: a huge block
 * (a 100 KB paragraph, table or list arriving at once) is then rendered in frames of 4x,
 * 1.33x its length in all, not 2x (each frame doubling it).
 */
const TAIL_GROWTH = 3;
/** While the page is drawn, a timer backs up rAF (which stops when the browser stops drawing). */
const FRAME_FALLBACK_MS = 250;
/**
 * Characters of markdown this device shows per ms of a whole update, measured on updates
 * that rendered a full budget, shared by every answer (the device's speed, not the answer's).
 */
let charsPerMs = 0;

/** What one answer's renderer asks of the pacing. */
export interface Pacing {
  /** Whether to spread a burst over frames: not in a page that is not being drawn. */
  readonly paced: boolean;
  /**
   * Whether this host update is the pacer's own, a frame's turn to add text. An update for
   * anything else (a state change, the page's own) adds none to an answer under way: it
   * would add a render to a task that has work of its own (the stream's end came with the
   * transport's last slice: 17–23 ms tasks).
   */
  readonly turn: boolean;
  /**
   * Characters a frame adds: what this device renders in the budget, and at least
   * TAIL_GROWTH times the unfinished tail's length (each update re-renders the tail: this
   * keeps the total work linear when one block is huge, a long table or list).
   */
  budget(tailLength: number): number;
  /** A full budget, `chars`, was rendered: with the whole update's time, the measured speed. */
  rendered(chars: number): void;
  /** Text is still waiting to be shown: render again next frame. */
  more(): void;
}

/**
 * All of the element's pacing: one host update per animation frame whatever the chunk
 * rate (a timer backs rAF up, as rAF does not run in a hidden tab), whether the page is
 * being drawn, how much each frame renders, and whether some answer is still behind.
 *
 * The update that shows new text runs in a task of its own, started after a frame was
 * drawn, not inside the frame: a render in the frame made one task of render, layout,
 * style and paint (17–20 ms late in a 100 KB answer); split, the frame's own work (style,
 * paint) is a task of its own.
 */
export class FramePacer implements ReactiveController {
  #frame?: number;
  /** The task that renders, or the fallback for a frame that does not come. */
  #frameTimer?: ReturnType<typeof setTimeout>;
  /** Whether the last render was driven by a frame (not the fallback timer). */
  #byFrame = true;
  /** The frame after the last render, until it is drawn: meanwhile the next render waits for a frame too. */
  #drawnFrame?: number;
  /** The update under way was started by the pacer. */
  #turn = false;
  /** When the update under way started, and the characters it rendered at a full budget. */
  #updateStarted = 0;
  #updateChars = 0;
  /** Answers (by key) with text not yet on screen, as of this update and the one before. */
  #behind = new Set<string>();
  #wasBehind = new Set<string>();
  /** Counts host updates: keys a render cache so that an answer still behind renders each one. */
  updates = 0;

  constructor(private readonly host: ReactiveControllerHost & Element) {
    host.addController(this);
  }

  /** An answer still being paced onto the screen when the element was moved continues. */
  hostConnected(): void {
    if (this.#behind.size) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#cancel();
  }

  hostUpdate(): void {
    this.#wasBehind = this.#behind;
    this.#behind = new Set();
    this.updates++;
    this.#updateStarted = performance.now();
  }

  hostUpdated(): void {
    this.#turn = false;
    const chars = this.#updateChars;
    const started = this.#updateStarted;
    this.#updateChars = 0;
    // Timed once the whole update is done: the log's layout comes in a later controller.
    if (chars) queueMicrotask(() => this.#measured(chars, performance.now() - started));
  }

  /** Whether the answer `key` was still behind at the last update (it must render again). */
  isBehind(key: string): boolean {
    return this.#wasBehind.has(key) || this.#behind.has(key);
  }

  /** The pacing of the answer `key`. */
  for(key: string): Pacing {
    return {
      paced: this.paced,
      turn: this.#turn,
      budget: (tailLength) => this.#budget(tailLength),
      rendered: (chars) => (this.#updateChars += chars),
      more: () => {
        this.#behind.add(key);
        this.schedule();
      },
    };
  }

  /** One host update, in a task of its own, at once if a frame was drawn since the last one, else after the next frame. */
  schedule(): void {
    if (this.#frame !== undefined || this.#frameTimer !== undefined) return;
    const flush = (byFrame: boolean) => {
      this.#cancel();
      this.#byFrame = byFrame;
      this.#turn = true;
      this.#drawnFrame ??= requestAnimationFrame(() => (this.#drawnFrame = undefined));
      this.host.requestUpdate();
    };
    if (this.#drawnFrame === undefined) {
      this.#frameTimer = setTimeout(() => flush(true));
      return;
    }
    this.#frame = requestAnimationFrame(() => {
      this.#frame = undefined;
      clearTimeout(this.#frameTimer);
      this.#frameTimer = setTimeout(() => flush(true));
    });
    this.#frameTimer = setTimeout(() => flush(false), document.hidden ? 0 : FRAME_FALLBACK_MS);
  }

  /** Whether the page is being drawn: not hidden, and its renders come with frames. */
  get paced(): boolean {
    return this.#byFrame && !document.hidden;
  }

  #budget(tailLength: number): number {
    const measured = charsPerMs ? Math.min(MAX_FRAME_CHARS, Math.max(MIN_FRAME_CHARS, charsPerMs * UPDATE_BUDGET_MS)) : FIRST_FRAME_CHARS;
    return Math.round(Math.max(measured, TAIL_GROWTH * tailLength));
  }

  /** Smoothed, so one slow update (a garbage collection) stalls nothing. */
  #measured(chars: number, ms: number): void {
    const rate = chars / Math.max(ms, 0.5);
    charsPerMs = charsPerMs ? (charsPerMs + rate) / 2 : rate;
  }

  /** Resolves once every answer's text is on screen (`update` waits for one host update). */
  async settle(update: () => Promise<boolean>): Promise<boolean> {
    let result = await update();
    while (this.#behind.size && this.host.isConnected) {
      await new Promise((resolve) => setTimeout(resolve, 16));
      result = await update();
    }
    return result;
  }

  #cancel(): void {
    cancelAnimationFrame(this.#frame ?? 0);
    clearTimeout(this.#frameTimer);
    this.#frame = this.#frameTimer = undefined;
  }
}

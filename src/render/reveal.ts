/** The `reveal` attribute: how a streaming answer's text comes onto the screen. */
export type RevealMode = 'none' | 'fade' | 'typewriter';

/** Characters per second a reveal starts at, and never goes below while text waits. */
const MIN_SPEED = 80;
/** The speed eases toward the backlog over this many seconds: a burst is drained in about as long. */
const LAG_S = 0.2;
/** How fast the speed eases (ms): a higher speed is reached over a few frames, not at once. */
const EASE_MS = 150;
/** Longest step one update takes (ms): text that arrives after a pause still starts slowly. */
const MAX_STEP_MS = 50;
/**
 * Bound on the delay of the final text: once an answer has ended, whatever it has not
 * shown yet is shown within this many ms (spread over them, then all at once).
 */
export const REVEAL_END_MS = 500;
/** How long a new block takes to fade in (ms). */
const FADE_MS = 400;

/** Where one answer's reveal stands. */
export interface RevealPace {
  /** Characters shown (fractional: a slow speed shows one every few frames). */
  shown: number;
  /** Current speed, in characters per second. */
  speed: number;
  /** Time of the last step (ms). */
  at: number;
  /** When the answer was first seen ended (ms). */
  end?: number;
}

/**
 * Moves `pace` on to `now`, with `length` characters arrived and `ended` once no more
 * will come. As LobeChat smooths its streams: the speed eases toward what drains the
 * backlog in about `LAG_S`, so a burst is revealed quickly but over several frames, and a
 * slow stream is never more than a fraction of a second behind.
 */
export function revealStep(pace: RevealPace, length: number, now: number, ended: boolean): void {
  const dt = Math.min(now - pace.at, MAX_STEP_MS);
  const backlog = length - pace.shown;
  pace.speed += (Math.max(MIN_SPEED, backlog / LAG_S) - pace.speed) * (dt / (dt + EASE_MS));
  pace.at = now;
  if (ended) {
    pace.end ??= now;
    // Past the end, at least fast enough to finish by the bound, and everything at the bound.
    pace.speed = Math.max(pace.speed, (backlog * 1000) / (pace.end + REVEAL_END_MS - now));
  }
  pace.shown = ended && now - pace.end! >= REVEAL_END_MS ? length : Math.min(length, pace.shown + (pace.speed * dt) / 1000);
}

/**
 * The reveal of one streaming answer: how much of its text to show at this update (the
 * host renders again each frame while some is held back), and for `fade`, new blocks
 * fading in. It is visual only: the message, its events and its final DOM are those of
 * a render without it. Off, everything shown at once, under `prefers-reduced-motion`, in
 * a hidden page and when the answer was stopped or failed.
 */
export class Reveal implements RevealPace {
  shown = 0;
  speed = MIN_SPEED;
  at = performance.now();
  end?: number;
  readonly #still = matchMedia('(prefers-reduced-motion: reduce)');
  /** The element holding the last blocks (the content, or its last group of blocks). */
  #parent?: HTMLElement;
  /** Its blocks last seen at each position, and when each position first showed one. */
  #blocks: Element[] = [];
  #born: number[] = [];

  /** How many characters of `length` to show now. */
  upto(length: number, ended: boolean, broken: boolean): number {
    if (this.#still.matches || document.hidden || (ended && broken)) this.shown = length;
    revealStep(this, length, performance.now(), ended);
    return Math.floor(this.shown);
  }

  /**
   * Fades in the blocks `parent` shows for the first time. The renderer replaces the
   * unfinished last block as it grows: its replacement continues the fade where it was
   * (an animation never restarts), and after `FADE_MS` nothing is animated. The Web
   * Animations API leaves no trace in the DOM.
   */
  fade(parent: HTMLElement): void {
    if (this.#still.matches) return;
    if (parent !== this.#parent) (this.#parent = parent), (this.#blocks = []), (this.#born = []);
    const now = performance.now();
    let i = parent.childElementCount;
    for (let el = parent.lastElementChild; el && this.#blocks[--i] !== el; el = el.previousElementSibling) {
      this.#blocks[i] = el;
      if (el.matches('.cursor')) continue; // alone in an empty answer: not a block
      const age = now - (this.#born[i] ??= now);
      if (age < FADE_MS) el.animate({ opacity: [0, 1] }, { duration: FADE_MS, easing: 'ease-out' }).currentTime = age;
    }
  }
}

import { StreamError } from './errors.js';

/**
 * Aborts an attempt when no byte arrived for `ms`: a stalled connection raises no
 * event in browsers, only a timer catches it. A byte only notes its time (a stream can
 * bring thousands a second): the one timer, when it fires, waits again for what is left
 * since the last byte, or reports the stall.
 */
export class IdleTimer {
  #timer?: ReturnType<typeof setTimeout>;
  #last = 0;

  constructor(
    private readonly ms: number,
    private readonly onIdle: (error: StreamError) => void,
  ) {}

  /** Starts the countdown, or starts it over: call on every byte received. */
  touch(): void {
    this.#last = performance.now();
    if (this.ms > 0) this.#timer ??= setTimeout(this.#fire, this.ms);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  readonly #fire = () => {
    const left = this.#last + this.ms - performance.now();
    if (left > 0) this.#timer = setTimeout(this.#fire, left);
    else this.onIdle(new StreamError('timeout', `No data for ${Math.round(this.ms / 1000)} s: the stream stalled.`));
  };
}

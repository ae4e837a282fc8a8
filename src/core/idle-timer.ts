import { StreamError } from './errors.js';

/**
 * Aborts an attempt when no byte arrived for `ms`: a stalled connection raises no
 * event in browsers, only a timer catches it.
 */
export class IdleTimer {
  #timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly ms: number,
    private readonly onIdle: (error: StreamError) => void,
  ) {}

  /** (Re)starts the countdown: call on every byte received. */
  touch(): void {
    if (!(this.ms > 0)) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => this.onIdle(new StreamError('timeout', `No data for ${Math.round(this.ms / 1000)} s: the stream stalled.`)),
      this.ms,
    );
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}

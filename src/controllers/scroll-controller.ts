import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How close to the bottom (px) still counts as "at the bottom". */
const STICKY_SLACK = 48;

/**
 * Keeps the log pinned to the bottom while answers stream, unless the reader scrolled
 * up: then it stays put and the host shows a "jump to latest" control. Layout is read
 * once per host update (which happens at most once per frame), never per chunk.
 */
export class ScrollController implements ReactiveController {
  /** True while the reader has scrolled away from the bottom. */
  detached = false;
  /** Where the controller last pinned the log. */
  private pinnedTop = -1;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly log: () => HTMLElement | undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const log = this.log();
    if (!log || this.detached) return;
    if (log.scrollHeight - log.scrollTop - log.clientHeight > 1) {
      log.scrollTop = log.scrollHeight;
      this.pinnedTop = log.scrollTop;
    }
  }

  /** Pins the log to the bottom again (after a send, or the jump control). */
  stick(now = false): void {
    this.detached = false;
    if (now) {
      const log = this.log();
      if (log) log.scrollTo({ top: log.scrollHeight, behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    }
    this.host.requestUpdate();
  }

  readonly onScroll = (): void => {
    const log = this.log();
    if (!log) return;
    // Scroll events are coalesced per frame, so a reader's scroll can arrive together with
    // our own pinning: judge by position, not by which event this is.
    const detached =
      log.scrollHeight - log.scrollTop - log.clientHeight > STICKY_SLACK && Math.abs(log.scrollTop - this.pinnedTop) > 1;
    if (detached !== this.detached) {
      this.detached = detached;
      this.host.requestUpdate();
    }
  };
}

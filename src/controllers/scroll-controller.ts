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

  /**
   * A reader's scroll event comes with the next frame, and an update driven by a timer can
   * come first (a page the browser draws rarely): judge by position before rendering too,
   * or the update would pin the log back under the reader.
   */
  hostUpdate(): void {
    const log = this.log();
    if (log) this.judge(log);
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
    const log = this.log();
    if (log) {
      this.pinnedTop = log.scrollTop; // the log is ours again: where it is now is no reader's move
      if (now) log.scrollTo({ top: log.scrollHeight, behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    }
    this.host.requestUpdate();
  }

  readonly onScroll = (): void => {
    const log = this.log();
    if (log && this.judge(log)) this.host.requestUpdate();
  };

  /**
   * Whether the reader left the bottom, judged by position: scroll events are coalesced per
   * frame, so a reader's scroll can arrive together with our own pinning. True if it changed.
   */
  private judge(log: HTMLElement): boolean {
    const detached =
      log.scrollHeight - log.scrollTop - log.clientHeight > STICKY_SLACK && Math.abs(log.scrollTop - this.pinnedTop) > 1;
    if (detached === this.detached) return false;
    this.detached = detached;
    return true;
  }
}

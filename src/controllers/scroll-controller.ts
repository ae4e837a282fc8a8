import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How close to the bottom (px) still counts as "at the bottom". */
const STICKY_SLACK = 48;
/** Keys that scroll a focused log towards older messages. */
const KEYS_UP = new Set(['ArrowUp', 'PageUp', 'Home']);

/**
 * Keeps the log pinned to the bottom while answers stream, unless the reader scrolled
 * up: then it stays put and the host shows a "jump to latest" control.
 *
 * Intent comes from the reader's input, never from scroll events alone: layout moves the
 * log too (content-visibility placeholders resolving in a long restored conversation,
 * images, fonts, scroll anchoring), and such moves must not count as the reader leaving.
 * - A wheel turn, a touch drag or a key that scrolls up leaves the bottom at once.
 * - While the scrollbar is held, the position decides.
 * - Without input (find in page, assistive technology), a move up counts only when the
 *   content kept its size since the last look: layout never moves up without resizing.
 * Whenever the latest message or the log's box resizes (a ResizeObserver, before paint)
 * and the reader has not left, the log is pinned again: the latest line is on screen every
 * frame. Older messages are not observed: while pinned, their size changes happen above
 * the view (scroll anchoring keeps it still), and an observer on every message trips
 * Firefox's "ResizeObserver loop" error when content-visibility resolves their placeholders
 * in the middle of a frame. Where anchoring is missing, `contentvisibilityautostatechange`
 * pins the log again at the next frame.
 */
export class ScrollController implements ReactiveController {
  /** True while the reader has scrolled away from the bottom. */
  detached = false;
  /** The log as last looked at (by a pin or a judgement). */
  private seen = { top: 0, height: 0, client: 0 };
  /** The primary button is held on the log itself: its scrollbar is being dragged. */
  private dragging = false;
  private touchY = 0;
  private observed?: HTMLElement;
  /** The log's last child (the latest message) as observed for size changes. */
  private latest?: Element | null;
  private frame?: number;
  private readonly resizes = new ResizeObserver(() => this.relayout());

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly log: () => HTMLElement | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const log = this.log();
    if (log) this.watch(log);
  }

  hostDisconnected(): void {
    this.unwatch();
  }

  /**
   * A reader's scroll event comes with the next frame, and an update driven by a timer can
   * come first (a page the browser draws rarely): judge by position before rendering too,
   * or the update would pin the log back under the reader.
   */
  hostUpdate(): void {
    const log = this.log();
    if (log === this.observed && log) this.judge(log);
  }

  hostUpdated(): void {
    const log = this.log();
    if (!log) return;
    if (log !== this.observed) this.watch(log);
    this.followLatest(log);
    this.pin(log);
  }

  /** Pins the log to the bottom again (after a send, a restore, or the jump control), at the next update. */
  stick(): void {
    this.detached = false;
    this.host.requestUpdate();
  }

  private watch(log: HTMLElement): void {
    this.unwatch();
    this.observed = log;
    this.resizes.observe(log);
    this.followLatest(log);
    log.addEventListener('contentvisibilityautostatechange', this.onPlaceholder, true);
    log.addEventListener('scroll', this.onScroll, { passive: true });
    log.addEventListener('wheel', this.onWheel, { passive: true });
    log.addEventListener('keydown', this.onKeydown);
    log.addEventListener('touchstart', this.onTouchStart, { passive: true });
    log.addEventListener('touchmove', this.onTouchMove, { passive: true });
    log.addEventListener('pointerdown', this.onPointerDown);
    this.look(log);
  }

  private unwatch(): void {
    const log = this.observed;
    if (!log) return;
    this.resizes.disconnect();
    this.latest = undefined;
    cancelAnimationFrame(this.frame ?? 0);
    this.frame = undefined;
    log.removeEventListener('contentvisibilityautostatechange', this.onPlaceholder, true);
    log.removeEventListener('scroll', this.onScroll);
    log.removeEventListener('wheel', this.onWheel);
    log.removeEventListener('keydown', this.onKeydown);
    log.removeEventListener('touchstart', this.onTouchStart);
    log.removeEventListener('touchmove', this.onTouchMove);
    log.removeEventListener('pointerdown', this.onPointerDown);
    this.endDrag();
    this.observed = undefined;
  }

  private followLatest(log: HTMLElement): void {
    const latest = log.lastElementChild;
    if (latest === this.latest) return;
    if (this.latest) this.resizes.unobserve(this.latest);
    if (latest) this.resizes.observe(latest);
    this.latest = latest;
  }

  /** A message's placeholder was swapped for its content (or back): follow at the next frame. */
  private readonly onPlaceholder = (): void => {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.relayout();
    });
  };

  /** The reader asked to see older messages: leave the bottom now, before the scroll even happens. */
  private leave(): void {
    const log = this.observed;
    if (!log || this.detached || log.scrollTop <= 0) return;
    this.detached = true;
    this.host.requestUpdate();
  }

  private readonly onWheel = (event: WheelEvent): void => {
    if (event.deltaY < 0 && !event.ctrlKey) this.leave();
  };

  private readonly onKeydown = (event: KeyboardEvent): void => {
    const target = event.composedPath()[0] as HTMLElement;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    if (KEYS_UP.has(event.key) || (event.key === ' ' && event.shiftKey)) this.leave();
  };

  private readonly onTouchStart = (event: TouchEvent): void => {
    this.touchY = event.touches[0]?.clientY ?? 0;
  };

  /** A finger moving down drags the content down: older messages come into view. */
  private readonly onTouchMove = (event: TouchEvent): void => {
    const y = event.touches[0]?.clientY ?? this.touchY;
    if (y > this.touchY + 2) this.leave();
    this.touchY = y;
  };

  /** A press on the log itself, not on a message: its scrollbar (or padding). */
  private readonly onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0 || event.composedPath()[0] !== this.observed) return;
    this.dragging = true;
    addEventListener('pointerup', this.endDrag, true);
    addEventListener('pointercancel', this.endDrag, true);
  };

  private readonly endDrag = (): void => {
    this.dragging = false;
    removeEventListener('pointerup', this.endDrag, true);
    removeEventListener('pointercancel', this.endDrag, true);
  };

  private readonly onScroll = (): void => {
    const log = this.observed;
    if (log && !this.judge(log)) this.pin(log);
  };

  /** The content or the log's box changed size: follow it unless the reader left. */
  private relayout(): void {
    const log = this.observed;
    if (log && !this.judge(log)) this.pin(log);
  }

  private pin(log: HTMLElement): void {
    if (!this.detached && log.scrollHeight - log.scrollTop - log.clientHeight > 1) log.scrollTop = log.scrollHeight;
    this.look(log);
  }

  private look(log: HTMLElement): { top: number; height: number; client: number } {
    const before = this.seen;
    this.seen = { top: log.scrollTop, height: log.scrollHeight, client: log.clientHeight };
    return before;
  }

  /**
   * Whether the reader left the bottom or came back to it, from where the log is now and
   * where it was at the last look. Requests an update and returns true if it changed.
   */
  private judge(log: HTMLElement): boolean {
    const before = this.look(log);
    const { top, height, client } = this.seen;
    const fromBottom = height - top - client;
    const movedUp = top < before.top - 1;
    let detached = this.detached;
    if (detached) {
      // Back near the bottom, moving down: not a wheel turn up that has yet to scroll.
      if (fromBottom <= STICKY_SLACK && top > before.top) detached = false;
    } else if (fromBottom > STICKY_SLACK) {
      const sameLayout = Math.abs(height - before.height) <= 1 && client === before.client;
      detached = this.dragging || (movedUp && sameLayout);
    }
    if (detached === this.detached) return false;
    this.detached = detached;
    this.host.requestUpdate();
    return true;
  }
}

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
 * in the middle of a frame; for the same reason the latest message is never a placeholder
 * (styles.ts). Where anchoring is missing, `contentvisibilityautostatechange` pins the log
 * again at the next frame.
 *
 * With `scroll="top"`, a question sent is held at the top of the log instead, its answer
 * growing below it unfollowed, until the reader scrolls (any wheel, key, touch or
 * scrollbar drag) or jumps to the latest; the jump control shows while the answer goes on
 * below the view. A spacer after the last message, as tall as the view needs, lets a
 * short answer's question reach the top; it shrinks as the answer grows (the content's
 * height stays the same: nothing jumps) and is kept after the answer ends.
 */
export class ScrollController implements ReactiveController {
  /** True while the reader has scrolled away from the bottom. */
  detached = false;
  /** The log as last looked at (by a pin or a judgement). */
  #seen = { top: 0, height: 0, client: 0 };
  /** The primary button is held on the log itself: its scrollbar is being dragged. */
  #dragging = false;
  #touchY = 0;
  #observed?: HTMLElement;
  /** The log's last child (the latest message) as observed for size changes. */
  #latest?: Element | null;
  #frame?: number;
  readonly #resizes = new ResizeObserver(() => this.#relayout());
  /** `scroll="top"`: the last question sent, which the spacer makes room for, and whether it is held at the top. */
  #question?: Element;
  #holding = false;
  #spacer?: HTMLElement;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly log: () => HTMLElement | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const log = this.log();
    if (log) this.#watch(log);
  }

  hostDisconnected(): void {
    this.#unwatch();
  }

  /**
   * A reader's scroll event comes with the next frame, and an update driven by a timer can
   * come first (a page the browser draws rarely): judge by position before rendering too,
   * or the update would pin the log back under the reader.
   */
  hostUpdate(): void {
    const log = this.log();
    if (log === this.#observed && log) this.#judge(log);
  }

  hostUpdated(): void {
    const log = this.log();
    if (!log) return;
    if (log !== this.#observed) this.#watch(log);
    if (this.#holding) {
      // The question sent (a send waits for a stream it stops): the last user message.
      let question = log.lastElementChild;
      while (question && !question.matches('[part~=user]')) question = question.previousElementSibling;
      this.#question = question ?? undefined;
    }
    this.#followLatest(log);
    this.#pin(log);
  }

  /**
   * Pins the log to the bottom again (after a send, a restore, or the jump control), at the
   * next update; or, `toTop` (a question sent with `scroll="top"`), holds that question at the top.
   */
  stick(toTop = false): void {
    this.detached = false;
    this.#question = undefined;
    this.#holding = toTop;
    this.host.requestUpdate();
  }

  #watch(log: HTMLElement): void {
    this.#unwatch();
    this.#observed = log;
    this.#resizes.observe(log);
    this.#followLatest(log);
    log.addEventListener('contentvisibilityautostatechange', this.#onPlaceholder, true);
    log.addEventListener('scroll', this.#onScroll, { passive: true });
    log.addEventListener('wheel', this.#onWheel, { passive: true });
    log.addEventListener('keydown', this.#onKeydown);
    log.addEventListener('touchstart', this.#onTouchStart, { passive: true });
    log.addEventListener('touchmove', this.#onTouchMove, { passive: true });
    log.addEventListener('pointerdown', this.#onPointerDown);
    this.#look(log);
  }

  #unwatch(): void {
    const log = this.#observed;
    if (!log) return;
    this.#resizes.disconnect();
    this.#latest = undefined;
    cancelAnimationFrame(this.#frame ?? 0);
    this.#frame = undefined;
    log.removeEventListener('contentvisibilityautostatechange', this.#onPlaceholder, true);
    log.removeEventListener('scroll', this.#onScroll);
    log.removeEventListener('wheel', this.#onWheel);
    log.removeEventListener('keydown', this.#onKeydown);
    log.removeEventListener('touchstart', this.#onTouchStart);
    log.removeEventListener('touchmove', this.#onTouchMove);
    log.removeEventListener('pointerdown', this.#onPointerDown);
    this.#endDrag();
    this.#observed = undefined;
  }

  #followLatest(log: HTMLElement): void {
    let latest = log.lastElementChild;
    if (latest && latest === this.#spacer) latest = latest.previousElementSibling;
    if (latest === this.#latest) return;
    if (this.#latest) this.#resizes.unobserve(this.#latest);
    if (latest) this.#resizes.observe(latest);
    this.#latest = latest;
  }

  /** A message's placeholder was swapped for its content (or back): follow at the next frame. */
  readonly #onPlaceholder = (): void => {
    this.#frame ??= requestAnimationFrame(() => {
      this.#frame = undefined;
      this.#relayout();
    });
  };

  /** The reader asked to see older messages: leave the bottom now, before the scroll even happens. */
  #leave(): void {
    const log = this.#observed;
    if (!log || this.detached || log.scrollTop <= 0) return;
    this.detached = true;
    this.host.requestUpdate();
  }

  readonly #onWheel = (event: WheelEvent): void => {
    this.#holding = false;
    if (event.deltaY < 0 && !event.ctrlKey) this.#leave();
  };

  readonly #onKeydown = (event: KeyboardEvent): void => {
    const target = event.composedPath()[0] as HTMLElement;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    this.#holding = false;
    if (KEYS_UP.has(event.key) || (event.key === ' ' && event.shiftKey)) this.#leave();
  };

  readonly #onTouchStart = (event: TouchEvent): void => {
    this.#touchY = event.touches[0]?.clientY ?? 0;
  };

  /** A finger moving down drags the content down: older messages come into view. */
  readonly #onTouchMove = (event: TouchEvent): void => {
    const y = event.touches[0]?.clientY ?? this.#touchY;
    this.#holding = false;
    if (y > this.#touchY + 2) this.#leave();
    this.#touchY = y;
  };

  /** A press on the log itself, not on a message: its scrollbar (or padding). */
  readonly #onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0 || event.composedPath()[0] !== this.#observed) return;
    this.#dragging = true;
    this.#holding = false;
    addEventListener('pointerup', this.#endDrag, true);
    addEventListener('pointercancel', this.#endDrag, true);
  };

  readonly #endDrag = (): void => {
    this.#dragging = false;
    removeEventListener('pointerup', this.#endDrag, true);
    removeEventListener('pointercancel', this.#endDrag, true);
  };

  readonly #onScroll = (): void => {
    const log = this.#observed;
    if (log && !this.#judge(log)) this.#pin(log);
  };

  /** The content or the log's box changed size: follow it unless the reader left. */
  #relayout(): void {
    const log = this.#observed;
    if (log && !this.#judge(log)) this.#pin(log);
  }

  #pin(log: HTMLElement): void {
    this.#fit(log);
    if (!this.#holding && !this.detached && log.scrollHeight - log.scrollTop - log.clientHeight > 1) log.scrollTop = log.scrollHeight;
    this.#look(log);
  }

  /**
   * `scroll="top"`: sizes the spacer so that the last question sent can be at the top of
   * the log, and holds it there (the jump control shows while the answer goes on below).
   */
  #fit(log: HTMLElement): void {
    const top = this.#target(log);
    if (top === undefined && !this.#spacer) return;
    const spacer = (this.#spacer ??= document.createElement('div'));
    // After the messages, outside the parts Lit renders: Lit leaves it alone.
    if (spacer.parentNode !== log) log.append(spacer);
    // min-height: a flex item's height would shrink to fit the log. At least 1 px while a
    // question is held: Firefox leaves an empty last item, and the gap before it, out of the
    // scrollable height, so the room made would flip on and off from frame to frame.
    spacer.style.minHeight = `${top === undefined ? 0 : Math.max(1, top + log.clientHeight - log.scrollHeight + spacer.offsetHeight)}px`;
    if (!this.#holding || top === undefined) return;
    log.scrollTop = top;
    const below = log.scrollHeight - top - log.clientHeight > STICKY_SLACK;
    if (below !== this.detached) {
      this.detached = below;
      this.host.requestUpdate();
    }
  }

  /** The scroll position that puts the last question sent at the top: its distance from the first message. */
  #target(log: HTMLElement): number | undefined {
    const question = this.#question?.isConnected && (this.#question as HTMLElement);
    return question ? question.offsetTop - (log.firstElementChild as HTMLElement).offsetTop : undefined;
  }

  #look(log: HTMLElement): { top: number; height: number; client: number } {
    const before = this.#seen;
    this.#seen = { top: log.scrollTop, height: log.scrollHeight, client: log.clientHeight };
    return before;
  }

  /**
   * Whether the reader left the bottom or came back to it, from where the log is now and
   * where it was at the last look. Requests an update and returns true if it changed.
   */
  #judge(log: HTMLElement): boolean {
    const before = this.#look(log);
    const { top, height, client } = this.#seen;
    const fromBottom = height - top - client;
    const movedUp = top < before.top - 1;
    let detached = this.detached;
    if (this.#holding) {
      // Without input (find in page, assistive technology), a scroll that took the question
      // from the top releases it, to where it went. Layout alone does not: it moves the
      // question (where scroll anchoring is missing) or clamps the log at its end.
      const target = this.#target(log);
      if (target === undefined || Math.abs(target - top) <= 1 || Math.abs(top - before.top) <= 1 || fromBottom <= 1) return false;
      this.#holding = false;
      detached = fromBottom > STICKY_SLACK;
    } else if (detached) {
      // Back near the bottom, moving down: not a wheel turn up that has yet to scroll.
      if (fromBottom <= STICKY_SLACK && top > before.top) detached = false;
    } else if (fromBottom > STICKY_SLACK) {
      const sameLayout = Math.abs(height - before.height) <= 1 && client === before.client;
      detached = this.#dragging || (movedUp && sameLayout);
    }
    if (detached === this.detached) return false;
    this.detached = detached;
    this.host.requestUpdate();
    return true;
  }
}

import type { Balance, EndpointStats } from '../types.js';
import type { StreamError } from './errors.js';

export type { Balance };

/** Consecutive failures that open an endpoint's circuit. */
const FAILURES_TO_OPEN = 3;

interface Endpoint extends EndpointStats {
  /** While the circuit is open: when it may be tried again (half-open). */
  openUntil?: number;
  /** When it last failed: until a cooldown later, endpoints without a failure go first. */
  failedAt?: number;
}

/**
 * Endpoints of one widget and their health: `failover` picks the first healthy one in
 * order, `round-robin` rotates over the healthy ones (every endpoint whose circuit is
 * closed: the rotation itself sends a Retry to the next one). Passive health comes from
 * real requests (`succeeded` / `failed`); consecutive failures open a circuit for a
 * cooldown, after which the endpoint is tried again (half-open) and closes on success.
 * Under failover a failure below that sets an endpoint behind the others until a health
 * check succeeds, or, when no check runs, for one cooldown: it returns either way.
 */
export class EndpointPool {
  #endpoints: Endpoint[] = [];
  #turn = 0;
  /** Whether active health checks run now (they then decide when a failed endpoint returns). */
  probing = false;

  constructor(
    public balance: Balance = 'failover',
    public cooldownMs = 30_000,
    private readonly now = () => Date.now(),
  ) {}

  /** Replaces the list, keeping what is known of endpoints that stay. */
  setUrls(urls: readonly string[]): void {
    const known = new Map(this.#endpoints.map((e) => [e.url, e]));
    this.#endpoints = urls.map((url) => known.get(url) ?? { url, healthy: true, consecutiveFailures: 0 });
  }

  get urls(): string[] {
    return this.#endpoints.map((e) => e.url);
  }

  get size(): number {
    return this.#endpoints.length;
  }

  /** The endpoint for the next attempt, skipping `exclude`; `undefined` when none is left. Advances round-robin. */
  pick(exclude: ReadonlySet<string> = new Set()): string | undefined {
    const candidates = this.#endpoints.filter((e) => !exclude.has(e.url));
    if (candidates.length === 0) return undefined;
    // While health checks run, an endpoint they found down waits for one to succeed: its
    // circuit's cooldown lets the next check probe it, not a request.
    const closed = candidates.filter((e) => this.#usable(e) && (e.healthy || !this.probing));
    // With every circuit open, the one whose cooldown ends first is still tried.
    if (!closed.length) return [...candidates].sort((a, b) => a.openUntil! - b.openUntil!)[0].url;
    if (this.balance === 'round-robin') return closed[this.#turn++ % closed.length].url;
    // Failover: endpoints without a recent failure first, so a Retry goes to the next one.
    const clean = closed.filter((e) => !this.#recentlyFailed(e));
    return (clean[0] ?? closed[0]).url;
  }

  /** Whether `pick(exclude)` would find an endpoint (without advancing round-robin). */
  hasCandidate(exclude: ReadonlySet<string> = new Set()): boolean {
    return this.#endpoints.some((e) => !exclude.has(e.url));
  }

  /**
   * Failed and not cleared yet: while health checks run, until one succeeds; without them
   * (turned off, a hidden tab, an element out of the page), for one cooldown.
   */
  #recentlyFailed(e: Endpoint): boolean {
    if (e.consecutiveFailures === 0) return false;
    return this.probing || (e.failedAt !== undefined && this.now() - e.failedAt < this.cooldownMs);
  }

  #usable(e: Endpoint): boolean {
    return e.openUntil === undefined || e.openUntil <= this.now();
  }

  succeeded(url: string, latencyMs?: number): void {
    const e = this.#find(url);
    if (!e) return;
    e.healthy = true;
    e.consecutiveFailures = 0;
    e.openUntil = e.failedAt = undefined;
    if (latencyMs !== undefined) e.latencyMs = Math.round(latencyMs);
    e.lastChecked = this.now();
  }

  /** Records a failure; `opensCircuit` (a failed health check) opens the circuit at once. */
  failed(url: string, error: StreamError, { opensCircuit = false } = {}): void {
    const e = this.#find(url);
    if (!e) return;
    e.consecutiveFailures++;
    e.lastError = error.toInfo();
    e.lastChecked = e.failedAt = this.now();
    if (opensCircuit || e.consecutiveFailures >= FAILURES_TO_OPEN || e.openUntil !== undefined) {
      e.healthy = false;
      e.openUntil = this.now() + this.cooldownMs;
    }
  }

  /** Endpoints a health check should probe now: every closed circuit, and open ones past their cooldown. */
  dueForProbe(): string[] {
    return this.#endpoints.filter((e) => this.#usable(e)).map((e) => e.url);
  }

  stats(): EndpointStats[] {
    return this.#endpoints.map(({ openUntil: _, failedAt: __, ...stats }) => ({ ...stats }));
  }

  #find(url: string): Endpoint | undefined {
    return this.#endpoints.find((e) => e.url === url);
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatConfig } from '../core/config.js';
import type { EndpointPool } from '../core/endpoint-pool.js';
import { toStreamError } from '../core/errors.js';
import { probe } from '../core/health-probe.js';

/** `healthInterval`: ms between checks (0 = off); `healthPath`: what is probed, relative to each endpoint. */
type HealthConfig = Pick<ChatConfig, 'healthInterval' | 'healthPath' | 'credentials'>;

/** A probe that takes longer than this counts as failed. */
const PROBE_TIMEOUT_MS = 5000;

/**
 * Active health checks of a pool of two or more endpoints: every `interval` ms each
 * endpoint whose circuit is closed, or open past its cooldown (half-open), is probed.
 * Nothing runs while the element is out of the document or the page is hidden.
 */
export class HealthController implements ReactiveController {
  #timer?: ReturnType<typeof setTimeout>;
  #inFlight?: AbortController;
  #connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly pool: EndpointPool,
    private readonly config: () => HealthConfig,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    document.addEventListener('visibilitychange', this.reschedule);
    this.reschedule();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.pool.probing = false;
    document.removeEventListener('visibilitychange', this.reschedule);
    this.#stopTimers();
  }

  /** Call when the endpoints or the interval change. */
  readonly reschedule = (): void => {
    this.#stopTimers();
    const interval = this.config().healthInterval;
    this.pool.probing = this.#connected && !document.hidden && interval > 0 && this.pool.size >= 2;
    if (!this.pool.probing) return;
    this.#timer = setTimeout(() => void this.#check(), interval);
  };

  #stopTimers(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#inFlight?.abort();
    this.#inFlight = undefined;
  }

  async #check(): Promise<void> {
    const { healthPath: path, credentials } = this.config();
    const run = (this.#inFlight = new AbortController());
    await Promise.all(
      this.pool.dueForProbe().map(async (url) => {
        try {
          const latency = await probe(url, path, PROBE_TIMEOUT_MS, credentials, run.signal);
          if (!run.signal.aborted) this.pool.succeeded(url, latency);
        } catch (error) {
          if (!run.signal.aborted) this.pool.failed(url, toStreamError(error), { opensCircuit: true });
        }
      }),
    );
    if (run.signal.aborted) return;
    this.#inFlight = undefined;
    this.host.requestUpdate();
    this.reschedule();
  }
}

// A guarded refresh loop: at most one request in flight, the next one scheduled
// only after the last has settled, and a growing delay while requests fail.

export interface RefresherOptions {
  intervalMs: number;
  /** Performs one refresh. Must reject on failure. */
  refresh: (signal: AbortSignal) => Promise<void>;
  onFailure?: (error: unknown, failures: number, retryInMs: number) => void;
  /** A request that takes longer than this is abandoned and counts as a failure. */
  timeoutMs?: number;
  maxBackoffMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export function backoffDelay(intervalMs: number, failures: number, maxBackoffMs: number): number {
  const base = Math.min(intervalMs, 1000);
  return Math.min(base * 2 ** Math.max(0, failures - 1), maxBackoffMs);
}

/**
 * How long one read may take. A read that must first open its connections costs more
 * than one that reuses them: over ssh each session starts a process on the manager, and
 * a first read opens eight at once. Abandoning it closes them, so a retry under the same
 * deadline pays the same again and, on a slow or loaded link, never lands. So the
 * console's first read gets three times the deadline, and each retry after a failure twice
 * the last, up to four times. After a move to another manager the first read keeps the
 * plain deadline: that manager may still be electing a leader, with reads that hang until
 * abandoned, and the console must retry soon after the election.
 */
export function readDeadlineMs(baseMs: number, fresh: boolean, failures: number): number {
  const retry = 2 ** Math.min(failures, 2);
  return baseMs * Math.max(fresh ? 3 : 1, retry);
}

export class Refresher {
  private timer: unknown;
  private inFlight = false;
  private again = false;
  private stopped = true;
  private failures = 0;
  /** No read has landed yet: the console's first read opens its connections (see readDeadlineMs). */
  private fresh = true;
  private current?: AbortController;
  private intervalMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: RefresherOptions) {
    this.intervalMs = options.intervalMs;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? (handle => clearTimeout(handle as NodeJS.Timeout));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer(this.timer);
    this.timer = undefined;
  }

  /**
   * Changes the delay between good refreshes (a rollout asks for a faster
   * pace, then gives it back). A shorter delay takes effect at once, not
   * after the longer wait already scheduled; backoff after failures keeps the
   * configured interval as its base.
   */
  setInterval(ms: number): void {
    const shorter = ms < this.intervalMs;
    this.intervalMs = ms;
    if (shorter && !this.stopped && !this.inFlight && this.timer !== undefined) {
      this.clearTimer(this.timer);
      this.timer = this.setTimer(() => void this.tick(), ms);
    }
  }

  get currentIntervalMs(): number {
    return this.intervalMs;
  }

  /** Refresh as soon as possible; a call during a request queues exactly one more. */
  refreshNow(): void {
    if (this.stopped) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.clearTimer(this.timer);
    void this.tick();
  }

  /**
   * Gives up on the refresh under way, whose engine was left behind (the console
   * moved to another manager), and refreshes anew at once.
   */
  restartNow(): void {
    if (this.stopped) return;
    // The backoff was the old manager's; the new one starts afresh.
    this.failures = 0;
    if (this.inFlight && this.current) {
      this.again = true;
      this.current.abort(new Error('moved to another manager'));
      return;
    }
    this.refreshNow();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.inFlight) return;
    this.inFlight = true;
    this.timer = undefined;
    const controller = new AbortController();
    this.current = controller;
    const timeoutMs = readDeadlineMs(this.options.timeoutMs ?? Math.max(5000, this.options.intervalMs * 3), this.fresh, this.failures);
    const watchdog = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs / 1000}s`)), timeoutMs);
    // The loop must go on even when a request ignores its abort signal (a manager
    // whose raft has no quorum can hold a connection open indefinitely).
    const abandoned = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {once: true});
    });
    abandoned.catch(() => {});
    let delay: number;
    try {
      await Promise.race([this.options.refresh(controller.signal), abandoned]);
      this.failures = 0;
      this.fresh = false;
      delay = this.intervalMs;
    } catch (error) {
      this.failures += 1;
      delay = backoffDelay(this.options.intervalMs, this.failures, this.options.maxBackoffMs ?? 8000);
      this.options.onFailure?.(controller.signal.aborted ? controller.signal.reason : error, this.failures, delay);
    } finally {
      clearTimeout(watchdog);
      this.inFlight = false;
    }
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      void this.tick();
      return;
    }
    this.timer = this.setTimer(() => void this.tick(), delay);
  }
}

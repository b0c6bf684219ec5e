// Keeps a subscription to the engine's event stream and turns bursts of events
// into one prompt refresh. While the stream is down the poll carries the
// console; the watcher reconnects with a growing delay and says where it is.

import type {EngineEvent, EventSource} from '../docker/events.js';
import {describeError} from '../docker/errors.js';
import {AnswerLimitError} from '../docker/limits.js';

export interface EventLinkState {
  status: 'connecting' | 'up' | 'down';
  /** Why the stream is down, in the engine's or the socket's words. */
  error?: string;
  /** Set when it went down because a line passed its cap (docker/limits.ts): the message naming it. */
  overCap?: string;
  /** When the next attempt is due (ms since epoch), while down. */
  retryAt?: number;
  /** Events received since start. */
  received: number;
}

export interface EventWatcherOptions {
  source: EventSource;
  /** Called once per burst of events, and after each (re)connection to catch up on what was missed. */
  onChange: (events: readonly EngineEvent[]) => void;
  onState?: (state: EventLinkState) => void;
  /** How long to gather a burst before refreshing. */
  coalesceMs?: number;
  minRetryMs?: number;
  maxRetryMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export const DEFAULT_COALESCE_MS = 30;

export function retryDelay(failures: number, minMs: number, maxMs: number): number {
  return Math.min(minMs * 2 ** Math.max(0, failures - 1), maxMs);
}

export class EventWatcher {
  private controller?: AbortController;
  private stopped = true;
  private failures = 0;
  private received = 0;
  private retryTimer: unknown;
  private burstTimer: unknown;
  private burst: EngineEvent[] = [];
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly now: () => number;

  constructor(private readonly options: EventWatcherOptions) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? (handle => clearTimeout(handle as NodeJS.Timeout));
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort(new Error('stopped'));
    this.controller = undefined;
    this.clearTimer(this.retryTimer);
    this.clearTimer(this.burstTimer);
    this.retryTimer = undefined;
    this.burstTimer = undefined;
    this.burst = [];
  }

  /**
   * Reopens the stream now rather than when the backoff says (the console has
   * just moved to another manager). An open stream is closed and reopened.
   */
  reconnectNow(): void {
    if (this.stopped) return;
    this.clearTimer(this.retryTimer);
    this.retryTimer = undefined;
    this.controller?.abort(new Error('reconnecting'));
    this.controller = undefined;
    void this.connect();
  }

  private report(state: Omit<EventLinkState, 'received'>): void {
    this.options.onState?.({...state, received: this.received});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.retryTimer = undefined;
    const controller = new AbortController();
    this.controller = controller;
    // After a failure the stream stays "down" until an attempt succeeds: the header must not flicker.
    if (this.failures === 0) this.report({status: 'connecting'});
    let failure: unknown = new Error('the engine ended the event stream');
    try {
      const events = await this.options.source.openEvents(controller.signal);
      if (controller.signal.aborted) return;
      this.failures = 0;
      this.report({status: 'up'});
      // Whatever changed while the stream was down (or before it came up) shows now.
      this.options.onChange([]);
      for await (const event of events) {
        if (controller.signal.aborted) return;
        this.received += 1;
        this.collect(event);
      }
    } catch (error) {
      failure = error;
    }
    if (this.stopped || controller.signal.aborted) return;
    controller.abort();
    this.failures += 1;
    const delay = retryDelay(this.failures, this.options.minRetryMs ?? 500, this.options.maxRetryMs ?? 15_000);
    const overCap = failure instanceof AnswerLimitError && failure.limit === 'cap' ? {overCap: failure.message} : {};
    this.report({status: 'down', error: describeError(failure), retryAt: this.now() + delay, ...overCap});
    this.retryTimer = this.setTimer(() => void this.connect(), delay);
  }

  private collect(event: EngineEvent): void {
    this.burst.push(event);
    if (this.burstTimer !== undefined) return;
    this.burstTimer = this.setTimer(() => {
      this.burstTimer = undefined;
      const events = this.burst;
      this.burst = [];
      if (!this.stopped) this.options.onChange(events);
    }, this.options.coalesceMs ?? DEFAULT_COALESCE_MS);
  }
}

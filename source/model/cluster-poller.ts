// The loop that keeps the cluster store fed: each turn plans a read (read-plan.ts), and the
// swarm cache (swarm-cache.ts) reads and applies it. Around it: prompt reads on engine
// events (early-reads.ts), and the entry points the app calls.
import type {EngineEvent} from '../docker/events.js';
import {describeError} from '../docker/errors.js';
import {applyFailure} from './cluster-store.js';
import {EarlyReads} from './early-reads.js';
import {LIVE_READ_MS, type LiveWindows} from './live-window.js';
import {Refresher} from './refresher.js';
import {SwarmCache, type SwarmCacheOptions} from './swarm-cache.js';

export {EARLY_READ_MS_PER_OBJECT, ROLLOUT_INTERVAL_MS, earlyReadGapMs, rolloutActive} from './swarm-cache.js';

export type ClusterPollerOptions = Omit<SwarmCacheOptions, 'now'> & {now?: () => number};

export class ClusterPoller {
  private readonly refresher: Refresher;
  private readonly cache: SwarmCache;
  private readonly early: EarlyReads;

  constructor(options: ClusterPollerOptions) {
    const now = options.now ?? Date.now;
    this.cache = new SwarmCache({...options, now});
    this.early = new EarlyReads(
      () => this.cache.earlyReadWaitMs(),
      () => this.readSoon(),
    );
    this.refresher = new Refresher({
      intervalMs: options.intervalMs,
      refresh: async signal => {
        const plan = this.cache.plan();
        // Only a refresh counts as the read an event waits for; a live read of one service does not.
        if (plan.kind === 'refresh') await this.early.around(() => this.cache.carryOut(plan, signal));
        else await this.cache.carryOut(plan, signal);
        this.refresher.setInterval(this.cache.nextDelayMs());
      },
      onFailure: (error, _failures, retryInMs) => applyFailure(options.store, describeError(error), now(), now() + retryInMs),
    });
  }

  /** The services in a live window (see live-window.ts). */
  get live(): LiveWindows {
    return this.cache.live.windows;
  }

  start(): void {
    this.refresher.start();
  }

  stop(): void {
    this.cache.stop();
    this.refresher.stop();
    this.early.stop();
  }

  /** Engine events: a refresh at once, or after the early-read gap on a big swarm; a moving service is read live meanwhile. */
  refreshOnChange(events: readonly EngineEvent[] = []): void {
    if (this.cache.note(events)) this.hurry();
    this.early.ask();
  }

  /** This console sent a change to a service: it is read live until it settles. */
  noteServiceChange(serviceId: string): void {
    if (this.cache.live.open(serviceId, true)) this.hurry();
  }

  /** Container events from a node's engine (start, die, health): their services are read live now, and until they settle. */
  noteContainerEvents(events: readonly EngineEvent[]): void {
    if (this.cache.live.openForContainers(events)) this.refresher.refreshNow();
  }

  private hurry(): void {
    if (this.refresher.currentIntervalMs > LIVE_READ_MS) this.refresher.setInterval(LIVE_READ_MS);
  }

  /** Refresh as soon as possible, tasks and the whole services and nodes lists included; every task change shows. */
  refreshNow(): void {
    this.cache.lists.wantWhole();
    this.cache.forcePublish = true;
    this.readSoon();
  }

  private readSoon(): void {
    this.cache.refreshWanted = true;
    this.cache.forceTasks = true;
    this.refresher.refreshNow();
  }

  /** Drops a refresh under way (its manager was left behind) and refreshes at once, tasks included. */
  restartNow(): void {
    this.cache.restart();
    this.refresher.restartNow();
  }

  /** Reads just the tasks the pane now needs (a pane switch, a drill-down), without waiting for a refresh. */
  refreshTasks(): void {
    if (!this.cache.readPaneTasks()) this.refreshNow();
  }
}

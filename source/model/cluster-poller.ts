// The loop that keeps the cluster store fed: each turn plans a read (read-plan.ts), and the
// swarm cache (swarm-cache.ts) reads and applies it. Around it: the refresh pace, prompt
// reads on engine events, and the entry points the app calls.
import type {ReadOnlySwarmClient} from '../docker/client.js';
import type {EngineEvent} from '../docker/events.js';
import type {TaskScope} from '../docker/types.js';
import {applyFailure, type ClusterStore} from './cluster-store.js';
import {describeError} from '../docker/errors.js';
import {LIVE_READ_MS, type LiveWindows} from './live-window.js';
import {Refresher} from './refresher.js';
import {SwarmCache, earlyReadGapMs} from './swarm-cache.js';

export {EARLY_READ_MS_PER_OBJECT, earlyReadGapMs, rolloutActive} from './swarm-cache.js';

export interface ClusterPollerOptions {
  client: ReadOnlySwarmClient;
  store: ClusterStore;
  intervalMs: number;
  /** The pace while a service is rolling out or back (the docker CLI polls about this often then). */
  rolloutIntervalMs?: number;
  now?: () => number;
  /** Which tasks each refresh reads: what the pane on screen needs (default every task; see task-pacing.ts). */
  taskScope?: () => TaskScope;
  /** Keep every task in memory after one full read, and then read only what moved (see task-sync.ts). */
  incremental?: boolean;
}

export const ROLLOUT_INTERVAL_MS = 250;

export class ClusterPoller {
  private readonly refresher: Refresher;
  private readonly cache: SwarmCache;
  private readonly now: () => number;
  private changeTimer?: ReturnType<typeof setTimeout>;
  private reading = false;
  private changedDuringRead = false;

  constructor(private readonly options: ClusterPollerOptions) {
    const now = (this.now = options.now ?? Date.now);
    this.cache = new SwarmCache({...options, now});
    this.refresher = new Refresher({
      intervalMs: options.intervalMs,
      refresh: async signal => {
        const plan = this.cache.plan();
        this.reading = plan.kind === 'refresh';
        let snapshot;
        try {
          snapshot = await this.cache.carryOut(plan, signal);
        } finally {
          this.reading = false;
        }
        if (snapshot) {
          // An event during the read: one more, by the same rule (the read may have started before the change).
          if (this.changedDuringRead) {
            this.changedDuringRead = false;
            this.readOnChange();
          }
          // A big swarm's reads keep the rollout pace no faster than its early-read gap.
          const rolloutMs = Math.min(Math.max(options.rolloutIntervalMs ?? ROLLOUT_INTERVAL_MS, earlyReadGapMs(this.cache.lastReadMs, this.cache.lastListed)), options.intervalMs);
          this.cache.paceMs = this.cache.rolloutPace(snapshot) ? rolloutMs : options.intervalMs;
        }
        // The next read: at the refresh pace, or the live pace while a window is open.
        const untilRefresh = Math.max(0, this.cache.lastReadEnd + this.cache.paceMs - now());
        this.refresher.setInterval(this.cache.live.windows.size > 0 ? Math.min(LIVE_READ_MS, untilRefresh) : untilRefresh);
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
    clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
  }

  /**
   * Something changed (engine events): refresh at once, unless a read just ended on a swarm where
   * reads are slow or big; then no sooner than earlyReadGapMs after it, so a steady flow of events
   * keeps the console reading a third of the time at most. A moving service is read live meanwhile.
   */
  refreshOnChange(events: readonly EngineEvent[] = []): void {
    if (this.cache.note(events)) this.hurry();
    this.readOnChange();
  }

  private readOnChange(): void {
    if (this.reading) {
      this.changedDuringRead = true;
      return;
    }
    const wait = this.cache.lastReadEnd + Math.min(earlyReadGapMs(this.cache.lastReadMs, this.cache.lastListed), this.options.intervalMs) - this.now();
    if (wait <= 0) return this.readSoon();
    this.changeTimer ??= setTimeout(() => {
      this.changeTimer = undefined;
      this.readSoon();
    }, wait);
  }

  /** This console sent a change to a service: it is read live until it settles. */
  noteServiceChange(serviceId: string): void {
    if (this.cache.live.open(serviceId, true)) this.hurry();
  }

  /** Container events from a node's engine (start, die, health): their services are read live now, and until they settle. */
  noteContainerEvents(events: readonly EngineEvent[]): void {
    if (this.cache.live.openForContainers(events)) this.refresher.refreshNow();
  }

  /** A window just opened: the next read comes at the live pace. */
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

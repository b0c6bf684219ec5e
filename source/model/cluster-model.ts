import {readSnapshot, type SwarmClient} from '../docker/client.js';
import type {SwarmSnapshot} from '../docker/types.js';
import {applyFailure, applySnapshot, type ClusterStore} from './cluster-store.js';
import {Refresher} from './refresher.js';
import {describeError} from './errors.js';

export interface ClusterModelOptions {
  client: SwarmClient;
  store: ClusterStore;
  intervalMs: number;
  /** The pace while a service is rolling out or back (the docker CLI polls about this often then). */
  rolloutIntervalMs?: number;
  now?: () => number;
}

export const ROLLOUT_INTERVAL_MS = 250;

/** True while the engine is replacing some service's tasks: task states change by the second then. */
export function rolloutActive(snapshot: SwarmSnapshot): boolean {
  return snapshot.services.some(service => {
    const state = service.UpdateStatus?.State;
    return state === 'updating' || state === 'rollback_started';
  });
}

/** Keeps the cluster store fed from the engine. */
export class ClusterModel {
  private readonly refresher: Refresher;
  private readonly now: () => number;
  private lastReadMs = 0;
  private lastReadEnd = 0;
  private changeTimer?: ReturnType<typeof setTimeout>;
  private reading = false;
  private changedDuringRead = false;

  constructor(options: ClusterModelOptions) {
    const now = options.now ?? Date.now;
    this.now = now;
    this.refresher = new Refresher({
      intervalMs: options.intervalMs,
      refresh: async signal => {
        const startedAt = now();
        this.reading = true;
        let snapshot: SwarmSnapshot;
        try {
          snapshot = await readSnapshot(options.client, signal);
        } finally {
          this.reading = false;
        }
        applySnapshot(options.store, snapshot, now());
        // On a big swarm a read can take longer than the rollout pace: then wait at least twice as
        // long as a read takes, so the faster pace never has the console reading more than a third
        // of the time (and a swarm whose reads take a second keeps the normal pace).
        const readMs = now() - startedAt;
        this.lastReadMs = readMs;
        this.lastReadEnd = now();
        if (this.changedDuringRead) {
          // This read may have started before the change: one more, by the same rule.
          this.changedDuringRead = false;
          this.refreshOnChange();
        }
        const rolloutMs = Math.min(Math.max(options.rolloutIntervalMs ?? ROLLOUT_INTERVAL_MS, 2 * readMs), options.intervalMs);
        this.refresher.setInterval(rolloutActive(snapshot) ? rolloutMs : options.intervalMs);
      },
      onFailure: (error, _failures, retryInMs) => {
        applyFailure(options.store, describeError(error), now(), now() + retryInMs);
      },
    });
  }

  start(): void {
    this.refresher.start();
  }

  stop(): void {
    this.refresher.stop();
    clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
  }

  /**
   * Something changed (an engine event): refresh at once, unless a read just
   * ended on a swarm where reads are slow. Then it waits until twice the last
   * read's time has passed, so a steady flow of events keeps the console
   * reading at most a third of the time. On a small swarm that wait is a few
   * milliseconds at most.
   */
  refreshOnChange(): void {
    if (this.reading) {
      this.changedDuringRead = true;
      return;
    }
    const wait = this.lastReadEnd + 2 * this.lastReadMs - this.now();
    if (wait <= 0) {
      this.refresher.refreshNow();
      return;
    }
    this.changeTimer ??= setTimeout(() => {
      this.changeTimer = undefined;
      this.refresher.refreshNow();
    }, wait);
  }

  refreshNow(): void {
    this.refresher.refreshNow();
  }
}

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

  constructor(options: ClusterModelOptions) {
    const now = options.now ?? Date.now;
    this.refresher = new Refresher({
      intervalMs: options.intervalMs,
      refresh: async signal => {
        const startedAt = now();
        const snapshot = await readSnapshot(options.client, signal);
        applySnapshot(options.store, snapshot, now());
        // On a big swarm a read can take longer than the rollout pace: then wait at least as long
        // as a read takes, so the console never spends more than half its time reading.
        const readMs = now() - startedAt;
        const rolloutMs = Math.min(Math.max(options.rolloutIntervalMs ?? ROLLOUT_INTERVAL_MS, readMs), options.intervalMs);
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
  }

  refreshNow(): void {
    this.refresher.refreshNow();
  }
}

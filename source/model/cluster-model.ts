import {readSnapshot, type SwarmClient} from '../docker/client.js';
import type {TaskScope} from '../docker/types.js';
import {applyFailure, applySnapshot, type ClusterStore} from './cluster-store.js';
import {Refresher} from './refresher.js';
import {describeError} from './errors.js';

export interface ClusterModelOptions {
  client: SwarmClient;
  store: ClusterStore;
  intervalMs: number;
  now?: () => number;
  /** Which tasks each refresh reads: what the pane on screen needs. Default every task. */
  taskScope?: () => TaskScope;
}

/** Keeps the cluster store fed from the engine. */
export class ClusterModel {
  private readonly refresher: Refresher;

  constructor(options: ClusterModelOptions) {
    const now = options.now ?? Date.now;
    this.refresher = new Refresher({
      intervalMs: options.intervalMs,
      refresh: async signal => {
        const snapshot = await readSnapshot(options.client, signal, options.taskScope?.());
        applySnapshot(options.store, snapshot, now());
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

import {readSnapshot, type SwarmClient} from '../docker/client.js';
import type {TaskScope} from '../docker/types.js';
import {applyFailure, applySnapshot, applyTasks, type ClusterStore} from './cluster-store.js';
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
  private tasksRead?: AbortController;

  constructor(private readonly options: ClusterModelOptions) {
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
    this.tasksRead?.abort();
    this.refresher.stop();
  }

  refreshNow(): void {
    this.refresher.refreshNow();
  }

  /**
   * Reads just the tasks the pane now needs (a pane switch, a drill-down) and puts
   * them in the last snapshot, without waiting for or re-reading nodes and services.
   * A newer call supersedes an older one; a failure is left to the next refresh to report.
   */
  refreshTasks(): void {
    const {client, store, taskScope} = this.options;
    if (!taskScope || !store.getState().snapshot) return this.refreshNow();
    const scope = taskScope();
    this.tasksRead?.abort();
    const controller = new AbortController();
    this.tasksRead = controller;
    client.tasks.list(controller.signal, scope).then(
      tasks => {
        if (!controller.signal.aborted) applyTasks(store, tasks, scope);
      },
      () => {},
    );
  }
}

import {readSnapshot, type SwarmClient} from '../docker/client.js';
import type {TaskScope} from '../docker/types.js';
import {applyFailure, applySnapshot, applyTasks, sameTaskScope, type ClusterStore} from './cluster-store.js';
import {type TaskRead, tasksDue} from './task-pacing.js';
import {Refresher} from './refresher.js';
import {describeError} from './errors.js';

export interface ClusterModelOptions {
  client: SwarmClient;
  store: ClusterStore;
  intervalMs: number;
  now?: () => number;
  /**
   * Which tasks each refresh reads: what the pane on screen needs. Default every
   * task, every refresh. With it, timer refreshes re-read the same scope's tasks
   * at a pace set by their cost (see task-pacing.ts); refreshNow() always reads them.
   */
  taskScope?: () => TaskScope;
}

/** Keeps the cluster store fed from the engine. */
export class ClusterModel {
  private readonly refresher: Refresher;
  private tasksRead?: AbortController;
  private lastTaskRead?: TaskRead;
  private forceTasks = false;

  constructor(private readonly options: ClusterModelOptions) {
    const now = options.now ?? Date.now;
    this.refresher = new Refresher({
      intervalMs: options.intervalMs,
      refresh: async signal => {
        const scope = options.taskScope?.();
        const previous = options.store.getState().snapshot;
        const keepTasks =
          scope !== undefined &&
          previous !== undefined &&
          !this.forceTasks &&
          sameTaskScope(previous.taskScope, scope) &&
          !tasksDue(this.lastTaskRead, now(), options.intervalMs);
        this.forceTasks = false;
        const started = now();
        const snapshot = await readSnapshot(options.client, signal, keepTasks ? {kind: 'none'} : scope);
        if (keepTasks && snapshot.taskScope?.kind === 'none') {
          applySnapshot(options.store, {...snapshot, tasks: previous.tasks, taskScope: previous.taskScope ?? {kind: 'all'}}, now());
          return;
        }
        this.lastTaskRead = {at: now(), ms: now() - started};
        // The pane changed while this read was under way, and its own tasks were read
        // meanwhile (refreshTasks): keep those rather than the superseded scope's.
        const wanted = options.taskScope?.();
        const latest = options.store.getState().snapshot;
        if (wanted && latest && !sameTaskScope(snapshot.taskScope, wanted) && sameTaskScope(latest.taskScope, wanted)) {
          applySnapshot(options.store, {...snapshot, tasks: latest.tasks, taskScope: wanted}, now());
          return;
        }
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

  /** Refresh as soon as possible, tasks included. */
  refreshNow(): void {
    this.forceTasks = true;
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
    const now = this.options.now ?? Date.now;
    const scope = taskScope();
    this.tasksRead?.abort();
    const controller = new AbortController();
    this.tasksRead = controller;
    const started = now();
    client.tasks.list(controller.signal, scope).then(
      tasks => {
        if (controller.signal.aborted) return;
        this.lastTaskRead = {at: now(), ms: now() - started};
        applyTasks(store, tasks, scope);
      },
      () => {},
    );
  }
}

// Which tasks a refresh reads, decided by the pane on screen. Reading every task of
// a large swarm each refresh is tens of megabytes of JSON; most panes need few or none.
import {type Frame, topFrame} from '../shell/navigation.js';
import type {UiStore} from '../shell/ui-store.js';
import type {SwarmSnapshot, TaskScope} from '../docker/types.js';
import {type ClusterStore, sameTaskScope} from '../model/cluster-store.js';
import {type TaskDemand, noTaskDemand} from './panes/pane.js';
import {paneOf} from './panes/registry.js';

/** Which tasks a refresh reads while `frame` shows: its pane's answer. */
export function taskDemand(frame: Frame, snapshot: SwarmSnapshot | undefined): TaskDemand {
  return paneOf(frame.view).taskDemand?.(frame, snapshot) ?? noTaskDemand();
}

/** Whether tasks read for `scope` (undefined: all) are every task `frame` lists. */
export function scopeCovers(scope: TaskScope | undefined, frame: Frame): boolean {
  const pane = paneOf(frame.view);
  return !scope || !pane.coveredBy || pane.coveredBy(scope, frame);
}

/** How long the selection must rest on a service before its tasks are read ahead of the next refresh. */
export const SELECTION_SETTLE_MS = 250;

/**
 * Reads the tasks a pane needs as soon as the user opens it (a pane switch, a
 * drill-down), rather than at the next refresh; the services pane's selection is
 * followed once it rests (and right after the first load). Returns the unsubscribe function.
 */
export function followTaskDemand(ui: UiStore, cluster: ClusterStore, readTasks: () => void, settleMs = SELECTION_SETTLE_MS): () => void {
  let lastFrame: Frame | undefined;
  let lastSnapshot: SwarmSnapshot | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    const frame = topFrame(ui.getState().stack);
    const snapshot = cluster.getState().snapshot;
    if (frame === lastFrame && snapshot === lastSnapshot) return;
    lastFrame = frame;
    lastSnapshot = snapshot;
    clearTimeout(timer);
    if (!snapshot) return;
    const demand = taskDemand(frame, snapshot);
    if (demand.urgent) {
      if (!scopeCovers(snapshot.taskScope, frame)) readTasks();
    } else if (!sameTaskScope(demand.scope, snapshot.taskScope)) {
      timer = setTimeout(readTasks, settleMs);
    }
  };
  const unsubscribeUi = ui.subscribe(check);
  const unsubscribeCluster = cluster.subscribe(check);
  return () => {
    clearTimeout(timer);
    unsubscribeUi();
    unsubscribeCluster();
  };
}

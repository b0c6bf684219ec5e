// Which tasks a refresh reads, decided by the pane on screen. Reading every task of
// a large swarm each refresh is tens of megabytes of JSON; most panes need few or none.
import {type Frame, selectedIndex, topFrame} from '../shell/navigation.js';
import type {UiStore} from '../shell/ui-store.js';
import type {SwarmSnapshot, TaskScope} from '../docker/types.js';
import {type ClusterStore, sameTaskScope} from '../model/cluster-store.js';
import {listRows, rowIds} from './resource-spec.js';
import {servicesView} from './services.js';

export interface TaskDemand {
  scope: TaskScope;
  /**
   * The pane cannot be drawn right without these tasks: read them now rather than
   * at the next refresh. The services pane's need (the selected service's tasks, for
   * its error line) follows the selection and is not urgent.
   */
  urgent: boolean;
}

export function taskDemand(frame: Frame, snapshot: SwarmSnapshot | undefined): TaskDemand {
  switch (frame.view) {
    case 'nodes':
      return {scope: {kind: 'running'}, urgent: true};
    case 'tasks':
      if (frame.scope?.serviceId) return {scope: {kind: 'service', serviceId: frame.scope.serviceId}, urgent: true};
      if (frame.scope?.nodeId) return {scope: {kind: 'node', nodeId: frame.scope.nodeId}, urgent: true};
      return {scope: {kind: 'all'}, urgent: true};
    case 'rollout':
      // A rollout's slots are its service's tasks, watched as they change.
      return frame.scope?.serviceId ? {scope: {kind: 'service', serviceId: frame.scope.serviceId}, urgent: true} : {scope: {kind: 'all'}, urgent: true};
    case 'stacks':
    case 'networks':
    case 'secrets':
    case 'configs':
      // Counted from the services' own task counts: no task is read for these panes.
      return {scope: {kind: 'none'}, urgent: false};
    case 'services': {
      if (!snapshot) return {scope: {kind: 'none'}, urgent: false};
      const rows = listRows(servicesView, snapshot, frame);
      const selected = rows[selectedIndex(rowIds(servicesView, rows), frame)];
      return {scope: selected ? {kind: 'service', serviceId: selected.ID} : {kind: 'none'}, urgent: false};
    }
  }
}

/** Whether tasks read for `scope` (undefined: all) are every task `frame` lists. */
export function scopeCovers(scope: TaskScope | undefined, frame: Frame): boolean {
  if (!scope || scope.kind === 'all') return true;
  switch (frame.view) {
    case 'services':
    case 'stacks':
    case 'networks':
    case 'secrets':
    case 'configs':
      return true;
    case 'nodes':
      return scope.kind === 'running';
    case 'rollout':
    case 'tasks':
      if (frame.scope?.serviceId) return scope.kind === 'service' && scope.serviceId === frame.scope.serviceId;
      if (frame.scope?.nodeId) return scope.kind === 'node' && scope.nodeId === frame.scope.nodeId;
      return false;
  }
}

/** How long the selection must rest on a service before its tasks are read ahead of the next refresh. */
export const SELECTION_SETTLE_MS = 250;

/**
 * Reads the tasks a pane needs as soon as the user opens it (a pane switch, a
 * drill-down), rather than at the next refresh; the services pane's selection is
 * followed once it rests (and right after the first load). Returns the unsubscribe function.
 */
export function followTaskDemand(
  ui: UiStore,
  cluster: ClusterStore,
  readTasks: () => void,
  settleMs = SELECTION_SETTLE_MS,
): () => void {
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

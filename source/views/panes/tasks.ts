import type {SwarmTask} from '../../docker/types.js';
import {type ClusterIndex, indexSnapshot} from '../../model/cluster-index.js';
import {naturalCompare} from '../../model/natural-compare.js';
import {taskExplanation} from '../../render/explain.js';
import {nodeName} from '../../render/nodes.js';
import {
  type TaskEntry,
  groupIntoSlots,
  isRetiredSlot,
  taskColumns,
  taskName,
  taskSearchText,
  taskSortShortcuts,
} from '../../render/tasks.js';
import {type Frame, selectedIndex} from '../../shell/navigation.js';
import {type PaneDescriptor, frameService, isReady, listRows, rowIds, scopedTasksCovered} from './pane.js';
import {historyBinding, rolloutBinding} from './reading-keys.js';
import {describeTaskDocument, taskDocumentScope} from './task-document.js';

function tasksInScope(tasks: readonly SwarmTask[], index: ClusterIndex, frame: Frame): readonly SwarmTask[] {
  if (frame.scope?.serviceId) return index.tasksByService.get(frame.scope.serviceId) ?? [];
  if (frame.scope?.nodeId) return index.tasksByNode.get(frame.scope.nodeId) ?? [];
  return tasks;
}

// A slot's past tasks, found again from the head without regrouping.
const pastBySlotHead = new WeakMap<SwarmTask, SwarmTask[]>();

export const tasksPane: PaneDescriptor<TaskEntry> = {
  kind: 'tasks',
  noun: 'tasks',
  aliases: ['tasks', 'task', 'ta', 'ps'],
  columns: taskColumns,
  sortShortcuts: taskSortShortcuts,
  heads: (snapshot, index, frame) => {
    const slots = groupIntoSlots(tasksInScope(snapshot.tasks, index, frame), index).filter(
      slot => frame.showHistory || !isRetiredSlot(slot),
    );
    for (const slot of slots) pastBySlotHead.set(slot.current, slot.past);
    return slots
      .map(slot => ({entry: {task: slot.current, history: false}, name: taskName(slot.current, index)}))
      .sort((a, b) => naturalCompare(a.name, b.name))
      .map(named => named.entry);
  },
  children: (head, frame) =>
    frame.showHistory ? (pastBySlotHead.get(head.task) ?? []).map(task => ({task, history: true})) : [],
  id: entry => entry.task.ID,
  searchText: (entry, index) => taskSearchText(entry, index),
  // A task pane lists exactly the tasks in its scope, all of them.
  taskDemand: frame => {
    if (frame.scope?.serviceId) return {scope: {kind: 'service', serviceId: frame.scope.serviceId}, urgent: true};
    if (frame.scope?.nodeId) return {scope: {kind: 'node', nodeId: frame.scope.nodeId}, urgent: true};
    return {scope: {kind: 'all'}, urgent: true};
  },
  coveredBy: scopedTasksCovered,
  ready: (snapshot, frame) => !snapshot.taskScope || scopedTasksCovered(snapshot.taskScope, frame),
  crumb: (frame, index) => {
    if (frame.scope?.serviceId) {
      const service = index?.servicesById.get(frame.scope.serviceId);
      return `tasks of ${service?.Spec.Name ?? frame.scope.serviceId.slice(0, 12)}`;
    }
    if (frame.scope?.nodeId) {
      return `tasks on ${nodeName(index?.nodesById.get(frame.scope.nodeId)) || frame.scope.nodeId.slice(0, 12)}`;
    }
    return 'tasks';
  },
  emptyText: frame => {
    if (frame.scope?.serviceId) return 'This service has no tasks';
    if (frame.scope?.nodeId) return 'No tasks on this node';
    return 'No tasks in this swarm';
  },
  logTarget: entry => ({kind: 'task', id: entry.task.ID}),
  // Actions here are about the service whose tasks are listed, or the selected task's.
  targets: (entry, frame, index) => {
    const serviceId = frame.scope?.serviceId ?? entry?.task.ServiceID;
    return {service: serviceId ? index.servicesById.get(serviceId) : frameService(frame, index)};
  },
  bindings: [historyBinding, rolloutBinding],
  document: {
    noun: 'task',
    find: (snapshot, id) => {
      const task = snapshot.tasks.find(candidate => candidate.ID === id);
      if (!task) return undefined;
      const index = indexSnapshot(snapshot);
      return {name: taskName(task, index), describe: () => describeTaskDocument(task, snapshot, index, Date.now()), raw: () => task};
    },
    // The slot's history needs the service's tasks, which a pane of one node's tasks lacks.
    scope: (snapshot, id) => {
      const task = snapshot.tasks.find(candidate => candidate.ID === id);
      return task ? taskDocumentScope(snapshot, task) : undefined;
    },
  },
  // Why the selected task is pending, node by node, or how its slot crash-loops.
  summary: (frame, ctx, width) => {
    const snapshot = ctx.index.snapshot;
    if (!snapshot || !isReady(tasksPane, snapshot, frame)) return [];
    const rows = listRows(tasksPane, snapshot, frame);
    const entry = rows[selectedIndex(rowIds(tasksPane, rows), frame)];
    return entry && !entry.history ? taskExplanation(entry.task, taskName(entry.task, ctx.index), ctx, width) : [];
  },
  detail: ({task}, ctx) => (task.Status.Err ? `${taskName(task, ctx.index)} error: ${task.Status.Err}` : undefined),
};

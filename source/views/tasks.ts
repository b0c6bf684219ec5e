import type {Frame} from '../shell/navigation.js';
import type {SwarmTask} from '../docker/types.js';
import type {ClusterIndex} from '../model/cluster-index.js';
import {nodeName} from '../render/nodes.js';
import {
  type TaskEntry,
  groupIntoSlots,
  isRetiredSlot,
  taskColumns,
  taskName,
  taskSearchText,
  taskSortShortcuts,
} from '../render/tasks.js';
import {naturalCompare} from '../model/natural-compare.js';
import type {ResourceViewSpec} from './resource-spec.js';
import {scopeCovers} from './task-demand.js';

function tasksInScope(tasks: readonly SwarmTask[], index: ClusterIndex, frame: Frame): readonly SwarmTask[] {
  if (frame.scope?.serviceId) return index.tasksByService.get(frame.scope.serviceId) ?? [];
  if (frame.scope?.nodeId) return index.tasksByNode.get(frame.scope.nodeId) ?? [];
  return tasks;
}

// A slot's past tasks, found again from the head without regrouping.
const pastBySlotHead = new WeakMap<SwarmTask, SwarmTask[]>();

export const tasksView: ResourceViewSpec<TaskEntry> = {
  view: 'tasks',
  noun: 'tasks',
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
  ready: (snapshot, frame) => scopeCovers(snapshot.taskScope, frame),
  id: entry => entry.task.ID,
  logTarget: entry => ({kind: 'task', id: entry.task.ID}),
  searchText: (entry, index) => taskSearchText(entry, index),
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
  detail: ({task}, ctx) => (task.Status.Err ? `${taskName(task, ctx.index)} error: ${task.Status.Err}` : undefined),
};

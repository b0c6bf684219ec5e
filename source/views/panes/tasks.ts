import {indexSnapshot} from '../../model/cluster-index.js';
import {taskExplanation} from '../../render/explain.js';
import {nodeName} from '../../render/nodes.js';
import {type TaskEntry, taskColumns, taskName, taskSearchText, taskSortShortcuts} from '../../render/tasks.js';
import {selectedIndex} from '../../shell/navigation.js';
import {type PaneDescriptor, frameService, isReady, listRows, rowIds, scopedTasksCovered} from './pane.js';
import {historyBinding, rolloutBinding} from './reading-keys.js';
import {allSlotHeads, pastOfSlot, serviceSlotHeads, slotHeads} from './task-slots.js';
import {describeTaskDocument, taskDocumentScope} from './task-document.js';
import {display} from '../../render/text.js';
import {listSource} from './list-source.js';

// One empty list for every head without history shown: 20,000 rows made 20,000 empty arrays.
const NO_CHILDREN: readonly TaskEntry[] = [];

export const tasksPane: PaneDescriptor<TaskEntry> = {
  kind: 'tasks',
  readsFrom: listSource('tasks').readsFrom,
  noun: 'tasks',
  aliases: ['tasks', 'task', 'ta', 'ps'],
  columns: taskColumns,
  sortShortcuts: taskSortShortcuts,
  heads: (snapshot, index, frame) => {
    const showHistory = Boolean(frame.showHistory);
    if (frame.scope?.serviceId)
      return serviceSlotHeads(frame.scope.serviceId, index.tasksByService.get(frame.scope.serviceId) ?? [], snapshot, index, showHistory);
    if (frame.scope?.nodeId) return slotHeads(index.tasksByNode.get(frame.scope.nodeId) ?? [], index, showHistory);
    return allSlotHeads(snapshot, index, showHistory);
  },
  children: (head, frame) => (frame.showHistory ? pastOfSlot(head.task).map(task => ({task, history: true})) : NO_CHILDREN),
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
      return display`tasks of ${service?.Spec.Name ?? frame.scope.serviceId.slice(0, 12)}`;
    }
    if (frame.scope?.nodeId) {
      return display`tasks on ${nodeName(index?.nodesById.get(frame.scope.nodeId)) || frame.scope.nodeId.slice(0, 12)}`;
    }
    return display`tasks`;
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

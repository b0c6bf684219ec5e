// Describe of a task: the task, what its node's engine said of its container,
// and the history of its slot (the tasks that held it before, and how they
// ended), so an operator sees why the slot keeps being restarted.

import type {SwarmSnapshot, SwarmTask} from '../../docker/types.js';
import type {ClusterIndex} from '../../model/cluster-index.js';
import {earlierInSlot} from '../../model/restarts.js';
import {describeTask} from '../../render/describe.js';
import {describeTaskReach} from '../../render/describe-reach.js';
import {pendingDescribeLines} from '../../render/explain.js';
import {slotHistoryLines} from '../../render/slot-history.js';
import type {Scope} from '../../shell/navigation.js';

/** Whether the snapshot holds every task of the service (so every task of the slot). */
function holdsServiceTasks(snapshot: SwarmSnapshot, serviceId: string): boolean {
  const scope = snapshot.taskScope;
  return !scope || scope.kind === 'all' || (scope.kind === 'service' && scope.serviceId === serviceId);
}

function isGlobal(task: SwarmTask, index: ClusterIndex): boolean {
  const mode = index.servicesById.get(task.ServiceID)?.Spec.Mode;
  return Boolean(mode?.Global || mode?.GlobalJob);
}

export function describeTaskDocument(task: SwarmTask, snapshot: SwarmSnapshot, index: ClusterIndex, now: number): string[] {
  const reach = snapshot.reach?.tasks;
  const earlier = earlierInSlot(task, index.tasksByService.get(task.ServiceID) ?? [], isGlobal(task, index));
  const retention = snapshot.swarm?.Spec?.Orchestration?.TaskHistoryRetentionLimit;
  return [
    ...describeTask(task, index),
    ...pendingDescribeLines(task, index),
    ...describeTaskReach(reach?.get(task.ID)),
    ...slotHistoryLines({
      tasks: earlier,
      endOf: taskId => reach?.get(taskId)?.end,
      now,
      reading: !holdsServiceTasks(snapshot, task.ServiceID),
      ...(retention ? {retention} : {}),
    }),
  ];
}

/**
 * The tasks a task's describe reads: a pane of one node's tasks lacks the slot's
 * tasks on other nodes, so the document reads its service's tasks instead.
 */
export function taskDocumentScope(snapshot: SwarmSnapshot, task: SwarmTask): Scope | undefined {
  return holdsServiceTasks(snapshot, task.ServiceID) ? undefined : {serviceId: task.ServiceID};
}

// Names the task that wrote a log line (`web.2@node2`), from what the cluster
// store knows. The engine tags each line with task, node and service IDs; the
// slot and the hostnames come from the snapshot. A task the snapshot does not
// hold yet (it started since the last refresh) is named by its short ID.

import type {SwarmSnapshot, SwarmTask} from '../../docker/types.js';
import {indexSnapshot} from '../../model/cluster-index.js';
import type {LogLine} from '../../model/log-buffer.js';
import type {TaskIdentity} from '../../render/log-line.js';
import {nodeName} from '../../render/nodes.js';

const tasksById = new WeakMap<SwarmSnapshot, Map<string, SwarmTask>>();

function taskLookup(snapshot: SwarmSnapshot): Map<string, SwarmTask> {
  let found = tasksById.get(snapshot);
  if (!found) {
    found = new Map(snapshot.tasks.map(task => [task.ID, task]));
    tasksById.set(snapshot, found);
  }
  return found;
}

export function identifyLine(line: LogLine, snapshot: SwarmSnapshot | undefined, fallbackService: string): TaskIdentity | undefined {
  if (!line.taskId) return undefined;
  const index = snapshot && indexSnapshot(snapshot);
  const task = snapshot && taskLookup(snapshot).get(line.taskId);
  const serviceId = task?.ServiceID ?? line.serviceId;
  const service = (serviceId && index?.servicesById.get(serviceId)?.Spec.Name) || fallbackService;
  const nodeId = task?.NodeID ?? line.nodeId;
  const node = nodeId ? (index?.nodesById.get(nodeId) ? nodeName(index.nodesById.get(nodeId)) : nodeId.slice(0, 12)) : undefined;
  if (task?.Slot) return {service, slot: task.Slot, node};
  if (task) return {service, node};
  return {service, instance: line.taskId.slice(0, 12), node};
}

/** A line namer bound to the live store, remembering names per snapshot and task. */
export function lineIdentifier(snapshot: () => SwarmSnapshot | undefined, fallbackService: string): (line: LogLine) => TaskIdentity | undefined {
  let cachedFor: SwarmSnapshot | undefined;
  let cache = new Map<string, TaskIdentity | undefined>();
  return line => {
    const current = snapshot();
    if (current !== cachedFor) {
      cachedFor = current;
      cache = new Map();
    }
    const key = line.taskId ?? '';
    if (!cache.has(key)) cache.set(key, identifyLine(line, current, fallbackService));
    return cache.get(key);
  };
}

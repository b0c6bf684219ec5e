import {Unreadable} from './decode/set-aside.js';
import {decodeTask} from './decode/task.js';
import type {SwarmTask, TaskScope} from './types.js';

/** The engine's task filters for a scope; undefined for every task. */
export function taskFilters(scope: TaskScope): Record<string, string[]> | undefined {
  switch (scope.kind) {
    case 'running':
      return {'desired-state': ['running']};
    case 'service':
      return {service: [scope.serviceId]};
    case 'node':
      return {node: [scope.nodeId]};
    default:
      return undefined;
  }
}

/** A task as the panes use it (see decode/task.ts); throws on one that cannot be read. */
export function slimTask(task: SwarmTask): SwarmTask {
  const read = decodeTask(task);
  if (read instanceof Unreadable) throw new Error(`unreadable task: ${read.reason}`);
  return read;
}

import type Dockerode from 'dockerode';
import {LIST_STATUS_CODES, readList} from './list-stream.js';
import type {Listable} from './capabilities.js';
import {Unreadable, type ReadList} from './decode/set-aside.js';
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

export class TaskResource implements Listable<SwarmTask> {
  constructor(private readonly docker: Dockerode) {}

  /** The tasks in `scope` (default all, history included), filtered by the engine. */
  async list(signal?: AbortSignal, scope: TaskScope = {kind: 'all'}): Promise<ReadList<SwarmTask>> {
    if (scope.kind === 'none') return [];
    const filters = taskFilters(scope);
    // Streamed and decoded task by task rather than as one body: only the slim task kept from each survives.
    return readList(
      this.docker,
      {path: '/tasks?', options: filters ? {filters} : {}, statusCodes: {...LIST_STATUS_CODES, 400: 'bad parameter'}},
      decodeTask,
      signal,
    );
  }
}

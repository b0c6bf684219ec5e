import type Dockerode from 'dockerode';
import type {Listable} from './capabilities.js';
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

export class TaskResource implements Listable<SwarmTask> {
  constructor(private readonly docker: Dockerode) {}

  /** The tasks in `scope` (default all, history included), filtered by the engine. */
  async list(signal?: AbortSignal, scope: TaskScope = {kind: 'all'}): Promise<SwarmTask[]> {
    if (scope.kind === 'none') return [];
    const filters = taskFilters(scope);
    return (await this.docker.listTasks({abortSignal: signal, ...(filters && {filters})} as object)) as unknown as SwarmTask[];
  }
}

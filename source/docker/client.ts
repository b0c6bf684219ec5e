import type Dockerode from 'dockerode';
import type {
  AvailabilitySettable,
  ImageSettable,
  Listable,
  Removable,
  Restartable,
  RoleSettable,
  RollbackCapable,
  Scalable,
} from './capabilities.js';
import {NodeResource} from './nodes.js';
import {ServiceResource} from './services.js';
import {TaskResource} from './tasks.js';
import type {SwarmNode, SwarmService, SwarmSnapshot, SwarmTask, TaskScope} from './types.js';

export interface SwarmClient {
  nodes: Listable<SwarmNode> & AvailabilitySettable & RoleSettable;
  services: Listable<SwarmService> & Scalable & ImageSettable & Restartable & RollbackCapable & Removable;
  tasks: Listable<SwarmTask> & {list(signal?: AbortSignal, scope?: TaskScope): Promise<SwarmTask[]>};
}

export function swarmClient(docker: Dockerode): SwarmClient {
  return {
    nodes: new NodeResource(docker),
    services: new ServiceResource(docker),
    tasks: new TaskResource(docker),
  };
}

/** True when every service carries the engine's task counts (API 1.41+), so panes need no tasks to show replicas. */
export function hasServiceStatus(services: readonly SwarmService[]): boolean {
  return services.every(service => service.ServiceStatus !== undefined);
}

/**
 * Nodes, services and the tasks in `scope` (default every task). An engine that
 * lists services without their task counts gets every task read instead, since
 * replica counts are then derived from the tasks.
 */
export async function readSnapshot(
  client: SwarmClient,
  signal?: AbortSignal,
  scope: TaskScope = {kind: 'all'},
): Promise<SwarmSnapshot> {
  const [nodes, services, scoped] = await Promise.all([
    client.nodes.list(signal),
    client.services.list(signal),
    client.tasks.list(signal, scope),
  ]);
  if (scope.kind !== 'all' && !hasServiceStatus(services)) {
    return {nodes, services, tasks: await client.tasks.list(signal, {kind: 'all'})};
  }
  return scope.kind === 'all' ? {nodes, services, tasks: scoped} : {nodes, services, tasks: scoped, taskScope: scope};
}

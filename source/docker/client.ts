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
  SpecReplaceable,
} from './capabilities.js';
import {ConfigResource} from './configs.js';
import {NetworkResource} from './networks.js';
import {NodeResource} from './nodes.js';
import {SecretResource} from './secrets.js';
import {type StackRemovable, StackResource} from './stacks.js';
import {type SwarmInspectable, SwarmResource} from './swarm.js';
import {ServiceResource} from './services.js';
import {TaskResource} from './tasks.js';
import {describeError} from './errors.js';
import type {SwarmConfig, SwarmNetwork, SwarmNode, SwarmSecret, SwarmService, SwarmSnapshot, SwarmTask, TaskScope} from './types.js';

export interface SwarmClient {
  nodes: Listable<SwarmNode> & AvailabilitySettable & RoleSettable;
  services: Listable<SwarmService> & Scalable & ImageSettable & Restartable & RollbackCapable & Removable & SpecReplaceable;
  tasks: Listable<SwarmTask> & {list(signal?: AbortSignal, scope?: TaskScope): Promise<SwarmTask[]>};
  // Optional so fakes and older callers that only know the three panes still fit.
  networks?: Listable<SwarmNetwork>;
  secrets?: Listable<SwarmSecret>;
  configs?: Listable<SwarmConfig>;
  swarm?: SwarmInspectable;
  stacks?: StackRemovable;
}

export function swarmClient(docker: Dockerode): SwarmClient {
  return {
    nodes: new NodeResource(docker),
    services: new ServiceResource(docker),
    tasks: new TaskResource(docker),
    networks: new NetworkResource(docker),
    secrets: new SecretResource(docker),
    configs: new ConfigResource(docker),
    swarm: new SwarmResource(docker),
    stacks: new StackResource(docker),
  };
}

type Extra = keyof NonNullable<SwarmSnapshot['unreadable']>;

/** True when every service carries the engine's task counts (API 1.41+), so panes need no tasks to show replicas. */
export function hasServiceStatus(services: readonly SwarmService[]): boolean {
  return services.every(service => service.ServiceStatus !== undefined);
}

/**
 * Nodes, services, the tasks in `scope` (default every task), and the smaller
 * lists beside them. An engine that lists services without their task counts
 * gets every task read instead, since replica counts are then derived from the tasks.
 */
export async function readSnapshot(client: SwarmClient, signal?: AbortSignal, scope: TaskScope = {kind: 'all'}): Promise<SwarmSnapshot> {
  const unreadable: NonNullable<SwarmSnapshot['unreadable']> = {};
  // Small lists, read with the rest so every pane draws from one moment; one refused
  // (a socket proxy that forbids /secrets) costs only its own pane, not the console.
  const extra = <T>(name: Extra, read: Promise<T> | undefined): Promise<T | undefined> | undefined =>
    read?.catch((error: unknown) => {
      if (signal?.aborted) throw error;
      unreadable[name] = describeError(error);
      return undefined;
    });
  const [nodes, services, scoped, networks, secrets, configs, swarm] = await Promise.all([
    client.nodes.list(signal),
    client.services.list(signal),
    client.tasks.list(signal, scope),
    extra('networks', client.networks?.list(signal)),
    extra('secrets', client.secrets?.list(signal)),
    extra('configs', client.configs?.list(signal)),
    extra('swarm', client.swarm?.inspect(signal)),
  ]);
  const everyTask = scope.kind !== 'all' && !hasServiceStatus(services);
  const tasks = everyTask ? await client.tasks.list(signal, {kind: 'all'}) : scoped;
  const snapshot: SwarmSnapshot = {nodes, services, tasks, networks, secrets, configs, swarm};
  if (scope.kind !== 'all' && !everyTask) snapshot.taskScope = scope;
  if (Object.keys(unreadable).length > 0) snapshot.unreadable = unreadable;
  return snapshot;
}

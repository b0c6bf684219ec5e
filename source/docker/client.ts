import type Dockerode from 'dockerode';
import type {
  AvailabilitySettable,
  ImageSettable,
  Listable,
  NamedListable,
  ReferenceSwappable,
  Removable,
  Restartable,
  RoleSettable,
  RollbackCapable,
  Scalable,
  SpecReplaceable,
  StoredObjectWritable,
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
import {type DecodedListName, type ReadList, type SetAside, mergeSetAside} from './decode/set-aside.js';
import type {SwarmConfig, SwarmNetwork, SwarmNode, SwarmSecret, SwarmService, SwarmSnapshot, SwarmTask, TaskScope} from './types.js';

/** What the console reads. The read-only console is built on this alone: no write, no exec, by type and at run time. */
export interface ReadOnlySwarmClient {
  // Reading by ID is optional: without it every refresh reads the whole lists.
  nodes: Listable<SwarmNode> & Partial<NamedListable<SwarmNode>>;
  services: Listable<SwarmService> & Partial<NamedListable<SwarmService>>;
  tasks: Listable<SwarmTask> & {list(signal?: AbortSignal, scope?: TaskScope): Promise<ReadList<SwarmTask>>};
  // Optional so fakes and older callers that only know the three panes still fit.
  networks?: Listable<SwarmNetwork>;
  secrets?: Listable<SwarmSecret>;
  configs?: Listable<SwarmConfig>;
  swarm?: SwarmInspectable;
}

/** The reads and every change an operation sends: only a console that may write holds one. */
export interface SwarmClient extends ReadOnlySwarmClient {
  nodes: ReadOnlySwarmClient['nodes'] & AvailabilitySettable & RoleSettable & SpecReplaceable;
  services: ReadOnlySwarmClient['services'] & Scalable & ImageSettable & Restartable & RollbackCapable & Removable & SpecReplaceable & ReferenceSwappable;
  stacks?: StackRemovable;
  // Optional like their reads: a client without them refuses create, rotate and remove.
  secrets?: Listable<SwarmSecret> & StoredObjectWritable;
  configs?: Listable<SwarmConfig> & StoredObjectWritable;
}

/** The engine as the console may use it: `readOnly` says which client it holds, so a write needs the writable one. */
export type SwarmAccess = {readonly readOnly: true; readonly client: ReadOnlySwarmClient} | {readonly readOnly: false; readonly client: SwarmClient};

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

/** The read methods alone, bound to their resource: nothing else is reachable through the object, not even by a cast. */
function readsOf<T>(resource: Listable<T> & NamedListable<T>): Listable<T> & NamedListable<T> {
  return {list: signal => resource.list(signal), listNamed: (ids, signal) => resource.listNamed(ids, signal)};
}

/** A client for --readonly: lists and inspects only; it has no method that sends a write. */
export function readOnlySwarmClient(docker: Dockerode): ReadOnlySwarmClient {
  const tasks = new TaskResource(docker);
  const networks = new NetworkResource(docker);
  const secrets = new SecretResource(docker);
  const configs = new ConfigResource(docker);
  const swarm = new SwarmResource(docker);
  return {
    nodes: readsOf(new NodeResource(docker)),
    services: readsOf(new ServiceResource(docker)),
    tasks: {list: (signal?: AbortSignal, scope?: TaskScope) => tasks.list(signal, scope)},
    networks: {list: signal => networks.list(signal)},
    secrets: {list: signal => secrets.list(signal)},
    configs: {list: signal => configs.list(signal)},
    swarm: {inspect: signal => swarm.inspect(signal)},
  };
}

/** The client for the console's mode: read-only gets the client without writes. */
export function swarmAccess(docker: Dockerode, readOnly: boolean): SwarmAccess {
  return readOnly ? {readOnly: true, client: readOnlySwarmClient(docker)} : {readOnly: false, client: swarmClient(docker)};
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
export async function readSnapshot(client: ReadOnlySwarmClient, signal?: AbortSignal, scope: TaskScope = {kind: 'all'}): Promise<SwarmSnapshot> {
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
  const setAside = setAsideOf({nodes, services, tasks, networks, secrets, configs});
  if (setAside) snapshot.setAside = setAside;
  return snapshot;
}

/** What each list read set aside, or undefined when every object could be read. */
function setAsideOf(lists: Partial<Record<DecodedListName, ReadList<unknown> | undefined>>): SwarmSnapshot['setAside'] {
  let found: Partial<Record<DecodedListName, SetAside>> | undefined;
  for (const [name, list] of Object.entries(lists) as Array<[DecodedListName, ReadList<unknown> | undefined]>) {
    if (list?.setAside) (found ??= {})[name] = list.setAside;
  }
  return found;
}

/** The services and nodes a partial read asks for by ID. */
export interface NamedObjects {
  services: readonly string[];
  nodes: readonly string[];
}

/** Whether `client` can read services and nodes by ID. */
export function readsByName(client: ReadOnlySwarmClient): boolean {
  return client.services.listNamed !== undefined && client.nodes.listNamed !== undefined;
}

/**
 * `previous` with the named services and nodes read again (one that is gone leaves, a new one
 * joins), the tasks in `scope`, and the rest carried over: what a refresh reads on a big swarm
 * between whole reads (see model/list-pacing.ts).
 */
export async function readNamedSnapshot(
  client: ReadOnlySwarmClient,
  signal: AbortSignal | undefined,
  scope: TaskScope,
  previous: SwarmSnapshot,
  named: NamedObjects,
): Promise<SwarmSnapshot> {
  const listNamed = <T>(ids: readonly string[], read: ((ids: readonly string[], signal?: AbortSignal) => Promise<ReadList<T>>) | undefined) =>
    ids.length > 0 && read ? read(ids, signal) : undefined;
  const [nodes, services, tasks] = await Promise.all([
    listNamed(named.nodes, client.nodes.listNamed?.bind(client.nodes)),
    listNamed(named.services, client.services.listNamed?.bind(client.services)),
    client.tasks.list(signal, scope),
  ]);
  const snapshot: SwarmSnapshot = {
    nodes: nodes ? mergeNamed(previous.nodes, named.nodes, nodes) : previous.nodes,
    services: services ? mergeNamed(previous.services, named.services, services) : previous.services,
    tasks,
    networks: previous.networks,
    secrets: previous.secrets,
    configs: previous.configs,
    swarm: previous.swarm,
  };
  if (scope.kind !== 'all') snapshot.taskScope = scope;
  if (previous.unreadable) snapshot.unreadable = previous.unreadable;
  // Nodes and services keep what the last whole read set aside, with what this read adds; tasks are read anew.
  const merged: Partial<Record<DecodedListName, SetAside | undefined>> = {
    ...previous.setAside,
    nodes: mergeSetAside(previous.setAside?.nodes, nodes?.setAside),
    services: mergeSetAside(previous.setAside?.services, services?.setAside),
    tasks: tasks.setAside,
  };
  for (const name of Object.keys(merged) as DecodedListName[]) if (!merged[name]) delete merged[name];
  if (Object.keys(merged).length > 0) snapshot.setAside = merged as SwarmSnapshot['setAside'];
  return snapshot;
}

/** `previous` with the objects named in `ids` replaced by what was read of them, in place; new ones go last. */
export function mergeNamed<T extends {ID: string}>(previous: readonly T[], ids: readonly string[], read: readonly T[]): T[] {
  const asked = new Set(ids);
  const fresh = new Map<string, T>();
  for (const item of read) if (asked.has(item.ID)) fresh.set(item.ID, item);
  const merged: T[] = [];
  for (const item of previous) {
    if (!asked.has(item.ID)) {
      merged.push(item);
      continue;
    }
    const replacement = fresh.get(item.ID);
    if (replacement) merged.push(replacement);
    fresh.delete(item.ID);
  }
  for (const item of fresh.values()) merged.push(item);
  return merged;
}

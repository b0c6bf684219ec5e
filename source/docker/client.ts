import type Dockerode from 'dockerode';
import type {
  AvailabilitySettable,
  ImageSettable,
  Listable,
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
import {NodeResource} from './nodes.js';
import {SecretResource} from './secrets.js';
import {type StackRemovable, StackResource} from './stacks.js';
import {ServiceResource} from './services.js';
import {type StackWritable, StackWriter} from './stack-write.js';
import {describeError} from './errors.js';
import {type ReadList, type SetAside, mergeSetAside} from './decode/set-aside.js';
import {type ListReaders, listReaders} from './list-readers.js';
import {type ByNameList, type EngineReadName, LIST_NAMES, type ListName, type OptionalName, READ_NAMES, recordOf} from './lists.js';
import type {SwarmConfig, SwarmSecret, SwarmService, SwarmSnapshot, TaskScope} from './types.js';

/**
 * What the console reads: one reader per record of docker/lists.ts (reading by ID is
 * optional: without it every refresh reads the whole lists; a list that is not required
 * is optional, so fakes and older callers that only know the three panes still fit).
 * The read-only console is built on this alone: no write, no exec, by type and at run time.
 */
export type ReadOnlySwarmClient = ListReaders;

/** The reads and every change an operation sends: only a console that may write holds one. */
export interface SwarmClient extends ReadOnlySwarmClient {
  nodes: ReadOnlySwarmClient['nodes'] & AvailabilitySettable & RoleSettable & SpecReplaceable;
  services: ReadOnlySwarmClient['services'] & Scalable & ImageSettable & Restartable & RollbackCapable & Removable & SpecReplaceable & ReferenceSwappable;
  stacks?: StackRemovable;
  // Optional like their reads: a client without them refuses create, rotate and remove.
  secrets?: Listable<SwarmSecret> & StoredObjectWritable;
  configs?: Listable<SwarmConfig> & StoredObjectWritable;
  /** What a stack deploy sends (stack-write.ts); optional: a client without it cannot deploy. */
  stackWrites?: StackWritable;
}

/** The engine as the console may use it: `readOnly` says which client it holds, so a write needs the writable one. */
export type SwarmAccess = {readonly readOnly: true; readonly client: ReadOnlySwarmClient} | {readonly readOnly: false; readonly client: SwarmClient};

export function swarmClient(docker: Dockerode): SwarmClient {
  return {
    ...listReaders(docker),
    nodes: new NodeResource(docker),
    services: new ServiceResource(docker),
    secrets: new SecretResource(docker),
    configs: new ConfigResource(docker),
    stacks: new StackResource(docker),
    stackWrites: new StackWriter(docker),
  };
}

/** A client for --readonly: the records' readers alone, plain closures; it has no method that sends a write. */
export function readOnlySwarmClient(docker: Dockerode): ReadOnlySwarmClient {
  return listReaders(docker);
}

/** The client for the console's mode: read-only gets the client without writes. */
export function swarmAccess(docker: Dockerode, readOnly: boolean): SwarmAccess {
  return readOnly ? {readOnly: true, client: readOnlySwarmClient(docker)} : {readOnly: false, client: swarmClient(docker)};
}

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
  // Every record read at once, so every pane draws from one moment. A required read that
  // fails fails the refresh; any other one refused (a socket proxy that forbids /secrets)
  // costs only its own pane, not the console.
  const read = (name: EngineReadName): Promise<unknown> | undefined => {
    const record = recordOf(name);
    const reader = readerIn(client, name);
    if (!reader) return undefined;
    const pending = record.kind === 'object' ? reader.inspect?.(signal) : record.scoped ? reader.list?.(signal, scope) : reader.list?.(signal);
    if (record.required) return pending;
    return pending?.catch((error: unknown) => {
      if (signal?.aborted) throw error;
      unreadable[name as OptionalName] = describeError(error);
      return undefined;
    });
  };
  const values = await Promise.all(READ_NAMES.map(read));
  const snapshot = Object.fromEntries(READ_NAMES.map((name, at) => [name, values[at]])) as unknown as SwarmSnapshot;
  // An engine that lists services without their task counts gets every task read instead.
  const everyTask = scope.kind !== 'all' && !hasServiceStatus(snapshot.services);
  if (everyTask) snapshot.tasks = await client.tasks.list(signal, {kind: 'all'});
  if (scope.kind !== 'all' && !everyTask) snapshot.taskScope = scope;
  if (Object.keys(unreadable).length > 0) snapshot.unreadable = unreadable;
  const setAside = setAsideOf(snapshot);
  if (setAside) snapshot.setAside = setAside;
  return snapshot;
}

/** A record's reader in `client`, typed loosely for the loops that treat every read alike. */
interface AnyReader {
  list?(signal?: AbortSignal, scope?: TaskScope): Promise<ReadList<unknown>>;
  listNamed?(ids: readonly string[], signal?: AbortSignal): Promise<ReadList<{ID: string}>>;
  inspect?(signal?: AbortSignal): Promise<unknown>;
}

function readerIn(client: ReadOnlySwarmClient, name: EngineReadName): AnyReader | undefined {
  return (client as unknown as Partial<Record<EngineReadName, AnyReader>>)[name];
}

/** What each list read set aside, or undefined when every object could be read. */
function setAsideOf(snapshot: SwarmSnapshot): SwarmSnapshot['setAside'] {
  let found: Partial<Record<ListName, SetAside>> | undefined;
  for (const name of LIST_NAMES) {
    const list = snapshot[name] as ReadList<unknown> | undefined;
    if (list?.setAside) (found ??= {})[name] = list.setAside;
  }
  return found;
}

/** The objects of each list a read by ID asks for (services and nodes: the records that allow it). */
export type NamedObjects = {[K in ByNameList]: readonly string[]};

/** Whether `client` can read by ID every list whose record allows it. */
export function readsByName(client: ReadOnlySwarmClient): boolean {
  return LIST_NAMES.every(name => !recordOf(name).byName || readerIn(client, name)?.listNamed !== undefined);
}

/**
 * `previous` with the objects named in each by-ID list read again (one that is gone leaves,
 * a new one joins), scoped lists (tasks) read anew for `scope`, and the rest carried over:
 * what a refresh reads on a big swarm between whole reads (see model/list-pacing.ts).
 */
export async function readNamedSnapshot(
  client: ReadOnlySwarmClient,
  signal: AbortSignal | undefined,
  scope: TaskScope,
  previous: SwarmSnapshot,
  named: NamedObjects,
): Promise<SwarmSnapshot> {
  const read = (name: EngineReadName): Promise<ReadList<unknown>> | undefined => {
    const record = recordOf(name);
    const reader = readerIn(client, name);
    if (record.kind === 'list' && record.scoped) return reader?.list?.(signal, scope);
    const ids = record.byName ? named[name as ByNameList] : undefined;
    return ids && ids.length > 0 && reader?.listNamed ? reader.listNamed(ids, signal) : undefined;
  };
  const values = await Promise.all(READ_NAMES.map(read));
  const snapshot = {} as Record<EngineReadName, unknown>;
  // Lists read by ID keep what the last whole read set aside, with what this read adds; scoped ones are read anew.
  const merged: Partial<Record<ListName, SetAside | undefined>> = {...previous.setAside};
  READ_NAMES.forEach((name, at) => {
    const record = recordOf(name);
    const fresh = values[at];
    if (record.kind === 'list' && record.scoped) {
      snapshot[name] = fresh ?? [];
      merged[name as ListName] = fresh?.setAside;
    } else if (fresh) {
      snapshot[name] = mergeNamed(previous[name as ByNameList], named[name as ByNameList], fresh as ReadList<{ID: string}>);
      merged[name as ListName] = mergeSetAside(previous.setAside?.[name as ListName], fresh.setAside);
    } else {
      snapshot[name] = previous[name];
    }
  });
  const next = snapshot as unknown as SwarmSnapshot;
  if (scope.kind !== 'all') next.taskScope = scope;
  if (previous.unreadable) next.unreadable = previous.unreadable;
  for (const name of Object.keys(merged) as ListName[]) if (!merged[name]) delete merged[name];
  if (Object.keys(merged).length > 0) next.setAside = merged as SwarmSnapshot['setAside'];
  return next;
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

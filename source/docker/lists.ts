// Every list the console reads from the engine, declared once (k9s keeps a registry
// of resource kinds in the same spirit). A record says how the list is read (path,
// status codes, decoder), how a new read meets the last one in the store (by ID and
// version, or by value), whether a refresh may read it by ID, whether a refusal costs
// the refresh or only its own pane, and the engine API it needs. The snapshot's fields,
// the client's readers, the set-aside and unreadable keys, the carry-over on a read by
// ID, the store's reconcile and its `unchanged` check, the panes' names and the config's
// pane list are all derived from this table: a new list is one record here, plus its
// renderer and its pane descriptor (views/panes/registry.ts asks for one per list).

import {decodeNode} from './decode/node.js';
import {decodeService} from './decode/service.js';
import type {ElementDecoder, SetAside} from './decode/set-aside.js';
import {decodeConfig, decodeNetwork, decodeSecret} from './decode/stored.js';
import {decodeSwarm} from './decode/swarm.js';
import {decodeTask} from './decode/task.js';
import {decodeVolume} from './decode/volume.js';
import {LIST_STATUS_CODES, type ListRequest} from './list-stream.js';
import {taskFilters} from './tasks.js';
import type {TaskScope} from './types.js';

/** How the store keeps what did not change: by ID and version index (objects that have them), or by comparing the whole value. */
export type Reconcile = 'id' | 'value';

interface ReadRecord {
  /** The engine API version the read needs (the oldest the console accepts is api-version.ts's MIN_API_VERSION). */
  apiVersion: string;
  /**
   * True: the console cannot draw without it, and a failed read fails the refresh.
   * False: a refusal (a socket proxy that forbids /secrets) costs only its own pane, which says why.
   */
  required: boolean;
  reconcile: Reconcile;
}

/** An engine list: GET `request.path`, a JSON array, each element decoded on its own (one unreadable is set aside). */
export interface ListRecord<T, Required extends boolean = boolean, ByName extends boolean = boolean, Scoped extends boolean = boolean> extends ReadRecord {
  kind: 'list';
  request: ListRequest;
  decode: ElementDecoder<T>;
  required: Required;
  /** Whether a refresh between whole reads may read just the objects events named (the engine's `id` filter). */
  byName: ByName;
  /** Read for a task scope (the engine filters), anew on every refresh, never carried over. */
  scoped: Scoped;
  /** "node": what one object is called where unreadable ones are counted ("1 node unreadable: no Spec"). */
  noun: string;
}

/** A single engine object read whole (GET /swarm); one that cannot be read is refused with why. */
export interface ObjectRecord<T> extends ReadRecord {
  kind: 'object';
  request: ListRequest;
  decode: (value: unknown) => T;
  required: false;
  byName: false;
  scoped: false;
  reconcile: 'value';
}

function list<T, Required extends boolean, ByName extends boolean, Scoped extends boolean = false>(
  record: Omit<ListRecord<T, Required, ByName, Scoped>, 'kind' | 'scoped'> & {scoped?: Scoped},
): ListRecord<T, Required, ByName, Scoped> {
  return {...record, kind: 'list', scoped: (record.scoped ?? false) as Scoped};
}

function one<T>(record: Pick<ObjectRecord<T>, 'request' | 'decode' | 'apiVersion'>): ObjectRecord<T> {
  return {...record, kind: 'object', required: false, byName: false, scoped: false, reconcile: 'value'};
}

/** The engine's filters for a scoped list's read; 'none' reads nothing. */
export function scopeFilters(scope: TaskScope): Record<string, string[]> | undefined | 'none' {
  return scope.kind === 'none' ? 'none' : taskFilters(scope);
}

/** Every engine read, in the order a snapshot holds them. */
export const ENGINE_LISTS = {
  nodes: list({
    request: {path: '/nodes?', statusCodes: LIST_STATUS_CODES},
    decode: decodeNode,
    noun: 'node',
    reconcile: 'id',
    byName: true,
    required: true,
    apiVersion: '1.24',
  }),
  services: list({
    // `status=true`: the engine's running/desired task counts (API 1.41+; older engines ignore the flag).
    request: {path: '/services?', options: {status: true}, statusCodes: LIST_STATUS_CODES},
    decode: decodeService,
    noun: 'service',
    reconcile: 'id',
    byName: true,
    required: true,
    apiVersion: '1.24',
  }),
  tasks: list({
    // A task's network attachments (each with its network's whole spec) and what follows them are
    // not read (decode/task.ts): a third of the bytes of a task, and more with several networks.
    request: {path: '/tasks?', statusCodes: {...LIST_STATUS_CODES, 400: 'bad parameter'}, unreadFrom: 'NetworksAttachments'},
    decode: decodeTask,
    noun: 'task',
    reconcile: 'id',
    byName: false,
    scoped: true,
    required: true,
    apiVersion: '1.24',
  }),
  // On a manager this lists the swarm's networks and the manager's own local ones, as `docker network ls` does.
  networks: list({
    request: {path: '/networks?', statusCodes: LIST_STATUS_CODES},
    decode: decodeNetwork,
    noun: 'network',
    // A network carries no version index (and spells its ID `Id`).
    reconcile: 'value',
    byName: false,
    required: false,
    apiVersion: '1.24',
  }),
  // Names, labels and dates only: the engine never returns a secret's value.
  secrets: list({
    request: {path: '/secrets?', statusCodes: LIST_STATUS_CODES},
    decode: decodeSecret,
    noun: 'secret',
    reconcile: 'id',
    byName: false,
    required: false,
    apiVersion: '1.25',
  }),
  configs: list({
    request: {path: '/configs?', statusCodes: LIST_STATUS_CODES},
    decode: decodeConfig,
    noun: 'config',
    reconcile: 'id',
    byName: false,
    required: false,
    apiVersion: '1.30',
  }),
  // The manager's own local volumes and (API 1.42+) the swarm's cluster (CSI) volumes; every
  // other node's local volumes come from its own engine (model/stats-sampler.ts, node reach).
  volumes: list({
    request: {path: '/volumes?', field: 'Volumes', statusCodes: LIST_STATUS_CODES},
    decode: decodeVolume,
    noun: 'volume',
    // A volume carries no version index; it is known by its name.
    reconcile: 'value',
    byName: false,
    required: false,
    apiVersion: '1.24',
  }),
  // Settings, CA and join tokens: a manager answers; a worker is refused.
  swarm: one({
    request: {path: '/swarm', statusCodes: {200: true, 406: 'This node is not a swarm manager', 500: 'server error', 503: 'node is not part of a swarm'}},
    decode: decodeSwarm,
    apiVersion: '1.24',
  }),
};

export type EngineLists = typeof ENGINE_LISTS;
/** Every engine read: a snapshot field each. */
export type EngineReadName = keyof EngineLists;
/** The reads that are lists (objects can be set aside, a pane lists them): "nodes", "secrets", … */
export type ListName = {[K in EngineReadName]: EngineLists[K]['kind'] extends 'list' ? K : never}[EngineReadName];
/** The reads a refresh cannot do without. */
export type RequiredName = {[K in EngineReadName]: EngineLists[K]['required'] extends true ? K : never}[EngineReadName];
/** The reads a refusal costs only their own pane: a snapshot's `unreadable` says why for each. */
export type OptionalName = Exclude<EngineReadName, RequiredName>;
/** The lists a refresh may read by ID. */
export type ByNameList = {[K in ListName]: EngineLists[K]['byName'] extends true ? K : never}[ListName];

/** One object of a list as decoded. */
export type ElementOf<K extends ListName> = EngineLists[K] extends ListRecord<infer T> ? T : never;
/** What a read puts in the snapshot: a list's objects, or the one object. */
export type ValueOf<K extends EngineReadName> = EngineLists[K] extends ListRecord<infer T> ? T[] : EngineLists[K] extends ObjectRecord<infer T> ? T : never;

/** The snapshot's fields, one per read: required reads always present; optional ones absent where a reader does not provide them (fakes, older callers). */
export type SnapshotReads = {[K in RequiredName]: ValueOf<K>} & {[K in OptionalName]?: ValueOf<K>};

export const READ_NAMES = Object.keys(ENGINE_LISTS) as EngineReadName[];
export const LIST_NAMES = READ_NAMES.filter(name => ENGINE_LISTS[name].kind === 'list') as ListName[];

/** One record, typed loosely, for the loops that treat every read alike. */
export function recordOf(name: EngineReadName): ListRecord<unknown> | ObjectRecord<unknown> {
  return ENGINE_LISTS[name] as ListRecord<unknown> | ObjectRecord<unknown>;
}

/** "1 node unreadable: no Spec", "3 tasks unreadable: 2 not an object, 1 no ID". */
export function setAsideText(name: ListName, setAside: SetAside): string {
  const one = ENGINE_LISTS[name].noun;
  const reasons = Object.entries(setAside.reasons).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const why = reasons.length === 1 ? reasons[0]![0] : reasons.map(([reason, count]) => `${count} ${reason}`).join(', ');
  return `${setAside.count} ${setAside.count === 1 ? one : name} unreadable: ${why}`;
}

/** One line per list with objects set aside, in the order of the records. */
export function setAsideLines(setAside: Partial<Record<ListName, SetAside>> | undefined): string[] {
  if (!setAside) return [];
  return LIST_NAMES.flatMap(name => (setAside[name] ? [setAsideText(name, setAside[name])] : []));
}

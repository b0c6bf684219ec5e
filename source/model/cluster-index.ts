import type {SwarmNode, SwarmService, SwarmSnapshot, SwarmTask, TaskScope} from '../docker/types.js';
import {type JobProgress, jobProgress} from './jobs.js';
import {isEligible} from './placement.js';

export interface ServiceHealth {
  running: number;
  desired: number;
  /** A job's completions and run; absent for a service that runs until stopped. */
  job?: JobProgress;
}

/** 'complete': a job that finished, which has nothing running and lacks nothing. */
export type HealthTone = 'converged' | 'complete' | 'partial' | 'down';

/** Lookups derived once per snapshot and shared by every pane and the header. */
export interface ClusterIndex {
  nodesById: Map<string, SwarmNode>;
  servicesById: Map<string, SwarmService>;
  tasksByService: Map<string, SwarmTask[]>;
  tasksByNode: Map<string, SwarmTask[]>;
  runningTasksByNode: Map<string, number>;
  /** False while the snapshot holds only some of the running tasks (e.g. one service's): node counts are not known. */
  runningCountsKnown: boolean;
  healthByService: Map<string, ServiceHealth>;
  /** Which tasks the snapshot holds (absent: all of them). */
  taskScope?: TaskScope;
  /** The snapshot indexed, for a pane that lists its rows from a render (the selected row's explanation). */
  snapshot?: SwarmSnapshot;
}

/** Whether the snapshot holds every task of a service, its history included. */
export function serviceTasksKnown(index: ClusterIndex, serviceId: string): boolean {
  const scope = index.taskScope;
  return !scope || scope.kind === 'all' || (scope.kind === 'service' && scope.serviceId === serviceId);
}

const cache = new WeakMap<SwarmSnapshot, ClusterIndex>();

export function serviceMode(service: SwarmService): 'replicated' | 'global' | 'replicated job' | 'global job' {
  const mode = service.Spec.Mode;
  if (mode.Global) return 'global';
  if (mode.ReplicatedJob) return 'replicated job';
  if (mode.GlobalJob) return 'global job';
  return 'replicated';
}

/** A global service or global job: its tasks are one a node, named by the node. */
export function isGlobal(service: SwarmService | undefined): boolean {
  return Boolean(service?.Spec.Mode.Global || service?.Spec.Mode.GlobalJob);
}

export function isRunning(task: SwarmTask): boolean {
  return task.Status.State === 'running' && task.DesiredState === 'running';
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function desiredCount(service: SwarmService, nodes: readonly SwarmNode[], tasks: readonly SwarmTask[]): number {
  const mode = service.Spec.Mode;
  if (mode.Replicated) return mode.Replicated.Replicas ?? 1;
  if (mode.ReplicatedJob) return service.ServiceStatus?.DesiredTasks ?? mode.ReplicatedJob.MaxConcurrent ?? 1;
  if (mode.GlobalJob) {
    return service.ServiceStatus?.DesiredTasks ?? tasks.filter(task => task.DesiredState !== 'shutdown').length;
  }
  const constraints = service.Spec.TaskTemplate.Placement?.Constraints;
  return nodes.filter(node => isEligible(node, constraints)).length;
}

interface TaskMaps {
  tasksByService: Map<string, SwarmTask[]>;
  tasksByNode: Map<string, SwarmTask[]>;
  runningTasksByNode: Map<string, number>;
  runningByService: Map<string, number>;
}

// Kept per task list: with every task in memory, a refresh that moved only services or
// nodes keeps the same list.
const taskMapsCache = new WeakMap<readonly SwarmTask[], TaskMaps>();
// The last task list grouped, and its maps: the next list is grouped from them by what
// moved (the store keeps an unchanged task by identity), and a service or node whose
// tasks stand still keeps its list, the same array, so what is worked out per list
// (slots, restarts, names) is not worked out again.
let lastGrouped: {tasks: readonly SwarmTask[]; maps: TaskMaps} | undefined;

/** Past this share of the tasks moved, grouping the list whole costs less than patching. */
const PATCH_LIMIT = 0.25;

function groupAll(tasks: readonly SwarmTask[]): TaskMaps {
  const maps: TaskMaps = {tasksByService: new Map(), tasksByNode: new Map(), runningTasksByNode: new Map(), runningByService: new Map()};
  for (const task of tasks) {
    push(maps.tasksByService, task.ServiceID, task);
    if (task.NodeID) push(maps.tasksByNode, task.NodeID, task);
  }
  for (const [serviceId, list] of maps.tasksByService) countRunning(maps.runningByService, serviceId, list);
  for (const [nodeId, list] of maps.tasksByNode) countRunning(maps.runningTasksByNode, nodeId, list);
  return maps;
}

function countRunning(counts: Map<string, number>, key: string, list: readonly SwarmTask[] | undefined): void {
  let running = 0;
  for (const task of list ?? []) if (isRunning(task)) running += 1;
  if (running > 0) counts.set(key, running);
  else counts.delete(key);
}

/**
 * The maps of `next` from those of `previous`: only the services and nodes a task was
 * added to, changed in or removed from are grouped again (in list order, as a whole
 * grouping would), the rest keep their lists. Undefined when too much moved to patch.
 */
function patchMaps(previous: readonly SwarmTask[], maps: TaskMaps, next: readonly SwarmTask[]): TaskMaps | undefined {
  const services = new Set<string>();
  const nodes = new Set<string>();
  const limit = Math.max(16, next.length * PATCH_LIMIT);
  let moved = 0;
  const touch = (task: SwarmTask) => {
    services.add(task.ServiceID);
    if (task.NodeID) nodes.add(task.NodeID);
    moved += 1;
  };
  // The task store lists tasks in the order first seen: a task that changed keeps its place,
  // a new one comes last, one gone leaves a gap. So the two lists are walked side by side,
  // with no set of 20,000 tasks built to compare them. Whatever does not line up is touched:
  // in another order, more is touched than moved (and past the limit, all is grouped again),
  // never less, since a task is passed over only where both lists hold it.
  let from = 0;
  let to = 0;
  while (from < previous.length && to < next.length) {
    const before = previous[from]!;
    const after = next[to]!;
    if (before === after) {
      from += 1;
      to += 1;
    } else if (before.ID === after.ID) {
      touch(before);
      touch(after);
      from += 1;
      to += 1;
    } else {
      touch(before);
      from += 1;
    }
    if (moved > limit) return undefined;
  }
  for (; from < previous.length; from++) touch(previous[from]!);
  for (; to < next.length; to++) touch(next[to]!);
  if (moved > limit) return undefined;
  if (moved === 0) return maps;
  const fresh = {tasksByService: new Map<string, SwarmTask[]>(), tasksByNode: new Map<string, SwarmTask[]>()};
  for (const task of next) {
    if (services.has(task.ServiceID)) push(fresh.tasksByService, task.ServiceID, task);
    if (task.NodeID && nodes.has(task.NodeID)) push(fresh.tasksByNode, task.NodeID, task);
  }
  const patched: TaskMaps = {
    tasksByService: new Map(maps.tasksByService),
    tasksByNode: new Map(maps.tasksByNode),
    runningTasksByNode: new Map(maps.runningTasksByNode),
    runningByService: new Map(maps.runningByService),
  };
  const replace = (target: Map<string, SwarmTask[]>, counts: Map<string, number>, keys: Set<string>, lists: Map<string, SwarmTask[]>) => {
    for (const key of keys) {
      const list = lists.get(key);
      const kept = target.get(key);
      if (!list) target.delete(key);
      // A list whose tasks are the same ones keeps its identity (a task moved within it and back).
      else if (!(kept && kept.length === list.length && kept.every((task, i) => task === list[i]))) target.set(key, list);
      countRunning(counts, key, list);
    }
  };
  replace(patched.tasksByService, patched.runningByService, services, fresh.tasksByService);
  replace(patched.tasksByNode, patched.runningTasksByNode, nodes, fresh.tasksByNode);
  return patched;
}

function taskMaps(tasks: readonly SwarmTask[]): TaskMaps {
  const cached = taskMapsCache.get(tasks);
  if (cached) return cached;
  const maps = (lastGrouped && patchMaps(lastGrouped.tasks, lastGrouped.maps, tasks)) ?? keepLists(groupAll(tasks), lastGrouped?.maps);
  lastGrouped = {tasks, maps};
  taskMapsCache.set(tasks, maps);
  return maps;
}

/** After a whole grouping: a list with the same tasks as before keeps the old array. */
function keepLists(maps: TaskMaps, previous: TaskMaps | undefined): TaskMaps {
  if (!previous) return maps;
  for (const [target, before] of [
    [maps.tasksByService, previous.tasksByService],
    [maps.tasksByNode, previous.tasksByNode],
  ] as const) {
    for (const [key, list] of target) {
      const kept = before.get(key);
      if (kept && kept !== list && kept.length === list.length && kept.every((task, i) => task === list[i])) target.set(key, kept);
    }
  }
  return maps;
}

// The last snapshot indexed: the next one's lookups are patched from it, object by object.
let lastIndexed: {snapshot: SwarmSnapshot; index: ClusterIndex} | undefined;

function byId<T extends {ID: string}>(list: readonly T[], previous: {list: readonly T[]; map: Map<string, T>} | undefined): Map<string, T> {
  if (previous && previous.list === list) return previous.map;
  return new Map(list.map(item => [item.ID, item]));
}

export function indexSnapshot(snapshot: SwarmSnapshot): ClusterIndex {
  const cached = cache.get(snapshot);
  if (cached) return cached;
  const before = lastIndexed;

  const nodesById = byId(snapshot.nodes, before && {list: before.snapshot.nodes, map: before.index.nodesById});
  const servicesById = byId(snapshot.services, before && {list: before.snapshot.services, map: before.index.servicesById});
  const {tasksByService, tasksByNode, runningTasksByNode, runningByService} = taskMaps(snapshot.tasks);

  // A service's health is worked out again only when the service, its tasks, or (for a
  // global service, counted by the nodes it may run on) the nodes moved.
  const nodesMoved = !before || before.snapshot.nodes !== snapshot.nodes;
  const healthByService = new Map<string, ServiceHealth>();
  for (const service of snapshot.services) {
    const tasks = tasksByService.get(service.ID);
    const kept = before?.index.healthByService.get(service.ID);
    if (
      kept &&
      before!.index.servicesById.get(service.ID) === service &&
      before!.index.tasksByService.get(service.ID) === tasks &&
      (!nodesMoved || !service.Spec.Mode.Global)
    ) {
      healthByService.set(service.ID, kept);
      continue;
    }
    const job = jobProgress(service, tasks ?? []);
    // The engine's own count when it gives one: the snapshot may hold only some tasks.
    healthByService.set(service.ID, {
      running: service.ServiceStatus?.RunningTasks ?? runningByService.get(service.ID) ?? 0,
      desired: job?.desired ?? desiredCount(service, snapshot.nodes, tasks ?? []),
      ...(job && {job}),
    });
  }

  const scope = snapshot.taskScope?.kind ?? 'all';
  const runningCountsKnown = scope === 'all' || scope === 'running';
  const index = {
    nodesById,
    servicesById,
    tasksByService,
    tasksByNode,
    runningTasksByNode,
    runningCountsKnown,
    healthByService,
    taskScope: snapshot.taskScope,
    snapshot,
  };
  cache.set(snapshot, index);
  lastIndexed = {snapshot, index};
  return index;
}

/** Not short of anything: running all it should, or a job that finished. */
export function isSettled(tone: HealthTone): boolean {
  return tone === 'converged' || tone === 'complete';
}

export function healthTone(health: ServiceHealth | undefined): HealthTone {
  if (!health) return 'down';
  if (health.job?.complete) return 'complete';
  if (health.running >= health.desired) return 'converged';
  return health.running === 0 ? 'down' : 'partial';
}

/**
 * A snapshot that differs from `previous` only beside its objects (the nodes'
 * stats) shares its index: the same nodes, services and tasks index the same.
 */
export function carryIndex(previous: SwarmSnapshot, next: SwarmSnapshot): void {
  const index = cache.get(previous);
  if (index && previous.nodes === next.nodes && previous.services === next.services && previous.tasks === next.tasks) cache.set(next, index);
}

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
// nodes keeps the same list, and re-grouping tens of thousands of tasks is the most of it.
const taskMapsCache = new WeakMap<readonly SwarmTask[], TaskMaps>();
// The last maps built: a service whose tasks are the same keeps its list (object and
// all), so what is worked out per service (restarts) is not worked out again.
let lastMaps: TaskMaps | undefined;

function keepUnchanged(next: Map<string, SwarmTask[]>, previous: Map<string, SwarmTask[]> | undefined): void {
  if (!previous) return;
  for (const [key, list] of next) {
    const kept = previous.get(key);
    if (kept && kept !== list && kept.length === list.length && kept.every((task, i) => task === list[i])) next.set(key, kept);
  }
}

function taskMaps(tasks: readonly SwarmTask[]): TaskMaps {
  const cached = taskMapsCache.get(tasks);
  if (cached) return cached;
  const maps: TaskMaps = {tasksByService: new Map(), tasksByNode: new Map(), runningTasksByNode: new Map(), runningByService: new Map()};
  for (const task of tasks) {
    push(maps.tasksByService, task.ServiceID, task);
    if (task.NodeID) push(maps.tasksByNode, task.NodeID, task);
    if (isRunning(task)) {
      if (task.NodeID) maps.runningTasksByNode.set(task.NodeID, (maps.runningTasksByNode.get(task.NodeID) ?? 0) + 1);
      maps.runningByService.set(task.ServiceID, (maps.runningByService.get(task.ServiceID) ?? 0) + 1);
    }
  }
  keepUnchanged(maps.tasksByService, lastMaps?.tasksByService);
  keepUnchanged(maps.tasksByNode, lastMaps?.tasksByNode);
  lastMaps = maps;
  taskMapsCache.set(tasks, maps);
  return maps;
}

export function indexSnapshot(snapshot: SwarmSnapshot): ClusterIndex {
  const cached = cache.get(snapshot);
  if (cached) return cached;

  const nodesById = new Map(snapshot.nodes.map(node => [node.ID, node]));
  const servicesById = new Map(snapshot.services.map(service => [service.ID, service]));
  const {tasksByService, tasksByNode, runningTasksByNode, runningByService} = taskMaps(snapshot.tasks);

  const healthByService = new Map<string, ServiceHealth>();
  for (const service of snapshot.services) {
    // The engine's own count when it gives one: the snapshot may hold only some tasks.
    const tasks = tasksByService.get(service.ID) ?? [];
    const job = jobProgress(service, tasks);
    healthByService.set(service.ID, {
      running: service.ServiceStatus?.RunningTasks ?? runningByService.get(service.ID) ?? 0,
      desired: job?.desired ?? desiredCount(service, snapshot.nodes, tasks),
      ...(job && {job}),
    });
  }

  const scope = snapshot.taskScope?.kind ?? 'all';
  const runningCountsKnown = scope === 'all' || scope === 'running';
  const index = {nodesById, servicesById, tasksByService, tasksByNode, runningTasksByNode, runningCountsKnown, healthByService, taskScope: snapshot.taskScope, snapshot};
  cache.set(snapshot, index);
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

// One live read (see live-window.ts): the services in a window, by ID, and each one's tasks,
// by the engine's service filter; then the last snapshot with them put in. Nothing else is
// read, and a read that changed nothing gives no snapshot, so nothing is drawn again.
import {type ReadOnlySwarmClient, mergeNamed, readsByName} from '../docker/client.js';
import type {EngineEvent} from '../docker/events.js';
import {SERVICE_ID_LABEL, TASK_CONTAINER_ACTIONS} from '../docker/node-engine.js';
import type {SetAside} from '../docker/decode/set-aside.js';
import type {SwarmService, SwarmSnapshot, SwarmTask, TaskScope} from '../docker/types.js';
import {applySnapshot, type ClusterStore} from './cluster-store.js';
import {LiveWindows} from './live-window.js';
import {runLimited} from './run-limited.js';
import {serviceMark, type TaskStore} from './task-store.js';
import {PUBLISH_MS_PER_TASK, type TaskSync} from './task-sync.js';

/** Task reads under way at once in one live read. */
export const LIVE_READ_CONCURRENCY = 4;

export interface LiveRead {
  ids: readonly string[];
  /** The services named, as listed now; undefined when the engine cannot list by ID. */
  services: readonly SwarmService[] | undefined;
  /** Each service's tasks. A service gone between its event and the read has none. */
  tasks: ReadonlyMap<string, readonly SwarmTask[]>;
}

function rollingOut(service: SwarmService): boolean {
  const state = service.UpdateStatus?.State;
  return state === 'updating' || state === 'rollback_started';
}

function notFound(error: unknown): boolean {
  return (error as {statusCode?: unknown} | undefined)?.statusCode === 404;
}

/** Reads the services `ids` by ID, and with `withTasks` each one's tasks. */
export async function readLive(client: ReadOnlySwarmClient, signal: AbortSignal, ids: readonly string[], withTasks = true): Promise<LiveRead> {
  const tasks = new Map<string, readonly SwarmTask[]>();
  const listNamed = readsByName(client) ? client.services.listNamed?.bind(client.services) : undefined;
  const [services] = await Promise.all([
    listNamed?.(ids, signal),
    runLimited(withTasks ? ids : [], LIVE_READ_CONCURRENCY, async serviceId => {
      try {
        tasks.set(serviceId, await client.tasks.list(signal, {kind: 'service', serviceId}));
      } catch (error) {
        if (!notFound(error) || signal.aborted) throw error;
        tasks.set(serviceId, []);
      }
    }),
  ]);
  if (signal.aborted) throw signal.reason;
  return {ids, services, tasks};
}

function sameTasks(a: readonly SwarmTask[], b: readonly SwarmTask[]): boolean {
  if (a.length !== b.length) return false;
  const byId = new Map(a.map(task => [task.ID, task]));
  return b.every(task => {
    const kept = byId.get(task.ID);
    return kept !== undefined && kept.Version.Index === task.Version.Index && kept.UpdatedAt === task.UpdatedAt;
  });
}

/** The tasks of `serviceId` that a snapshot of `scope` holds. */
function inScope(scope: TaskScope | undefined, serviceId: string, tasks: readonly SwarmTask[]): readonly SwarmTask[] {
  switch (scope?.kind ?? 'all') {
    case 'all':
      return tasks;
    case 'running':
      return tasks.filter(task => task.DesiredState === 'running');
    case 'service':
      return scope?.kind === 'service' && scope.serviceId === serviceId ? tasks : [];
    case 'node':
      return scope?.kind === 'node' ? tasks.filter(task => task.NodeID === scope.nodeId) : [];
    default:
      return [];
  }
}

/**
 * `previous` with what `read` found put in, or undefined when nothing it shows moved. With
 * `store` (every task in memory) the tasks go there and the snapshot takes all of them;
 * otherwise they replace the services' tasks in the snapshot's own scope. `stamp` is the
 * store's, taken when the read started.
 */
export function withLiveRead(previous: SwarmSnapshot, read: LiveRead, store?: {tasks: TaskStore; stamp: number}): SwarmSnapshot | undefined {
  const services = read.services ? mergeNamed(previous.services, read.ids, read.services) : previous.services;
  const before = new Map(previous.services.map(service => [service.ID, service]));
  let changed =
    read.services !== undefined &&
    read.ids.some(id => {
      const was = before.get(id);
      const now = services.find(service => service.ID === id);
      return was === undefined || now === undefined ? was !== now : serviceMark(was) !== serviceMark(now);
    });
  let tasks = previous.tasks;
  if (store) {
    let moved = false;
    for (const [serviceId, list] of read.tasks) {
      if (store.tasks.replace({kind: 'service', serviceId}, list, store.stamp, {services})) moved = true;
    }
    // Every task held goes with them, changes not yet published included (task-sync.ts publishes others' at a pace).
    if (moved) {
      tasks = store.tasks.tasks();
      changed = true;
    }
  } else {
    const ids = new Set(read.tasks.keys());
    const kept = previous.tasks.filter(task => !ids.has(task.ServiceID));
    const fresh: SwarmTask[] = [];
    for (const [serviceId, list] of read.tasks) {
      const shown = inScope(previous.taskScope, serviceId, list);
      if (
        !sameTasks(
          previous.tasks.filter(task => task.ServiceID === serviceId),
          shown,
        )
      )
        changed = true;
      fresh.push(...shown);
    }
    if (changed) tasks = [...kept, ...fresh];
  }
  if (!changed) return undefined;
  return {...previous, services, tasks, ...(store && tasks !== previous.tasks && {taskScope: {kind: 'all'}})};
}

function movesTask(action: string): boolean {
  return TASK_CONTAINER_ACTIONS.some(name => action === name || action.startsWith(`${name}:`));
}

export interface LiveReadsOptions {
  client: ReadOnlySwarmClient;
  store: ClusterStore;
  intervalMs: number;
  now: () => number;
  taskScope?: () => TaskScope;
  taskSync?: TaskSync;
}

/** The open windows, and the live reads that keep their services current in the store. */
export class LiveReads {
  readonly windows = new LiveWindows();

  constructor(private readonly options: LiveReadsOptions) {}

  /**
   * Opens a window on a service; true when one opened. What an engine event named (not
   * `always`) is read live only where that is cheap: a swarm small enough that every task
   * change is drawn at once anyway, or the service the pane on screen shows. Each live read
   * that moves a task indexes every task again.
   */
  open(serviceId: string, always: boolean): boolean {
    if (!always && !this.affordable(serviceId)) return false;
    this.windows.open(serviceId, this.options.now());
    return true;
  }

  /** Opens a window on the service of each container event; true when one opened. */
  openForContainers(events: readonly EngineEvent[]): boolean {
    let opened = false;
    for (const event of events) {
      const serviceId = event.Actor?.Attributes?.[SERVICE_ID_LABEL];
      if (event.Type === 'container' && serviceId && movesTask(event.Action) && this.open(serviceId, false)) opened = true;
    }
    return opened;
  }

  private affordable(serviceId: string): boolean {
    const scope = this.options.taskScope?.();
    return this.small() || (scope?.kind === 'service' && scope.serviceId === serviceId);
  }

  /**
   * A swarm small enough that every task change is published each refresh anyway. On a bigger
   * one a live read reads the services by ID alone: their running counts move on screen, and
   * the tasks list, whose every new version indexes every task again, keeps its pace.
   */
  private small(): boolean {
    const {taskSync, store, intervalMs} = this.options;
    const held = taskSync?.store.complete ? taskSync.store.size : (store.getState().snapshot?.tasks.length ?? 0);
    return held * PUBLISH_MS_PER_TASK <= intervalMs;
  }

  /**
   * Reads the services in a window and their tasks, and puts them in the store when something
   * moved; settled windows close. Resolves true when it published every task held.
   */
  async read(signal: AbortSignal): Promise<boolean> {
    const {client, store, now} = this.options;
    const ids = this.windows.due(now());
    if (ids.length === 0 || !store.getState().snapshot) return false;
    const sync = this.options.taskSync?.store.complete ? this.options.taskSync : undefined;
    const stamp = sync?.store.stamp();
    const withTasks = this.small();
    if (!withTasks && !readsByName(client)) return false;
    // On a big swarm a service rolling out is read by ID at the rollout pace already (list-pacing.ts).
    const rolling = new Set(
      store
        .getState()
        .snapshot!.services.filter(service => rollingOut(service))
        .map(service => service.ID),
    );
    const wanted = withTasks ? ids : ids.filter(id => !rolling.has(id));
    for (const id of ids) if (!wanted.includes(id)) this.windows.close(id);
    if (wanted.length === 0) return false;
    const read = await readLive(client, signal, wanted, withTasks);
    const previous = store.getState().snapshot!;
    const next = withLiveRead(previous, read, sync && stamp !== undefined ? {tasks: sync.store, stamp} : undefined);
    const at = now();
    const services = (next ?? previous).services;
    for (const id of wanted)
      this.windows.settle(
        id,
        services.find(service => service.ID === id),
        read.tasks.get(id) ?? [],
        at,
      );
    if (!next) return false;
    applySnapshot(store, sync ? withTasksSetAside(next, sync.setAside) : next, at);
    return sync !== undefined;
  }
}

/** `snapshot` naming `setAside` as the unreadable objects of its tasks, which it holds from another read than its lists'. */
export function withTasksSetAside(snapshot: SwarmSnapshot, setAside: SetAside | undefined): SwarmSnapshot {
  const {tasks: _lists, ...others} = snapshot.setAside ?? {};
  const merged = setAside ? {...others, tasks: setAside} : others;
  const {setAside: _old, ...rest} = snapshot;
  return Object.keys(merged).length > 0 ? {...rest, setAside: merged} : rest;
}

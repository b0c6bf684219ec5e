// Every task of the swarm, kept in memory after one full read and then kept current
// by reading again only what changed: one service's tasks, or one node's. On a swarm
// of tens of thousands of tasks a full read costs about a second of CPU; a service's
// tasks cost a few milliseconds, so panes that list or count every task draw from here.
import type {SwarmNode, SwarmService, SwarmTask} from '../docker/types.js';
import {markKeptByIdentity} from './reconcile.js';

/** A read that replaces part (or all) of the store. */
export type TaskPart = {kind: 'all'} | {kind: 'service'; serviceId: string} | {kind: 'node'; nodeId: string};

// Per service object (treated as immutable): every refresh compares 2,000 marks, and the
// lists keep an unchanged service by identity. Per list, the IDs it holds.
const marksByService = new WeakMap<SwarmService, string>();
const idSets = new WeakMap<readonly {ID: string}[], ReadonlySet<string>>();

/**
 * What the services list said of a service when its tasks were read. The engine
 * counts running tasks at each list, so a task that fails or restarts (no event
 * tells of it) shows as a count that moved since: that service is read again.
 */
export function serviceMark(service: SwarmService): string {
  let mark = marksByService.get(service);
  if (mark === undefined) {
    const status = service.ServiceStatus;
    mark = `${service.Version.Index}/${status?.RunningTasks ?? '-'}/${status?.DesiredTasks ?? '-'}/${status?.CompletedTasks ?? '-'}/${service.UpdateStatus?.State ?? ''}`;
    marksByService.set(service, mark);
  }
  return mark;
}

/** The IDs of a list, once per list. */
function idsOf(list: readonly {ID: string}[]): ReadonlySet<string> {
  let ids = idSets.get(list);
  if (!ids) {
    ids = new Set(list.map(item => item.ID));
    idSets.set(list, ids);
  }
  return ids;
}

/** A node's tasks move when it goes down or is drained: both move its version or its state. */
export function nodeMark(node: SwarmNode): string {
  return `${node.Version.Index}/${node.Status.State}/${node.Spec.Availability}`;
}

function sameTask(a: SwarmTask, b: SwarmTask): boolean {
  return a.Version.Index === b.Version.Index && a.UpdatedAt === b.UpdatedAt;
}

/** A task on its way somewhere (new, pending, starting; or told to stop and not stopped yet). */
function moving(task: SwarmTask): boolean {
  const state = task.Status.State;
  return task.DesiredState === 'running' ? state !== 'running' : task.DesiredState === 'shutdown' && (state === 'running' || state === 'starting');
}

function partKey(part: TaskPart): string {
  return part.kind === 'service' ? `s:${part.serviceId}` : part.kind === 'node' ? `n:${part.nodeId}` : 'all';
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (set) set.add(id);
  else map.set(key, new Set([id]));
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}

export class TaskStore {
  private readonly byId = new Map<string, SwarmTask>();
  // Task IDs per service and per node, so that replacing one's tasks does not walk every task.
  private readonly idsByService = new Map<string, Set<string>>();
  private readonly idsByNode = new Map<string, Set<string>>();
  private list: SwarmTask[] = [];
  private listStale = false;
  private filled = false;
  private stamps = 0;
  /** The stamp of the newest read applied per part: a slower, older read does not undo it. */
  private readonly appliedStamp = new Map<string, number>();
  private readonly serviceMarks = new Map<string, string>();
  private readonly nodeMarks = new Map<string, string>();
  // How many tasks of each service are on their way: kept as tasks come and go, not counted over every task per refresh.
  private readonly movingByService = new Map<string, number>();

  /** True once a full read has landed: from then on every task is here. */
  get complete(): boolean {
    return this.filled;
  }

  get size(): number {
    return this.byId.size;
  }

  /** The task held under an ID: a read reuses it for an element at the same version (docker/list-stream.ts). */
  readonly task = (id: string): SwarmTask | undefined => this.byId.get(id);

  /** The stamp of the last read of `part` applied (0: none since the store began): older reads are due first. */
  lastReadStamp(part: TaskPart): number {
    return this.appliedStamp.get(partKey(part)) ?? 0;
  }

  /** Taken when a read starts, and given back with its tasks to `replace`. */
  stamp(): number {
    this.stamps += 1;
    return this.stamps;
  }

  /**
   * Every task, in the order first seen. The same array until a task changes,
   * so a refresh in which nothing moved leaves the snapshot as it was.
   */
  tasks(): SwarmTask[] {
    if (this.listStale) {
      this.list = markKeptByIdentity([...this.byId.values()]);
      this.listStale = false;
    }
    return this.list;
  }

  /**
   * The tasks a read of `part` returned replace what the store held for it.
   * `services`/`nodes` are the lists read before it started (their marks are
   * recorded); `stamp` orders it against the other reads. Returns whether a task changed.
   */
  replace(part: TaskPart, tasks: readonly SwarmTask[], stamp: number, seen?: {services?: readonly SwarmService[]; nodes?: readonly SwarmNode[]}): boolean {
    const key = partKey(part);
    if ((this.appliedStamp.get(key) ?? 0) > stamp) return false;
    if (part.kind === 'all') return this.replaceAll(tasks, stamp, seen);
    this.appliedStamp.set(key, stamp);
    const held = part.kind === 'service' ? this.idsByService.get(part.serviceId) : this.idsByNode.get(part.nodeId);
    const before = held ? [...held] : [];
    let changed = this.put(tasks);
    const fresh = new Set(tasks.map(task => task.ID));
    for (const id of before) {
      if (!fresh.has(id)) {
        this.deleteTask(id);
        changed = true;
      }
    }
    if (part.kind === 'service') {
      const service = seen?.services?.find(candidate => candidate.ID === part.serviceId);
      if (service) this.serviceMarks.set(part.serviceId, serviceMark(service));
      else this.serviceMarks.delete(part.serviceId);
    } else {
      const node = seen?.nodes?.find(candidate => candidate.ID === part.nodeId);
      if (node) this.nodeMarks.set(part.nodeId, nodeMark(node));
    }
    if (changed) this.listStale = true;
    return changed;
  }

  /** A service gone from the list takes its tasks with it (the engine deletes them soon after). */
  forgetService(serviceId: string): boolean {
    this.serviceMarks.delete(serviceId);
    this.appliedStamp.delete(`s:${serviceId}`);
    const held = [...(this.idsByService.get(serviceId) ?? [])];
    for (const id of held) this.deleteTask(id);
    const changed = held.length > 0;
    if (changed) this.listStale = true;
    return changed;
  }

  forgetNode(nodeId: string): void {
    this.nodeMarks.delete(nodeId);
    this.appliedStamp.delete(`n:${nodeId}`);
  }

  /** The services whose tasks no longer match what the services list says of them (or were never read). */
  staleServices(services: readonly SwarmService[]): string[] {
    return services.filter(service => this.serviceMarks.get(service.ID) !== serviceMark(service)).map(service => service.ID);
  }

  staleNodes(nodes: readonly SwarmNode[]): string[] {
    return nodes.filter(node => this.nodeMarks.get(node.ID) !== nodeMark(node)).map(node => node.ID);
  }

  /** Services and nodes whose marks are kept but which the lists no longer hold. */
  gone(services: readonly SwarmService[], nodes: readonly SwarmNode[]): {services: string[]; nodes: string[]} {
    const serviceIds = idsOf(services);
    const nodeIds = idsOf(nodes);
    const goneServices = new Set<string>();
    for (const id of this.idsByService.keys()) if (!serviceIds.has(id)) goneServices.add(id);
    for (const id of this.serviceMarks.keys()) if (!serviceIds.has(id)) goneServices.add(id);
    const goneNodes: string[] = [];
    for (const id of this.nodeMarks.keys()) if (!nodeIds.has(id)) goneNodes.push(id);
    return {services: [...goneServices], nodes: goneNodes};
  }

  /**
   * Services with a task on its way somewhere (new, pending, starting; or told to stop and
   * not stopped yet): their next states move no count, so they are read until they settle.
   */
  unsettledServices(): string[] {
    return [...this.movingByService.keys()];
  }

  /** How many tasks the store holds for a service: what re-reading it costs. */
  countOf(serviceId: string): number {
    return this.idsByService.get(serviceId)?.size ?? 0;
  }

  /** A task seen before keeps its place in the list (Map.set on a present key does not move it). */
  private setTask(task: SwarmTask, kept: SwarmTask | undefined): void {
    if (kept) this.unindex(kept);
    this.byId.set(task.ID, task);
    addTo(this.idsByService, task.ServiceID, task.ID);
    if (task.NodeID) addTo(this.idsByNode, task.NodeID, task.ID);
    if (moving(task)) this.movingByService.set(task.ServiceID, (this.movingByService.get(task.ServiceID) ?? 0) + 1);
  }

  private deleteTask(id: string): void {
    const task = this.byId.get(id);
    if (!task) return;
    this.unindex(task);
    this.byId.delete(id);
  }

  private unindex(task: SwarmTask): void {
    removeFrom(this.idsByService, task.ServiceID, task.ID);
    if (task.NodeID) removeFrom(this.idsByNode, task.NodeID, task.ID);
    if (moving(task)) {
      const left = (this.movingByService.get(task.ServiceID) ?? 0) - 1;
      if (left > 0) this.movingByService.set(task.ServiceID, left);
      else this.movingByService.delete(task.ServiceID);
    }
  }

  private put(tasks: readonly SwarmTask[]): boolean {
    let changed = false;
    for (const task of tasks) {
      const kept = this.byId.get(task.ID);
      if (kept && sameTask(kept, task)) continue;
      this.setTask(task, kept);
      changed = true;
    }
    return changed;
  }

  private replaceAll(tasks: readonly SwarmTask[], stamp: number, seen?: {services?: readonly SwarmService[]; nodes?: readonly SwarmNode[]}): boolean {
    // Parts read after this read began hold newer tasks than it does: they stay as they are.
    const newer = [...this.appliedStamp].filter(([key, applied]) => key !== 'all' && applied > stamp);
    const newerKeys = new Set(newer.map(([key]) => key));
    const keep = (task: SwarmTask) => newerKeys.has(`s:${task.ServiceID}`) || (task.NodeID !== undefined && newerKeys.has(`n:${task.NodeID}`));
    let changed = false;
    const fresh = new Set<string>();
    for (const task of tasks) {
      fresh.add(task.ID);
      const kept = this.byId.get(task.ID);
      if (kept && (keep(kept) || sameTask(kept, task))) continue;
      if (!kept && keep(task)) continue;
      this.setTask(task, kept);
      changed = true;
    }
    for (const [id, task] of this.byId) {
      if (!fresh.has(id) && !keep(task)) {
        this.deleteTask(id);
        changed = true;
      }
    }
    this.appliedStamp.clear();
    this.appliedStamp.set('all', stamp);
    for (const [key, applied] of newer) this.appliedStamp.set(key, applied);
    if (seen?.services) {
      const newerService = new Set([...newerKeys].filter(key => key.startsWith('s:')).map(key => key.slice(2)));
      const previousMarks = new Map(this.serviceMarks);
      this.serviceMarks.clear();
      for (const service of seen.services) {
        this.serviceMarks.set(service.ID, newerService.has(service.ID) ? (previousMarks.get(service.ID) ?? '') : serviceMark(service));
      }
    }
    if (seen?.nodes) {
      this.nodeMarks.clear();
      for (const node of seen.nodes) this.nodeMarks.set(node.ID, nodeMark(node));
    }
    const wasFilled = this.filled;
    this.filled = true;
    if (changed || !wasFilled) this.listStale = true;
    return changed || !wasFilled;
  }
}

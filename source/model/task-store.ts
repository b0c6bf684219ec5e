// Every task of the swarm, kept in memory after one full read and then kept current
// by reading again only what changed: one service's tasks, or one node's. On a swarm
// of tens of thousands of tasks a full read costs about a second of CPU; a service's
// tasks cost a few milliseconds, so panes that list or count every task draw from here.
import type {SwarmNode, SwarmService, SwarmTask} from '../docker/types.js';

/** A read that replaces part (or all) of the store. */
export type TaskPart = {kind: 'all'} | {kind: 'service'; serviceId: string} | {kind: 'node'; nodeId: string};

/**
 * What the services list said of a service when its tasks were read. The engine
 * counts running tasks at each list, so a task that fails or restarts (no event
 * tells of it) shows as a count that moved since: that service is read again.
 */
export function serviceMark(service: SwarmService): string {
  const status = service.ServiceStatus;
  return `${service.Version.Index}/${status?.RunningTasks ?? '-'}/${status?.DesiredTasks ?? '-'}/${status?.CompletedTasks ?? '-'}/${service.UpdateStatus?.State ?? ''}`;
}

/** A node's tasks move when it goes down or is drained: both move its version or its state. */
export function nodeMark(node: SwarmNode): string {
  return `${node.Version.Index}/${node.Status.State}/${node.Spec.Availability}`;
}

function sameTask(a: SwarmTask, b: SwarmTask): boolean {
  return a.Version.Index === b.Version.Index && a.UpdatedAt === b.UpdatedAt;
}

function partKey(part: TaskPart): string {
  return part.kind === 'service' ? `s:${part.serviceId}` : part.kind === 'node' ? `n:${part.nodeId}` : 'all';
}

export class TaskStore {
  private readonly byId = new Map<string, SwarmTask>();
  private list: SwarmTask[] = [];
  private listStale = false;
  private filled = false;
  private stamps = 0;
  /** The stamp of the newest read applied per part: a slower, older read does not undo it. */
  private readonly appliedStamp = new Map<string, number>();
  private readonly serviceMarks = new Map<string, string>();
  private readonly nodeMarks = new Map<string, string>();

  /** True once a full read has landed: from then on every task is here. */
  get complete(): boolean {
    return this.filled;
  }

  get size(): number {
    return this.byId.size;
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
      this.list = [...this.byId.values()];
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
    const belongs = part.kind === 'service' ? (task: SwarmTask) => task.ServiceID === part.serviceId : (task: SwarmTask) => task.NodeID === part.nodeId;
    let changed = this.put(tasks);
    const fresh = new Set(tasks.map(task => task.ID));
    for (const [id, task] of this.byId) {
      if (belongs(task) && !fresh.has(id)) {
        this.byId.delete(id);
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
    let changed = false;
    for (const [id, task] of this.byId) {
      if (task.ServiceID === serviceId) {
        this.byId.delete(id);
        changed = true;
      }
    }
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
    const serviceIds = new Set(services.map(service => service.ID));
    const nodeIds = new Set(nodes.map(node => node.ID));
    const servicesWithTasks = new Set<string>();
    for (const task of this.byId.values()) servicesWithTasks.add(task.ServiceID);
    for (const id of this.serviceMarks.keys()) servicesWithTasks.add(id);
    return {
      services: [...servicesWithTasks].filter(id => !serviceIds.has(id)),
      nodes: [...this.nodeMarks.keys()].filter(id => !nodeIds.has(id)),
    };
  }

  /**
   * Services with a task on its way somewhere (new, pending, starting; or told to stop and
   * not stopped yet): their next states move no count, so they are read until they settle.
   */
  unsettledServices(): string[] {
    const found = new Set<string>();
    for (const task of this.byId.values()) {
      if (found.has(task.ServiceID)) continue;
      const state = task.Status.State;
      const moving = task.DesiredState === 'running' ? state !== 'running' : task.DesiredState === 'shutdown' && (state === 'running' || state === 'starting');
      if (moving) found.add(task.ServiceID);
    }
    return [...found];
  }

  /** How many tasks the store holds for a service: what re-reading it costs. */
  countOf(serviceId: string): number {
    let count = 0;
    for (const task of this.byId.values()) if (task.ServiceID === serviceId) count += 1;
    return count;
  }

  private put(tasks: readonly SwarmTask[]): boolean {
    let changed = false;
    for (const task of tasks) {
      const kept = this.byId.get(task.ID);
      if (kept && sameTask(kept, task)) continue;
      // A task seen before keeps its place (Map.set on a present key does not move it).
      this.byId.set(task.ID, task);
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
      this.byId.set(task.ID, task);
      changed = true;
    }
    for (const [id, task] of this.byId) {
      if (!fresh.has(id) && !keep(task)) {
        this.byId.delete(id);
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

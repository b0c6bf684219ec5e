// The simulated raft store: every object, the one global version counter
// (swarmkit's Version.Index is the store index of an object's last write), the
// cached JSON per object, and the service and node events each write produces.

import type {Agenda} from './agenda.js';
import type {EngineMeta, EngineNetwork} from './engine-types.js';
import {EventLog, makeEvent, nodeEventView, nodeUpdateAttributes, serviceEventView, serviceUpdateAttributes} from './events.js';
import type {NodeRecord, ServiceRecord, TaskRecord} from './records.js';
import {serializeTask} from './task-json.js';
import {type Stamp, Stamper} from './time.js';

export class SwarmStore {
  index = 0;
  readonly nodes = new Map<string, NodeRecord>();
  readonly services = new Map<string, ServiceRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  readonly networks = new Map<string, EngineNetwork>();
  readonly events = new EventLog();
  /** Bumped on any task write: list caches compare it. */
  taskGeneration = 0;
  serviceGeneration = 0;
  nodeGeneration = 0;
  private readonly stamper = new Stamper();
  private taskListCache: {generation: number; body: Buffer} | undefined;
  // Tasks ordered by ID, as the engine's memdb lists them. Sorted once when first read
  // (after a bulk build), then kept sorted by binary insertion.
  private sortedTasks: TaskRecord[] = [];
  private unsorted = false;

  constructor(private readonly agenda: Agenda) {}

  stamp(): Stamp {
    return this.stamper.stamp(this.agenda.now);
  }

  nextIndex(): number {
    return ++this.index;
  }

  private touch(meta: EngineMeta, stamp: Stamp): void {
    meta.Version = {Index: this.nextIndex()};
    meta.UpdatedAt = stamp.text;
  }

  // --- tasks ---------------------------------------------------------------

  addTask(task: TaskRecord): void {
    this.tasks.set(task.api.ID, task);
    task.service.tasks.add(task);
    if (this.unsorted) this.sortedTasks.push(task);
    else if (this.sortedTasks.length > 1000 && this.taskListCache === undefined) {
      this.sortedTasks.push(task);
      this.unsorted = true;
    } else this.sortedTasks.splice(this.sortedPosition(task.api.ID), 0, task);
    this.taskGeneration++;
  }

  /** Applies a change to a task as one store write. */
  writeTask(task: TaskRecord, change: (stamp: Stamp) => void): void {
    if (task.deleted) return;
    const stamp = this.stamp();
    change(stamp);
    this.touch(task.api, stamp);
    task.json = undefined;
    this.taskGeneration++;
  }

  deleteTask(task: TaskRecord): void {
    if (task.deleted) return;
    task.deleted = true;
    if (task.timer) task.timer.cancelled = true;
    this.tasks.delete(task.api.ID);
    task.service.tasks.delete(task);
    if (this.unsorted) this.sortedTasks.splice(this.sortedTasks.indexOf(task), 1);
    else {
      const at = this.sortedPosition(task.api.ID);
      if (this.sortedTasks[at] === task) this.sortedTasks.splice(at, 1);
    }
    this.taskGeneration++;
  }

  taskJson(task: TaskRecord): string {
    return (task.json ??= serializeTask(task.api));
  }

  /**
   * The whole task list as GET /tasks sends it (ordered by ID like the engine's
   * memdb, newline-terminated), encoded once and served from cache until a task changes.
   */
  allTasksBody(): Buffer {
    if (this.taskListCache?.generation === this.taskGeneration) return this.taskListCache.body;
    const body = Buffer.from(
      '[' +
        this.tasksById()
          .map(task => this.taskJson(task))
          .join(',') +
        ']\n',
    );
    this.taskListCache = {generation: this.taskGeneration, body};
    return body;
  }

  tasksById(): readonly TaskRecord[] {
    if (this.unsorted) {
      this.sortedTasks.sort((a, b) => (a.api.ID < b.api.ID ? -1 : 1));
      this.unsorted = false;
    }
    return this.sortedTasks;
  }

  private sortedPosition(id: string): number {
    let low = 0;
    let high = this.sortedTasks.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.sortedTasks[middle]!.api.ID < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  // --- services --------------------------------------------------------------

  addService(service: ServiceRecord, options: {silent?: boolean} = {}): void {
    this.services.set(service.api.ID, service);
    this.serviceGeneration++;
    if (!options.silent) this.publish('service', 'create', service.api.ID, {name: service.api.Spec.Name}, this.stamp());
  }

  /** Applies a change to a service as one store write, and emits the update event the daemon would derive from it. */
  writeService(service: ServiceRecord, change: (stamp: Stamp) => void): void {
    if (service.removed) return;
    const before = serviceEventView(service.api);
    const stamp = this.stamp();
    change(stamp);
    this.touch(service.api, stamp);
    service.json = undefined;
    this.serviceGeneration++;
    const attributes = serviceUpdateAttributes(service.api.Spec.Name, before, serviceEventView(service.api));
    this.publish('service', 'update', service.api.ID, attributes, stamp);
  }

  removeService(service: ServiceRecord): void {
    service.removed = true;
    this.services.delete(service.api.ID);
    this.serviceGeneration++;
    this.publish('service', 'remove', service.api.ID, {name: service.api.Spec.Name}, this.stamp());
  }

  serviceJson(service: ServiceRecord): string {
    return (service.json ??= JSON.stringify(service.api));
  }

  // --- nodes -----------------------------------------------------------------

  addNode(node: NodeRecord): void {
    this.nodes.set(node.api.ID, node);
    this.nodeGeneration++;
  }

  writeNode(node: NodeRecord, change: (stamp: Stamp) => void): void {
    const before = nodeEventView(node.api);
    const stamp = this.stamp();
    change(stamp);
    this.touch(node.api, stamp);
    node.json = undefined;
    this.nodeGeneration++;
    const name = node.api.Spec.Name || node.api.Description.Hostname;
    this.publish('node', 'update', node.api.ID, nodeUpdateAttributes(name, before, nodeEventView(node.api)), stamp);
  }

  nodeJson(node: NodeRecord): string {
    return (node.json ??= JSON.stringify(node.api));
  }

  private publish(type: 'service' | 'node', action: 'create' | 'update' | 'remove', id: string, attributes: Record<string, string>, stamp: Stamp): void {
    this.events.publish(makeEvent(type, action, id, attributes, stamp), stamp.ms);
  }
}

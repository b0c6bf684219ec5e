// Keeps a TaskStore current once it holds every task. Each refresh reads nodes and
// services as before, then only the tasks that can have moved since:
// - the services and nodes an engine event named;
// - services whose version, running or desired count, or update state differ from
//   when their tasks were last read (a task that fails or restarts sends no event,
//   but the engine's running count moves with it);
// - nodes whose version, state or availability moved;
// - services rolling out or back, every refresh (that is the rollout pace);
// - services with a task on its way (pending, starting, stopping), until it settles;
// - the pane's own service or node, at a pace set by its cost.
// A full read in the background, at most one share of wall time and no more often
// than once a minute, catches whatever those miss.
import type {ReadOnlySwarmClient} from '../docker/client.js';
import type {EngineEvent} from '../docker/events.js';
import type {ReadList, SetAside} from '../docker/decode/set-aside.js';
import type {SwarmNode, SwarmService, SwarmTask, TaskScope} from '../docker/types.js';
import {type TaskPart, TaskStore} from './task-store.js';
import {runLimited} from './run-limited.js';

/** How many service or node reads one refresh makes at most; what is left waits for the next. */
export const MAX_PART_READS = 16;
/** How many of them are under way at once. */
export const PART_READ_CONCURRENCY = 4;
/** A full read that has not answered in this long is given up (and tried again when next due). */
export const FULL_READ_TIMEOUT_MS = 60_000;
/**
 * Other task changes reach the snapshot at most once per this many ms per task held
 * (and at most once per refresh): every new task list re-indexes and re-groups every
 * task, about 12 µs a task on the bench machine, so 20,000 tasks publish every 8 s.
 */
export const PUBLISH_MS_PER_TASK = 0.4;

export function publishDue(lastAt: number, now: number, tasks: number, intervalMs: number): boolean {
  return now - lastAt >= Math.max(intervalMs, tasks * PUBLISH_MS_PER_TASK) - intervalMs / 2;
}

/** The background full read comes no more often than this… */
export const RECONCILE_MIN_MS = 60_000;
/** …and takes at most this share of wall time… */
export const RECONCILE_SHARE = 0.05;
/**
 * …and comes at least this many ms apart per task held: 25,000 tasks every 5 minutes. Each
 * full read costs about 50 µs of CPU per task, parsing and collecting included, so at large a
 * read every minute was 1–1.5 s of CPU per minute on its own, for what the events, the running
 * counts and the unsettled reads leave it to catch (mostly history the engine pruned).
 */
export const RECONCILE_MS_PER_TASK = 12;

export interface TaskSyncInput {
  services: readonly SwarmService[];
  nodes: readonly SwarmNode[];
  /** Services and nodes an engine event named since the last refresh. */
  touched: {services: ReadonlySet<string>; nodes: ReadonlySet<string>};
  /** The pane's own service or node, when its tasks are due for a re-read by their cost. */
  pane?: TaskPart;
  /** Whether services with a task on its way are read this time (at the normal pace, not a rollout's). */
  unsettled?: boolean;
  /**
   * On a big swarm, between publications: the tasks of services rolling out wait, whatever named
   * them (their events, their moving counts), since what is read now would not show before the
   * next publication. The pane's own service (`shown`) is read at the rollout pace still.
   */
  rolloutsHeld?: boolean;
  shown?: TaskPart;
  maxReads?: number;
}

export interface TaskSyncPlan {
  /** The parts to read, most pressing first. */
  reads: TaskPart[];
  /** Services no longer listed: their tasks leave the store. */
  forgetServices: string[];
  forgetNodes: string[];
}

function updating(service: SwarmService): boolean {
  const state = service.UpdateStatus?.State;
  return state === 'updating' || state === 'rollback_started';
}

/** What to read this refresh, from what the services and nodes lists say against the store. */
export function planTaskReads(store: TaskStore, input: TaskSyncInput): TaskSyncPlan {
  const listedServices = new Set(input.services.map(service => service.ID));
  const listedNodes = new Set(input.nodes.map(node => node.ID));
  const gone = store.gone(input.services, input.nodes);
  const reads: TaskPart[] = [];
  const chosen = new Set<string>();
  const held = new Set(input.rolloutsHeld ? input.services.filter(updating).map(service => service.ID) : []);
  if (input.shown?.kind === 'service') held.delete(input.shown.serviceId);
  const add = (part: TaskPart) => {
    const key = part.kind === 'service' ? `s:${part.serviceId}` : part.kind === 'node' ? `n:${part.nodeId}` : 'all';
    if (chosen.has(key)) return;
    if (part.kind === 'service' && (!listedServices.has(part.serviceId) || held.has(part.serviceId))) return;
    if (part.kind === 'node' && !listedNodes.has(part.nodeId)) return;
    chosen.add(key);
    reads.push(part);
  };
  // Least recently read first: more services rolling out than one refresh reads take turns.
  const rolling = input.services.filter(updating).map(service => ({kind: 'service', serviceId: service.ID}) as const);
  const lastRead = new Map(rolling.map(part => [part.serviceId, store.lastReadStamp(part)]));
  for (const part of rolling.sort((x, y) => lastRead.get(x.serviceId)! - lastRead.get(y.serviceId)!)) add(part);
  if (input.pane) add(input.pane);
  for (const serviceId of input.touched.services) add({kind: 'service', serviceId});
  for (const serviceId of store.staleServices(input.services)) add({kind: 'service', serviceId});
  for (const nodeId of input.touched.nodes) add({kind: 'node', nodeId});
  for (const nodeId of store.staleNodes(input.nodes)) add({kind: 'node', nodeId});
  if (input.unsettled) for (const serviceId of store.unsettledServices()) add({kind: 'service', serviceId});
  return {reads: reads.slice(0, input.maxReads ?? MAX_PART_READS), forgetServices: gone.services, forgetNodes: gone.nodes};
}

export function partScope(part: TaskPart): TaskScope {
  return part;
}

/** The engine's "no such service/node": the object went between the list and the read, so it has no tasks. */
function notFound(error: unknown): boolean {
  const status = (error as {statusCode?: unknown} | undefined)?.statusCode;
  return status === 404;
}

export interface ReadTiming {
  at: number;
  ms: number;
}

/** Whether the background full read is due, given the last one (undefined: none has succeeded yet). */
export function reconcileDue(last: ReadTiming | undefined, now: number, tasksHeld = 0): boolean {
  if (!last) return true;
  return now - last.at >= Math.max(RECONCILE_MIN_MS, last.ms / RECONCILE_SHARE, tasksHeld * RECONCILE_MS_PER_TASK);
}

/** The store, the engine events noted for it, and the reads that keep it current. */
export class TaskSync {
  readonly store = new TaskStore();
  private touchedServices = new Set<string>();
  private touchedNodes = new Set<string>();
  private fullRead?: AbortController;
  private lastFullRead?: ReadTiming;
  private lastUnsettledRead = Number.NEGATIVE_INFINITY;
  private lastRolloutRead = Number.NEGATIVE_INFINITY;
  /** The tasks the last read of every task set aside (unreadable): the tasks pane names them. */
  setAside: SetAside | undefined;

  constructor(
    private readonly client: ReadOnlySwarmClient,
    private readonly now: () => number,
  ) {}

  /** Engine events name what moved: those services' and nodes' tasks are read at the next refresh. */
  note(events: readonly EngineEvent[]): void {
    for (const event of events) {
      const id = event.Actor?.ID;
      if (!id) continue;
      if (event.Type === 'service') this.touchedServices.add(id);
      else if (event.Type === 'node') this.touchedNodes.add(id);
    }
  }

  /**
   * Reads what moved since the last refresh into the store, given the nodes and
   * services this refresh read. Rejects as the engine does (the refresh then fails
   * and is retried); what events named is kept for that retry. Resolves true when
   * the pane's own tasks, or tasks an event named, moved: those show at once.
   */
  async refresh(
    signal: AbortSignal,
    lists: {services: readonly SwarmService[]; nodes: readonly SwarmNode[]},
    options: {pane?: TaskPart | undefined; shown?: TaskPart | undefined; intervalMs: number},
  ): Promise<boolean> {
    const touched = {services: this.touchedServices, nodes: this.touchedNodes};
    this.touchedServices = new Set();
    this.touchedNodes = new Set();
    const unsettled = this.now() - this.lastUnsettledRead >= options.intervalMs;
    if (unsettled) this.lastUnsettledRead = this.now();
    // The pane's own part, or (on a swarm small enough that every change is published each
    // refresh anyway) one an event named. On a big one a rollout names services all the time, and
    // publishing each of their task changes at once re-indexed every task every refresh; the user's
    // own actions refresh with everything (refreshNow), and the rest shows at the publishing pace.
    const eventsUrgent = this.store.size * PUBLISH_MS_PER_TASK <= options.intervalMs;
    // So on a big swarm the rolling services' tasks are read at that pace too, not every refresh.
    const rolloutsHeld = !eventsUrgent && !publishDue(this.lastRolloutRead, this.now(), this.store.size, options.intervalMs);
    if (!rolloutsHeld) this.lastRolloutRead = this.now();
    const plan = planTaskReads(this.store, {
      ...lists,
      touched,
      unsettled,
      rolloutsHeld,
      ...(options.pane && {pane: options.pane}),
      ...(options.shown && {shown: options.shown}),
    });
    const urgent = (part: TaskPart) =>
      part.kind === 'service'
        ? (eventsUrgent && touched.services.has(part.serviceId)) || (options.shown?.kind === 'service' && options.shown.serviceId === part.serviceId)
        : part.kind === 'node' &&
          ((eventsUrgent && touched.nodes.has(part.nodeId)) || (options.shown?.kind === 'node' && options.shown.nodeId === part.nodeId));
    let urgentChange = false;
    for (const serviceId of plan.forgetServices) this.store.forgetService(serviceId);
    for (const nodeId of plan.forgetNodes) this.store.forgetNode(nodeId);
    try {
      await runLimited(plan.reads, PART_READ_CONCURRENCY, async part => {
        const stamp = this.store.stamp();
        let tasks: SwarmTask[];
        try {
          tasks = await this.client.tasks.list(signal, partScope(part), this.store.task);
        } catch (error) {
          if (!notFound(error) || signal.aborted) throw error;
          tasks = [];
        }
        if (signal.aborted) throw signal.reason;
        if (this.store.replace(part, tasks, stamp, lists) && urgent(part)) urgentChange = true;
      });
    } catch (error) {
      // What was not read is read at the next refresh.
      for (const serviceId of touched.services) this.touchedServices.add(serviceId);
      for (const nodeId of touched.nodes) this.touchedNodes.add(nodeId);
      throw error;
    }
    return urgentChange;
  }

  get fullReadUnderWay(): boolean {
    return this.fullRead !== undefined;
  }

  /** Whether a full read should start now: none has landed yet, or the last is old enough. */
  reconcileDue(): boolean {
    return !this.fullRead && reconcileDue(this.lastFullRead, this.now(), this.store.size);
  }

  /**
   * Reads every task in the background, and hands them to `landed` once they are
   * in the store. A failure waits for the next due time (the refreshes report
   * the engine's state). `lists` are the nodes and services read before it began.
   */
  startFullRead(lists: {services: readonly SwarmService[]; nodes: readonly SwarmNode[]}, landed: (changed: boolean) => void): void {
    if (this.fullRead) return;
    const controller = new AbortController();
    this.fullRead = controller;
    const stamp = this.store.stamp();
    const started = this.now();
    const watchdog = setTimeout(() => controller.abort(new Error('no answer')), FULL_READ_TIMEOUT_MS);
    const failed = () => {
      clearTimeout(watchdog);
      if (this.fullRead !== controller) return;
      this.fullRead = undefined;
      // Try again after the same wait as after a good read, not at once.
      this.lastFullRead = {at: this.now(), ms: this.now() - started};
    };
    controller.signal.addEventListener('abort', failed, {once: true});
    this.client.tasks.list(controller.signal, {kind: 'all'}, this.store.task).then(
      tasks => {
        clearTimeout(watchdog);
        if (controller.signal.aborted) return;
        this.fullRead = undefined;
        this.lastFullRead = {at: this.now(), ms: this.now() - started};
        this.setAside = tasks.setAside;
        landed(this.store.replace({kind: 'all'}, tasks, stamp, lists));
      },
      () => {
        clearTimeout(watchdog);
        failed();
      },
    );
  }

  /** Every task just read by a refresh (an engine without task counts reads them all each time). */
  fill(tasks: ReadList<SwarmTask>, stamp: number, lists: {services: readonly SwarmService[]; nodes: readonly SwarmNode[]}, readMs: number): boolean {
    this.lastFullRead = {at: this.now(), ms: readMs};
    this.setAside = tasks.setAside;
    return this.store.replace({kind: 'all'}, tasks, stamp, lists);
  }

  /** The manager was left behind, or the console stops: drop the full read under way; the next is due at once. */
  abort(soon: boolean): void {
    const fullRead = this.fullRead;
    this.fullRead = undefined;
    fullRead?.abort();
    if (soon) this.lastFullRead = undefined;
  }
}

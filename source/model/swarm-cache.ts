// What the console holds of the swarm and how it is kept current: the tasks in memory
// (task-sync.ts), the pacing of the lists (list-pacing.ts) and of the pane's tasks
// (task-pacing.ts), and the live windows (live-window.ts). `plan()` asks read-plan.ts what
// the next read is; `carryOut()` reads it and applies it to the cluster store. The poller
// (cluster-poller.ts) is the loop around them.
import {type ReadOnlySwarmClient, readNamedSnapshot, readSnapshot, readsByName} from '../docker/client.js';
import type {EngineEvent} from '../docker/events.js';
import type {SwarmSnapshot, TaskScope} from '../docker/types.js';
import {applySnapshot, applyTasks, sameTaskScope, type ClusterStore} from './cluster-store.js';
import {ListPacing, type ListRead} from './list-pacing.js';
import {LiveReads, withTasksSetAside} from './live-read.js';
import {LIVE_READ_MS} from './live-window.js';
import {type ReadPlan, type ReadState, type TaskPlan, paneScope, planRead} from './read-plan.js';
import type {TaskRead} from './task-pacing.js';
import {TaskSync, publishDue} from './task-sync.js';

export interface SwarmCacheOptions {
  client: ReadOnlySwarmClient;
  store: ClusterStore;
  intervalMs: number;
  now: () => number;
  /** The tasks the pane on screen needs. */
  taskScope?: () => TaskScope;
  /** Keep every task in memory (see task-sync.ts). */
  incremental?: boolean;
  /** The pace while a service is rolling out or back (the docker CLI polls about this often then). */
  rolloutIntervalMs?: number;
}

export const ROLLOUT_INTERVAL_MS = 250;

/**
 * What one listed node or service costs a refresh in CPU, to read, reconcile and draw, over the
 * share of time reads sooner than the refresh interval may take (40 µs / 5 %, measured at 2,000
 * services and 500 nodes). Those early reads (the rollout pace, a read on each engine event) are
 * spaced by it: on a small swarm that adds a few ms, while at 2,500 objects it comes to the 2 s
 * refresh. Counted, not timed: a read's time also measures how loaded the engine or this process is.
 */
export const EARLY_READ_MS_PER_OBJECT = 0.8;

/** How long after a read ends the next early read may start: twice the read, and by what it listed. */
export function earlyReadGapMs(readMs: number, listed: number): number {
  return Math.max(2 * readMs, listed * EARLY_READ_MS_PER_OBJECT);
}

/** True while the engine is replacing some service's tasks: task states change by the second then. */
export function rolloutActive(snapshot: SwarmSnapshot): boolean {
  return snapshot.services.some(service => {
    const state = service.UpdateStatus?.State;
    return state === 'updating' || state === 'rollback_started';
  });
}

export class SwarmCache {
  readonly taskSync?: TaskSync;
  readonly lists = new ListPacing();
  readonly live: LiveReads;
  refreshWanted = true;
  forceTasks = false;
  forcePublish = false;
  /** The delay between refreshes the last one set. */
  private paceMs: number;
  private lastReadEnd = 0;
  private lastReadMs = 0;
  private lastListed = 0;
  private lastTaskRead?: TaskRead;
  private lastPublishAt = Number.NEGATIVE_INFINITY;
  private tasksRead?: AbortController;

  constructor(private readonly options: SwarmCacheOptions) {
    this.paceMs = options.intervalMs;
    if (options.incremental) this.taskSync = new TaskSync(options.client, options.now);
    this.live = new LiveReads({...options, ...(this.taskSync && {taskSync: this.taskSync})});
  }

  /** The state the next read is planned from. */
  state(): ReadState {
    const {store, client, intervalMs, now} = this.options;
    const {snapshot, events} = store.getState();
    const sync = this.taskSync;
    return {
      now: now(),
      intervalMs,
      paceMs: this.paceMs,
      previous: snapshot,
      lists: this.lists.pending,
      eventsUp: events?.status === 'up',
      byName: readsByName(client),
      held: !sync ? 'none' : sync.store.complete ? 'complete' : 'filling',
      refreshWanted: this.refreshWanted,
      forceTasks: this.forceTasks,
      forcePublish: this.forcePublish,
      lastReadEnd: this.lastReadEnd,
      lastTaskRead: this.lastTaskRead,
      live: this.live.windows.due(now()),
    };
  }

  plan(): ReadPlan {
    return planRead(this.state(), this.options.taskScope?.());
  }

  /** Reads what `plan` says and applies it. A refresh's snapshot is returned once applied. */
  async carryOut(plan: ReadPlan, signal: AbortSignal): Promise<SwarmSnapshot | undefined> {
    const {store, now} = this.options;
    if (plan.kind === 'live') {
      if (await this.live.read(signal)) this.lastPublishAt = now();
      return undefined;
    }
    this.refreshWanted = false;
    this.forceTasks = false;
    this.forcePublish = false;
    this.lists.take(plan.lists);
    const startedAt = now();
    const snapshot = await this.refresh(signal, plan.lists, plan.tasks, plan.publish);
    applySnapshot(store, snapshot, now());
    this.reconcileTasks(snapshot);
    this.lastReadMs = now() - startedAt;
    this.lastListed = snapshot.nodes.length + snapshot.services.length;
    this.lastReadEnd = now();
    // On a big swarm a read can take longer than the rollout pace: then the pace is the early-read gap.
    const {intervalMs, rolloutIntervalMs} = this.options;
    const rolloutMs = Math.min(Math.max(rolloutIntervalMs ?? ROLLOUT_INTERVAL_MS, earlyReadGapMs(this.lastReadMs, this.lastListed)), intervalMs);
    this.paceMs = this.rolloutPace(snapshot) ? rolloutMs : intervalMs;
    return snapshot;
  }

  /** The delay before the next read: the refresh pace, or the live pace while a window is open. */
  nextDelayMs(): number {
    const untilRefresh = Math.max(0, this.lastReadEnd + this.paceMs - this.options.now());
    return this.live.windows.size > 0 ? Math.min(LIVE_READ_MS, untilRefresh) : untilRefresh;
  }

  /** How long a read on an engine event waits: until earlyReadGapMs after the last refresh ended (at most an interval). */
  earlyReadWaitMs(): number {
    return this.lastReadEnd + Math.min(earlyReadGapMs(this.lastReadMs, this.lastListed), this.options.intervalMs) - this.options.now();
  }

  private async refresh(signal: AbortSignal, lists: ListRead, tasks: TaskPlan, publish: 'now' | 'when-due'): Promise<SwarmSnapshot> {
    const {store, now, intervalMs} = this.options;
    const sync = this.taskSync;
    const previous = store.getState().snapshot;
    if (tasks.kind === 'incremental' && sync) {
      const stamp = sync.store.stamp();
      const started = now();
      const read = await this.readLists(signal, lists, {kind: 'none'});
      // An engine without task counts in its services list: every task was read with them.
      if (!read.taskScope) {
        sync.fill(read.tasks, stamp, read, now() - started);
        return withTasksSetAside({...read, tasks: sync.store.tasks(), taskScope: {kind: 'all'}}, sync.setAside);
      }
      const partsStarted = now();
      const urgent = await sync.refresh(signal, read, {pane: tasks.pane, shown: tasks.shown, intervalMs});
      if (tasks.pane) this.lastTaskRead = {at: now(), ms: now() - partsStarted};
      // Tasks the user looks at or just acted on show at once; the rest at a pace set by how many there are.
      const latest = store.getState().snapshot;
      const held = sync.store.tasks();
      const show = !latest || latest.taskScope?.kind !== 'all' || publish === 'now' || urgent || publishDue(this.lastPublishAt, now(), held.length, intervalMs);
      if (show && latest?.tasks !== held) this.lastPublishAt = now();
      return withTasksSetAside({...read, tasks: show ? held : latest.tasks, taskScope: {kind: 'all'}}, sync.setAside);
    }
    const stamp = sync?.store.stamp();
    const started = now();
    const scope = tasks.kind === 'scope' ? tasks.scope : {kind: 'none' as const};
    const read = await this.readLists(signal, lists, scope);
    let snapshot = read;
    if (tasks.kind === 'keep' && previous && read.taskScope?.kind === 'none') {
      snapshot = withTasksSetAside({...read, tasks: previous.tasks, taskScope: previous.taskScope ?? {kind: 'all'}}, previous.setAside?.tasks);
    } else {
      this.lastTaskRead = {at: now(), ms: now() - started};
      // The pane changed while this read was under way, and its own tasks were read meanwhile (refreshTasks): keep those.
      const wanted = paneScope(this.state(), this.options.taskScope?.());
      const latest = store.getState().snapshot;
      if (wanted && latest && !sameTaskScope(read.taskScope, wanted) && sameTaskScope(latest.taskScope, wanted))
        snapshot = {...read, tasks: latest.tasks, taskScope: wanted};
    }
    // This read brought every task (an engine without task counts reads them all): they fill the store.
    if (sync && stamp !== undefined && !read.taskScope) sync.fill(read.tasks, stamp, read, now() - started);
    // The full read landed while this one was under way: memory holds every task now.
    if (sync?.store.complete) return withTasksSetAside({...snapshot, tasks: sync.store.tasks(), taskScope: {kind: 'all'}}, sync.setAside);
    return snapshot;
  }

  /** Nodes, services and the tasks in `scope`: the whole lists, or what events named. */
  private async readLists(signal: AbortSignal, plan: ListRead, scope: TaskScope): Promise<SwarmSnapshot> {
    const {client, store, now} = this.options;
    const previous = store.getState().snapshot;
    const started = now();
    try {
      if (plan.kind === 'named' && previous) return await readNamedSnapshot(client, signal, scope, previous, plan.named);
      const snapshot = await readSnapshot(client, signal, scope);
      this.lists.landedWhole(started);
      return snapshot;
    } catch (error) {
      this.lists.failed(plan);
      throw error;
    }
  }

  /** Starts the background full read when it is due (the first, once a refresh has landed; then a slow reconcile). */
  private reconcileTasks(snapshot: SwarmSnapshot): void {
    const sync = this.taskSync;
    if (!sync || !sync.reconcileDue()) return;
    sync.startFullRead(snapshot, changed => {
      const latest = this.options.store.getState().snapshot;
      if (changed || (latest?.taskScope && latest.taskScope.kind !== 'all')) {
        applyTasks(this.options.store, sync.store.tasks(), {kind: 'all'});
        // Other panes' task changes are published at a pace from here (publishDue).
        this.lastPublishAt = this.options.now();
      }
    });
  }

  /** Whether refreshes go at the rollout pace: with every task in memory, only while the pane shows a service rolling out. */
  private rolloutPace(snapshot: SwarmSnapshot): boolean {
    if (!this.taskSync?.store.complete) return rolloutActive(snapshot);
    const scope = this.options.taskScope?.();
    if (scope?.kind !== 'service') return false;
    return rolloutActive({...snapshot, services: snapshot.services.filter(service => service.ID === scope.serviceId)});
  }

  /** Engine events: what they name is read next, and a moving service is read live. True when a window opened. */
  note(events: readonly EngineEvent[]): boolean {
    let opened = false;
    for (const event of events) {
      const id = event.Actor?.ID;
      if (id && event.Type === 'service' && event.Action !== 'remove' && this.live.open(id, false)) opened = true;
    }
    this.taskSync?.note(events);
    this.lists.note(events);
    return opened;
  }

  /** The manager was left behind: everything is read anew from the next one. */
  restart(): void {
    this.refreshWanted = true;
    this.forceTasks = true;
    this.forcePublish = true;
    this.live.windows.clear();
    this.lists.wantWhole();
    this.taskSync?.abort(true);
  }

  /**
   * Reads just the tasks the pane now needs (a pane switch, a drill-down) into the last
   * snapshot. A newer call supersedes an older one; a failure is left to the next refresh.
   * False when a refresh should read them instead (nothing read yet, or no pane scope).
   */
  readPaneTasks(): boolean {
    const {client, store, taskScope, now} = this.options;
    // Every task is in memory: the new pane draws from there.
    if (this.taskSync?.store.complete) return true;
    if (!taskScope || !store.getState().snapshot) return false;
    const scope = paneScope(this.state(), taskScope()) ?? taskScope();
    // The pane waits for the full read.
    if (scope.kind === 'none' && this.taskSync) return true;
    this.tasksRead?.abort();
    const controller = new AbortController();
    this.tasksRead = controller;
    const started = now();
    client.tasks.list(controller.signal, scope).then(
      tasks => {
        if (controller.signal.aborted || this.taskSync?.store.complete) return;
        this.lastTaskRead = {at: now(), ms: now() - started};
        applyTasks(store, tasks, scope);
      },
      () => {},
    );
    return true;
  }

  stop(): void {
    this.tasksRead?.abort();
    this.taskSync?.abort(false);
  }
}

import {type ReadOnlySwarmClient, readNamedSnapshot, readSnapshot, readsByName} from '../docker/client.js';
import type {EngineEvent} from '../docker/events.js';
import type {SwarmSnapshot, TaskScope} from '../docker/types.js';
import {applyFailure, applySnapshot, applyTasks, sameTaskScope, type ClusterStore} from './cluster-store.js';
import {type TaskRead, tasksDue} from './task-pacing.js';
import {Refresher} from './refresher.js';
import {ListPacing} from './list-pacing.js';
import {TaskSync, publishDue} from './task-sync.js';
import {LIVE_READ_MS, type LiveWindows} from './live-window.js';
import {LiveReads, withTasksSetAside} from './live-read.js';
import type {TaskPart} from './task-store.js';
import {describeError} from '../docker/errors.js';

export interface ClusterPollerOptions {
  client: ReadOnlySwarmClient;
  store: ClusterStore;
  intervalMs: number;
  /** The pace while a service is rolling out or back (the docker CLI polls about this often then). */
  rolloutIntervalMs?: number;
  now?: () => number;
  /**
   * Which tasks each refresh reads: what the pane on screen needs. Default every
   * task, every refresh. With it, timer refreshes re-read the same scope's tasks
   * at a pace set by their cost (see task-pacing.ts); refreshNow() always reads them.
   */
  taskScope?: () => TaskScope;
  /**
   * Keep every task in memory after one full read (in the background, once the
   * first refresh has landed), and from then on read only the services' and
   * nodes' tasks that moved (see task-sync.ts): every pane draws its tasks from memory.
   */
  incremental?: boolean;
}

export const ROLLOUT_INTERVAL_MS = 250;

/**
 * What one listed node or service costs a refresh in CPU, to read, reconcile and draw, over the
 * share of time reads sooner than the refresh interval may take (40 µs / 5 %, measured at 2,000
 * services and 500 nodes). Those early reads (the rollout pace, a read on each engine event) are
 * spaced by it: on a small swarm that adds a few ms, while at 2,500 objects it comes to the 2 s
 * refresh, so a rollout's steady flow of events no longer has the console re-reading every few
 * hundred ms for changes a person takes in at the refresh pace anyway. Counted, not timed: a
 * read's time or CPU also measures how loaded the engine or this process happens to be.
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

/** Keeps the cluster store fed from the engine. */
export class ClusterPoller {
  private readonly refresher: Refresher;
  private readonly now: () => number;
  private lastReadMs = 0;
  private lastListed = 0;
  private lastReadEnd = 0;
  private changeTimer?: ReturnType<typeof setTimeout>;
  private reading = false;
  private changedDuringRead = false;
  private tasksRead?: AbortController;
  private lastTaskRead?: TaskRead;
  private forceTasks = false;
  /** The user asked for a refresh (or the manager changed): every task change shows with it. */
  private forcePublish = false;
  private lastPublishAt = Number.NEGATIVE_INFINITY;
  private readonly lists = new ListPacing();
  /** Present with `incremental`: the tasks kept in memory. */
  readonly taskSync?: TaskSync;
  /** The services moving now, read every LIVE_READ_MS between refreshes (see live-window.ts). */
  private readonly liveReads: LiveReads;
  get live(): LiveWindows {
    return this.liveReads.windows;
  }
  /** A refresh (nodes, services, tasks) is wanted at the next read, not a live read. */
  private refreshWanted = true;
  /** The pace of refreshes the last one set: between them, live reads alone. */
  private refreshPaceMs: number;

  constructor(private readonly options: ClusterPollerOptions) {
    const now = options.now ?? Date.now;
    this.now = now;
    this.refreshPaceMs = options.intervalMs;
    if (options.incremental) this.taskSync = new TaskSync(options.client, now);
    this.liveReads = new LiveReads({...options, now, ...(this.taskSync && {taskSync: this.taskSync})});
    this.refresher = new Refresher({
      intervalMs: options.intervalMs,
      refresh: async signal => {
        if (this.liveTurn()) {
          if (await this.liveReads.read(signal)) this.lastPublishAt = now();
          this.pace();
          return;
        }
        this.refreshWanted = false;
        const startedAt = now();
        this.reading = true;
        let snapshot: SwarmSnapshot;
        try {
          snapshot = await this.read(signal);
        } finally {
          this.reading = false;
        }
        applySnapshot(options.store, snapshot, now());
        this.reconcileTasks(snapshot);
        // On a big swarm a read can take longer than the rollout pace: then wait at least twice as
        // long as a read takes, so the faster pace never has the console reading more than a third
        // of the time, and by what the read listed (earlyReadGapMs): 2,500 objects keep the normal pace.
        const readMs = now() - startedAt;
        this.lastReadMs = readMs;
        this.lastListed = snapshot.nodes.length + snapshot.services.length;
        this.lastReadEnd = now();
        if (this.changedDuringRead) {
          // This read may have started before the change: one more, by the same rule.
          this.changedDuringRead = false;
          this.readOnChange();
        }
        const rolloutMs = Math.min(Math.max(options.rolloutIntervalMs ?? ROLLOUT_INTERVAL_MS, earlyReadGapMs(readMs, this.lastListed)), options.intervalMs);
        this.refreshPaceMs = this.rolloutPace(snapshot) ? rolloutMs : options.intervalMs;
        this.pace();
      },
      onFailure: (error, _failures, retryInMs) => {
        applyFailure(options.store, describeError(error), now(), now() + retryInMs);
      },
    });
  }

  start(): void {
    this.refresher.start();
  }

  /** Whether this read is a live read: a window is open and no refresh is due yet. */
  private liveTurn(): boolean {
    if (this.refreshWanted || this.live.size === 0 || !this.options.store.getState().snapshot) return false;
    return this.now() < this.lastReadEnd + this.refreshPaceMs - LIVE_READ_MS / 2;
  }

  /** The next read's delay: the refresh pace, or the live pace while a window is open. */
  private pace(): void {
    const untilRefresh = Math.max(0, this.lastReadEnd + this.refreshPaceMs - this.now());
    this.refresher.setInterval(this.live.size > 0 ? Math.min(LIVE_READ_MS, untilRefresh) : untilRefresh);
  }

  /** This console sent a change to a service: it is read live until it settles. */
  noteServiceChange(serviceId: string): void {
    if (this.liveReads.open(serviceId, true)) this.hurry();
  }

  /** Container events from a node's engine (start, die, health): their services are read live now, and until they settle. */
  noteContainerEvents(events: readonly EngineEvent[]): void {
    if (this.liveReads.openForContainers(events)) this.refresher.refreshNow();
  }

  /** A window just opened: the next read comes at the live pace. */
  private hurry(): void {
    if (this.refresher.currentIntervalMs > LIVE_READ_MS) this.refresher.setInterval(LIVE_READ_MS);
  }

  /**
   * Whether refreshes go at the rollout pace. With every task in memory, only while the
   * pane shows a service that is rolling out: each refresh that moves a task re-indexes
   * every task, which four times a second would keep a core busy on a large swarm, for
   * panes that show the rollout at most as a count.
   */
  private rolloutPace(snapshot: SwarmSnapshot): boolean {
    if (!this.taskSync?.store.complete) return rolloutActive(snapshot);
    const scope = this.options.taskScope?.();
    if (scope?.kind !== 'service') return false;
    return rolloutActive({...snapshot, services: snapshot.services.filter(service => service.ID === scope.serviceId)});
  }

  /**
   * One refresh's read. Timer refreshes re-read the pane's tasks only when
   * due by their cost (see task-pacing.ts); otherwise the last ones are kept.
   */
  private async read(signal: AbortSignal): Promise<SwarmSnapshot> {
    if (this.taskSync?.store.complete) return this.readIncremental(signal, this.taskSync);
    const stamp = this.taskSync?.store.stamp();
    const started = this.now();
    const snapshot = await this.readScoped(signal);
    // This read brought every task (an engine without task counts reads them all): they fill the store.
    if (this.taskSync && stamp !== undefined && !snapshot.taskScope) this.taskSync.fill(snapshot.tasks, stamp, snapshot, this.now() - started);
    // The full read landed while this one was under way: memory holds every task now.
    if (this.taskSync?.store.complete)
      return withTasksSetAside({...snapshot, tasks: this.taskSync.store.tasks(), taskScope: {kind: 'all'}}, this.taskSync.setAside);
    return snapshot;
  }

  /**
   * Nodes and services, then the tasks that moved since (see task-sync.ts); the
   * snapshot holds every task, from memory.
   */
  private async readIncremental(signal: AbortSignal, sync: TaskSync): Promise<SwarmSnapshot> {
    const {taskScope, intervalMs} = this.options;
    const stamp = sync.store.stamp();
    const started = this.now();
    const lists = await this.readLists(signal, {kind: 'none'});
    if (!lists.taskScope) {
      // An engine without task counts in its services list: every task was read with them.
      sync.fill(lists.tasks, stamp, lists, this.now() - started);
      return withTasksSetAside({...lists, tasks: sync.store.tasks(), taskScope: {kind: 'all'}}, sync.setAside);
    }
    // The pane's own service or node is re-read at the pace its cost allows, beside what moved.
    const scope = taskScope?.();
    const narrow = scope?.kind === 'service' || scope?.kind === 'node' ? (scope as TaskPart) : undefined;
    const forced = this.forceTasks;
    const paneDue = narrow && (forced || tasksDue(this.lastTaskRead, this.now(), Math.min(intervalMs, this.refresher.currentIntervalMs)));
    this.forceTasks = false;
    const forcePublish = this.forcePublish;
    this.forcePublish = false;
    const partsStarted = this.now();
    const urgent = await sync.refresh(signal, lists, {pane: paneDue ? narrow : undefined, shown: narrow, intervalMs});
    if (paneDue) this.lastTaskRead = {at: this.now(), ms: this.now() - partsStarted};
    // Tasks the user looks at or just acted on show at once; the rest at a pace set by how many there are.
    const previous = this.options.store.getState().snapshot;
    const tasks = sync.store.tasks();
    // An engine event alone does not force it: during a rollout on a big swarm events come all the time.
    const publish =
      !previous || previous.taskScope?.kind !== 'all' || forcePublish || urgent || publishDue(this.lastPublishAt, this.now(), tasks.length, intervalMs);
    if (publish && previous?.tasks !== tasks) this.lastPublishAt = this.now();
    return withTasksSetAside({...lists, tasks: publish ? tasks : previous.tasks, taskScope: {kind: 'all'}}, sync.setAside);
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
        this.lastPublishAt = this.now();
      }
    });
  }

  /**
   * The pane's scope while tasks are read by pane. Before the first full read has landed, a
   * pane that needs most tasks (all of them, or every running one) waits for it rather
   * than reading tens of thousands of tasks a second time beside it.
   */
  private paneScope(): TaskScope | undefined {
    const scope = this.options.taskScope?.();
    if (this.taskSync && (scope?.kind === 'all' || scope?.kind === 'running')) return {kind: 'none'};
    return scope;
  }

  /** Nodes, services and the tasks in `scope`: the whole lists when due (see list-pacing.ts), else what events named. */
  private async readLists(signal: AbortSignal, scope: TaskScope): Promise<SwarmSnapshot> {
    const {client, store, intervalMs} = this.options;
    const {snapshot: previous, events} = store.getState();
    const plan = this.lists.plan({now: this.now(), intervalMs, previous, eventsUp: events?.status === 'up', byName: readsByName(client)});
    const started = this.now();
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

  private async readScoped(signal: AbortSignal): Promise<SwarmSnapshot> {
    const {store, intervalMs} = this.options;
    const scope = this.paneScope();
    const previous = store.getState().snapshot;
    const keepTasks =
      scope !== undefined &&
      previous !== undefined &&
      !this.forceTasks &&
      sameTaskScope(previous.taskScope, scope) &&
      // At the rollout pace (250 ms) the pane's tasks are due that often too, within the same share of time.
      !tasksDue(this.lastTaskRead, this.now(), Math.min(intervalMs, this.refresher.currentIntervalMs));
    this.forceTasks = false;
    const started = this.now();
    const snapshot = await this.readLists(signal, keepTasks ? {kind: 'none'} : (scope ?? {kind: 'all'}));
    if (keepTasks && snapshot.taskScope?.kind === 'none') {
      return withTasksSetAside({...snapshot, tasks: previous.tasks, taskScope: previous.taskScope ?? {kind: 'all'}}, previous.setAside?.tasks);
    }
    this.lastTaskRead = {at: this.now(), ms: this.now() - started};
    // The pane changed while this read was under way, and its own tasks were read
    // meanwhile (refreshTasks): keep those rather than the superseded scope's.
    const wanted = this.paneScope();
    const latest = store.getState().snapshot;
    if (wanted && latest && !sameTaskScope(snapshot.taskScope, wanted) && sameTaskScope(latest.taskScope, wanted)) {
      return {...snapshot, tasks: latest.tasks, taskScope: wanted};
    }
    return snapshot;
  }

  stop(): void {
    this.tasksRead?.abort();
    this.taskSync?.abort(false);
    this.refresher.stop();
    clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
  }

  /**
   * Something changed (an engine event): refresh at once, unless a read just
   * ended on a swarm where reads are slow or big. Then it waits until twice the
   * last read's time has passed, and as long as what it listed asks
   * (earlyReadGapMs), so a steady flow of events keeps the console reading at
   * most a third of the time, and at most 5 % of it on a big swarm. On a small
   * swarm that wait is a few milliseconds at most.
   */
  refreshOnChange(events: readonly EngineEvent[] = []): void {
    for (const event of events) {
      const id = event.Actor?.ID;
      if (id && event.Type === 'service' && event.Action !== 'remove' && this.liveReads.open(id, false)) this.hurry();
    }
    this.taskSync?.note(events);
    this.lists.note(events);
    this.readOnChange();
  }

  private readOnChange(): void {
    if (this.reading) {
      this.changedDuringRead = true;
      return;
    }
    // An event means the pane's tasks may have moved too (a service paused because a task
    // failed): they are read with it, so the screen never shows one without the other.
    const wait = this.lastReadEnd + Math.min(earlyReadGapMs(this.lastReadMs, this.lastListed), this.options.intervalMs) - this.now();
    if (wait <= 0) {
      this.readSoon();
      return;
    }
    this.changeTimer ??= setTimeout(() => {
      this.changeTimer = undefined;
      this.readSoon();
    }, wait);
  }

  /** Refresh as soon as possible, tasks and the whole services and nodes lists included. */
  refreshNow(): void {
    this.lists.wantWhole();
    this.forcePublish = true;
    this.readSoon();
  }

  private readSoon(): void {
    this.refreshWanted = true;
    this.forceTasks = true;
    this.refresher.refreshNow();
  }

  /** Drops a refresh under way (its manager was left behind) and refreshes at once, tasks included. */
  restartNow(): void {
    this.refreshWanted = true;
    this.live.clear();
    this.forceTasks = true;
    this.forcePublish = true;
    this.lists.wantWhole();
    // Whatever the old manager's stream did not tell is caught by a full read soon.
    this.taskSync?.abort(true);
    this.refresher.restartNow();
  }

  /**
   * Reads just the tasks the pane now needs (a pane switch, a drill-down) and puts
   * them in the last snapshot, without waiting for or re-reading nodes and services.
   * A newer call supersedes an older one; a failure is left to the next refresh to report.
   */
  refreshTasks(): void {
    const {client, store, taskScope} = this.options;
    // Every task is in memory: the new pane draws from there.
    if (this.taskSync?.store.complete) return;
    if (!taskScope || !store.getState().snapshot) return this.refreshNow();
    const now = this.options.now ?? Date.now;
    const scope = this.paneScope() ?? taskScope();
    // The pane waits for the full read.
    if (scope.kind === 'none' && this.taskSync) return;
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
  }
}

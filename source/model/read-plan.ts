// What the next read of the swarm reads, decided from what is known now: a pure function of
// the cache's state, the clock and the pane's task scope, tested as data (no timers). The
// cache (swarm-cache.ts) carries it out and applies what came back.
//
// - A live read (live-window.ts) between refreshes, while a service is moving and no refresh is due.
// - Otherwise a refresh: nodes and services whole or by name (list-pacing.ts), and tasks:
//   - with every task in memory (task-sync.ts), what moved since, with the pane's own part when due;
//   - before that, the pane's scope, or the last ones kept while a re-read is not due by its
//     cost (task-pacing.ts); a pane that needs most tasks waits for the full read in memory.
import type {SwarmSnapshot, TaskScope} from '../docker/types.js';
import {type ListPending, type ListRead, planLists} from './list-pacing.js';
import {LIVE_READ_MS} from './live-window.js';
import {type TaskRead, tasksDue} from './task-pacing.js';
import type {TaskPart} from './task-store.js';
import {sameTaskScope} from './cluster-store.js';

export interface ReadState {
  now: number;
  intervalMs: number;
  /** The delay between refreshes in force: the interval, or the rollout pace while one runs. */
  paceMs: number;
  previous: SwarmSnapshot | undefined;
  /** What engine events named for the lists, and when they were last read whole. */
  lists: ListPending;
  eventsUp: boolean;
  /** The client reads services and nodes by ID. */
  byName: boolean;
  /** Tasks kept in memory (incremental): none, being filled, or every task. */
  held: 'none' | 'filling' | 'complete';
  /** Someone asked for a refresh (an event, the user, a new manager): not a live read. */
  refreshWanted: boolean;
  /** The pane's tasks are read this time, however recent the last read. */
  forceTasks: boolean;
  /** Every task change shows with this refresh (the user asked, or the manager changed). */
  forcePublish: boolean;
  /** When the last refresh ended. */
  lastReadEnd: number;
  lastTaskRead: TaskRead | undefined;
  /** The services in a live window, due now (newest first). */
  live: readonly string[];
}

export type TaskPlan =
  /** Tasks stay as the last refresh left them. */
  | {kind: 'keep'}
  /** The tasks in `scope`, read with the lists. */
  | {kind: 'scope'; scope: TaskScope}
  /** What moved since, into memory; `pane` the pane's own part when due, `shown` the part on screen. */
  | {kind: 'incremental'; pane?: TaskPart; shown?: TaskPart};

export type ReadPlan = {kind: 'live'; services: readonly string[]} | {kind: 'refresh'; lists: ListRead; tasks: TaskPlan; publish: 'now' | 'when-due'};

/** The pane's scope while tasks are read by pane: one that needs most tasks waits for the full read in memory. */
export function paneScope(state: Pick<ReadState, 'held'>, scope: TaskScope | undefined): TaskScope | undefined {
  if (state.held !== 'none' && (scope?.kind === 'all' || scope?.kind === 'running')) return {kind: 'none'};
  return scope;
}

/** The pane's tasks are due for a re-read by what the last read cost (or asked for). */
function paneTasksDue(state: ReadState): boolean {
  return state.forceTasks || tasksDue(state.lastTaskRead, state.now, Math.min(state.intervalMs, state.paceMs));
}

export function planRead(state: ReadState, scope: TaskScope | undefined): ReadPlan {
  const refreshDue = state.now >= state.lastReadEnd + state.paceMs - LIVE_READ_MS / 2;
  if (!state.refreshWanted && state.live.length > 0 && state.previous && !refreshDue) return {kind: 'live', services: state.live};
  const lists = planLists(state.lists, {
    now: state.now,
    intervalMs: state.intervalMs,
    previous: state.previous,
    eventsUp: state.eventsUp,
    byName: state.byName,
  });
  const publish = state.forcePublish ? 'now' : 'when-due';
  if (state.held === 'complete') {
    const narrow = scope?.kind === 'service' || scope?.kind === 'node' ? (scope as TaskPart) : undefined;
    const tasks: TaskPlan = {kind: 'incremental', ...(narrow && {shown: narrow}), ...(narrow && paneTasksDue(state) && {pane: narrow})};
    return {kind: 'refresh', lists, tasks, publish};
  }
  const wanted = paneScope(state, scope);
  const keep = wanted !== undefined && state.previous !== undefined && sameTaskScope(state.previous.taskScope, wanted) && !paneTasksDue(state);
  return {kind: 'refresh', lists, tasks: keep ? {kind: 'keep'} : {kind: 'scope', scope: wanted ?? {kind: 'all'}}, publish};
}

import {createStore, type StoreApi} from 'zustand/vanilla';
import type {SwarmSnapshot, SwarmTask, TaskScope} from '../docker/types.js';
import type {ReachSnapshot} from '../docker/reach.js';
import type {EventLinkState} from './event-watcher.js';
import {type EngineReadName, READ_NAMES, type SnapshotReads, recordOf} from '../docker/lists.js';
import {type Versioned, reconcileByValue, reconcileList} from './reconcile.js';
import {carryIndex} from './cluster-index.js';

export type LoadState = 'loading' | 'ready' | 'failed';

export interface LinkState {
  status: 'ok' | 'lost';
  /** The last error, in the engine's or the socket's own words. */
  error?: string;
  failures: number;
  lostSince?: number;
  retryAt?: number;
}

export interface ClusterState {
  /** The last good read. Kept while the link is lost, so panes show stale data rather than nothing. */
  snapshot?: SwarmSnapshot;
  load: LoadState;
  /** When a refresh last succeeded (ms since epoch). */
  refreshedAt?: number;
  link: LinkState;
  /** The engine's event stream; absent when none was started. While it is down the poll alone refreshes. */
  events?: EventLinkState;
  /** Set once the console has moved to another manager because the one in use stopped answering. */
  manager?: ManagerRoute;
}

export interface ManagerRoute {
  /** Hostname of the manager now in use. */
  via: string;
  /** Hostname of the manager given up on. */
  lost: string;
  /** The endpoint now in use and where it came from. */
  endpoint: string;
}

export type ClusterStore = StoreApi<ClusterState>;

export function createClusterStore(): ClusterStore {
  return createStore<ClusterState>(() => ({
    load: 'loading',
    link: {status: 'ok', failures: 0},
  }));
}

export function applySnapshot(store: ClusterStore, next: SwarmSnapshot, now: number): void {
  const {snapshot: previous} = store.getState();
  // Each read kept as the last one where nothing in it changed, as its record says (by ID and version, or by value).
  const reads = {} as Record<EngineReadName, unknown>;
  let unchanged = previous !== undefined;
  for (const name of READ_NAMES) {
    const kept = reconcileRead(name, previous?.[name], next[name]);
    reads[name] = kept;
    if (unchanged && kept !== previous![name]) unchanged = false;
  }
  const unreadable = reconcileByValue(previous?.unreadable, next.unreadable);
  const setAside = reconcileByValue(previous?.setAside, next.setAside);
  unchanged = unchanged && unreadable === previous!.unreadable && setAside === previous!.setAside && sameTaskScope(previous!.taskScope, next.taskScope);
  store.setState({
    // The event ring and the nodes' own readings are not read with the swarm: they are carried over.
    snapshot: unchanged
      ? previous
      : {
          ...(reads as unknown as SnapshotReads),
          unreadable,
          setAside,
          ...(next.taskScope && {taskScope: next.taskScope}),
          ...(previous?.events && {events: previous.events}),
          ...(previous?.reach && {reach: previous.reach}),
        },
    load: 'ready',
    refreshedAt: now,
    link: {status: 'ok', failures: 0},
  });
}

/** One read of `next` reconciled with the last (absent where the reader provided none). */
function reconcileRead(name: EngineReadName, previous: unknown, next: unknown): unknown {
  if (next === undefined) return undefined;
  if (recordOf(name).reconcile === 'id') return reconcileList(previous as Versioned[] | undefined, next as Versioned[]);
  return reconcileByValue(previous, next);
}

/**
 * Tasks read on their own for `scope` (the pane on screen changed), put in the
 * last snapshot. `refreshedAt` stays: nodes and services were not read again.
 */
export function applyTasks(store: ClusterStore, tasks: SwarmTask[], scope: TaskScope): void {
  const {snapshot: previous} = store.getState();
  if (!previous) return;
  store.setState({snapshot: {...previous, tasks: reconcileList(previous.tasks, tasks), taskScope: scope}});
}

/** What the nodes' own engines told (stats, health, reach), put in the last snapshot. */
export function applyReach(store: ClusterStore, reach: ReachSnapshot): void {
  const {snapshot: previous} = store.getState();
  if (!previous) return;
  const next = {...previous, reach};
  carryIndex(previous, next);
  store.setState({snapshot: next});
}

export function applyFailure(store: ClusterStore, error: string, now: number, retryAt: number): void {
  const {link, snapshot} = store.getState();
  store.setState({
    load: snapshot ? 'ready' : 'failed',
    link: {
      status: 'lost',
      error,
      failures: link.failures + 1,
      lostSince: link.status === 'lost' ? link.lostSince : now,
      retryAt,
    },
  });
}

export function applyManagerRoute(store: ClusterStore, manager: ManagerRoute): void {
  store.setState({manager});
}

export function applyEventLink(store: ClusterStore, events: EventLinkState): void {
  store.setState({events});
}

/** Whether two reads asked for the same tasks (undefined is every task). */
export function sameTaskScope(a: TaskScope | undefined, b: TaskScope | undefined): boolean {
  const kindA = a?.kind ?? 'all';
  const kindB = b?.kind ?? 'all';
  if (kindA !== kindB) return false;
  if (a?.kind === 'service' && b?.kind === 'service') return a.serviceId === b.serviceId;
  if (a?.kind === 'node' && b?.kind === 'node') return a.nodeId === b.nodeId;
  return true;
}

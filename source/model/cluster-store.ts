import {createStore, type StoreApi} from 'zustand/vanilla';
import type {SwarmSnapshot, SwarmTask, TaskScope} from '../docker/types.js';
import type {ReachSnapshot} from '../docker/reach.js';
import type {EventLinkState} from './event-watcher.js';
import {reconcileByValue, reconcileList} from './reconcile.js';
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
  const nodes = reconcileList(previous?.nodes, next.nodes);
  const services = reconcileList(previous?.services, next.services);
  const tasks = reconcileList(previous?.tasks, next.tasks);
  const others = {
    networks: reconcileByValue(previous?.networks, next.networks),
    secrets: next.secrets && reconcileList(previous?.secrets, next.secrets),
    configs: next.configs && reconcileList(previous?.configs, next.configs),
    swarm: reconcileByValue(previous?.swarm, next.swarm),
    unreadable: reconcileByValue(previous?.unreadable, next.unreadable),
    setAside: reconcileByValue(previous?.setAside, next.setAside),
  };
  const unchanged =
    previous !== undefined &&
    nodes === previous.nodes &&
    services === previous.services &&
    tasks === previous.tasks &&
    others.networks === previous.networks &&
    others.secrets === previous.secrets &&
    others.configs === previous.configs &&
    others.swarm === previous.swarm &&
    others.unreadable === previous.unreadable &&
    others.setAside === previous.setAside &&
    sameTaskScope(previous.taskScope, next.taskScope);
  store.setState({
    // The event ring and the nodes' own readings are not read with the swarm: they are carried over.
    snapshot: unchanged
      ? previous
      : {
          nodes,
          services,
          tasks,
          ...others,
          ...(next.taskScope && {taskScope: next.taskScope}),
          ...(previous?.events && {events: previous.events}),
          ...(previous?.reach && {reach: previous.reach}),
        },
    load: 'ready',
    refreshedAt: now,
    link: {status: 'ok', failures: 0},
  });
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

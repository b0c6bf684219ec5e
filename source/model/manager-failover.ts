// Moving to another manager when the one in use stops answering. The swarm's
// other managers come from the last nodes read; each is tried (all at once,
// within the connect deadline) and the first that answers as a manager of
// the same swarm takes over. When none answers, the lost-link
// banner stays and the next failed refresh tries again.

import type {ManagerCandidate} from '../docker/manager-reach.js';
import type {SwarmNode} from '../docker/types.js';
import {applyManagerRoute, type ClusterStore} from './cluster-store.js';

export interface ManagerInUse<C> {
  nodeId: string;
  hostname: string;
  /** Shown in the header: the endpoint and where it came from. */
  describe: string;
  connection: C;
}

export interface ManagerFailoverOptions<C> {
  store: ClusterStore;
  current: ManagerInUse<C>;
  /** Where the other managers can be reached, best first. */
  candidates: (nodes: readonly SwarmNode[], current: ManagerInUse<C>) => ManagerCandidate[];
  /** Opens a candidate (rejects when it does not answer as a swarm manager). */
  open: (candidate: ManagerCandidate) => Promise<ManagerInUse<C>>;
  /** Lets go of a connection that was opened but not taken, or was given up on. */
  close: (connection: C) => void;
  /** Puts the new manager to work (the clients, the streams, a refresh). */
  adopt: (next: ManagerInUse<C>, previous: ManagerInUse<C>) => void;
  /** Failed refreshes in a row before other managers are tried; default 1. */
  afterFailures?: number;
  /**
   * After a move, how long the new manager gets before it may be given up on in
   * turn; default 20 s. A manager that just lost its leader answers nothing
   * (reads hang) until the others elect one, which takes the swarm about 10 s.
   */
  settleMs?: number;
  /** While the link stays lost and no manager answered, how soon to try again; default 1 s. */
  retryMs?: number;
  now?: () => number;
}

export class ManagerFailover<C> {
  private current: ManagerInUse<C>;
  private trying = false;
  private unsubscribe?: () => void;
  private stopped = false;
  private movedAt = -Infinity;
  private retryTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly options: ManagerFailoverOptions<C>) {
    this.current = options.current;
  }

  get inUse(): ManagerInUse<C> {
    return this.current;
  }

  start(): void {
    const after = this.options.afterFailures ?? 1;
    this.unsubscribe = this.options.store.subscribe((state, previous) => {
      if (state.link.status !== 'lost' || state.link.failures === previous.link.failures) return;
      if (state.link.failures >= after) void this.tryOthers();
    });
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.retryTimer);
  }

  /** Tries the other managers once; true when the console moved. */
  async tryOthers(): Promise<boolean> {
    if (this.trying || this.stopped) return false;
    const now = this.options.now ?? Date.now;
    if (now() - this.movedAt < (this.options.settleMs ?? 20_000)) return false;
    const nodes = this.options.store.getState().snapshot?.nodes;
    if (!nodes) return false;
    const previous = this.current;
    const candidates = this.options.candidates(nodes, previous);
    if (candidates.length === 0) return false;
    this.trying = true;
    try {
      // An engine reporting no node ID is no manager of this swarm, even when a malformed node has no ID either.
      const matches = (value: ManagerInUse<C>) => value.nodeId !== '' && candidates.some(candidate => candidate.nodeId === value.nodeId);
      // The first to answer takes over; one that answers later, or that turns out to be some
      // other node (not ours to take), is let go.
      const chosen = await new Promise<ManagerInUse<C> | undefined>(resolve => {
        let pending = candidates.length;
        let done = false;
        for (const candidate of candidates) {
          this.options
            .open(candidate)
            .then(
              value => {
                if (!done && !this.stopped && matches(value)) {
                  done = true;
                  resolve(value);
                } else {
                  this.options.close(value.connection);
                }
              },
              () => {},
            )
            .finally(() => {
              pending -= 1;
              if (pending === 0 && !done) {
                done = true;
                resolve(undefined);
              }
            });
        }
      });
      // The lost manager came back while the others were tried: stay.
      if (!chosen || this.options.store.getState().link.status === 'ok') {
        if (chosen) this.options.close(chosen.connection);
        this.retryWhileLost();
        return false;
      }
      this.current = chosen;
      this.movedAt = now();
      this.options.adopt(chosen, previous);
      applyManagerRoute(this.options.store, {via: chosen.hostname || chosen.nodeId, lost: previous.hostname || previous.nodeId, endpoint: chosen.describe});
      return true;
    } finally {
      this.trying = false;
    }
  }

  // The refresh backoff grows to seconds; a swarm electing a new leader is ready sooner.
  private retryWhileLost(): void {
    clearTimeout(this.retryTimer);
    if (this.stopped || this.options.store.getState().link.status !== 'lost') return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.options.store.getState().link.status === 'lost') void this.tryOthers();
    }, this.options.retryMs ?? 1000);
  }
}

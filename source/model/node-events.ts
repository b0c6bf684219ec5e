// Container events from the nodes' own engines: a task's container that starts, dies or
// changes health on a worker is told there at once, while the manager's lists show it only
// when read. Each ready node the console reaches (node-reach-pool.ts) gets one event stream,
// reconnected with a growing delay when it breaks (event-watcher.ts). A node that goes down or
// leaves the swarm has its stream closed; one that cannot be reached costs one attempt per
// retry period. The manager the console reads is left out: its own stream tells the same.
import type {EngineEvent, EventSource} from '../docker/events.js';
import {NODE_CONNECT_TIMEOUT_MS} from '../docker/limits.js';
import type {SwarmNode} from '../docker/types.js';
import {EventWatcher} from './event-watcher.js';
import type {NodeReachPool} from './node-reach-pool.js';

/** Event streams held at once: one per node, the first ready nodes listed. */
export const MAX_FOLLOWED_NODES = 32;
/** A stream that breaks is opened again after 1 s, doubling up to this. */
export const NODE_EVENTS_MAX_RETRY_MS = 30_000;

export interface NodeEventFollowerOptions {
  pool: Pick<NodeReachPool, 'engine' | 'markFailed'>;
  /** Called with each burst of events from any node. */
  onEvents: (events: readonly EngineEvent[]) => void;
  /** The node whose events the console follows already (the manager it reads). */
  followedElsewhere?: () => string | undefined;
  maxNodes?: number;
  /** How long a node's engine has to accept the subscription. */
  connectTimeoutMs?: number;
}

/** Never yields, and ends once `signal` aborts: an engine that has no event stream to give. */
function quiet(signal: AbortSignal): AsyncIterable<EngineEvent> {
  const end = (): Promise<IteratorResult<EngineEvent>> =>
    new Promise(resolve => {
      const done = () => resolve({done: true, value: undefined});
      if (signal.aborted) done();
      else signal.addEventListener('abort', done, {once: true});
    });
  return {[Symbol.asyncIterator]: () => ({next: end})};
}

export class NodeEventFollower {
  private readonly watchers = new Map<string, EventWatcher>();
  private stopped = false;

  constructor(private readonly options: NodeEventFollowerOptions) {}

  /** The nodes listed now: streams open for the ready ones and close for the rest. */
  sync(nodes: readonly SwarmNode[]): void {
    if (this.stopped) return;
    const skip = this.options.followedElsewhere?.();
    const wanted = new Map<string, SwarmNode>();
    for (const node of nodes) {
      if (wanted.size >= (this.options.maxNodes ?? MAX_FOLLOWED_NODES)) break;
      if (node.Status.State === 'ready' && node.ID !== skip) wanted.set(node.ID, node);
    }
    for (const [nodeId, watcher] of this.watchers) {
      if (wanted.has(nodeId)) continue;
      watcher.stop();
      this.watchers.delete(nodeId);
    }
    for (const [nodeId, node] of wanted) {
      if (this.watchers.has(nodeId)) continue;
      const watcher = new EventWatcher({
        source: this.source(node),
        // The empty burst on each (re)connection is for catching up: live reads need events.
        onChange: events => events.length > 0 && this.options.onEvents(events),
        minRetryMs: 1000,
        maxRetryMs: NODE_EVENTS_MAX_RETRY_MS,
      });
      this.watchers.set(nodeId, watcher);
      watcher.start();
    }
  }

  /** The nodes followed now. */
  get followed(): string[] {
    return [...this.watchers.keys()];
  }

  private source(node: SwarmNode): EventSource {
    const {pool} = this.options;
    const timeoutMs = this.options.connectTimeoutMs ?? NODE_CONNECT_TIMEOUT_MS;
    return {
      openEvents: async signal => {
        const reached = await pool.engine(node);
        if ('reason' in reached) throw new Error(reached.reason);
        const open = reached.engine.taskContainerEvents?.bind(reached.engine);
        if (!open) return quiet(signal);
        // The subscription is bounded like the node's other requests: one that is not accepted in time is dropped and tried again.
        const attempt = new AbortController();
        const onAbort = () => attempt.abort(signal.reason);
        signal.addEventListener('abort', onAbort, {once: true});
        const timer = setTimeout(() => attempt.abort(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
        try {
          return await open(attempt.signal);
        } catch (error) {
          if (!signal.aborted) pool.markFailed(node.ID, error);
          throw error;
        } finally {
          clearTimeout(timer);
        }
      },
    };
  }

  stop(): void {
    this.stopped = true;
    for (const watcher of this.watchers.values()) watcher.stop();
    this.watchers.clear();
  }
}

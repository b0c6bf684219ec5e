// Clients for the nodes' own engines: made only when a node is asked for (a row
// of it is on screen), at most `maxClients` kept (the least recently used goes),
// each checked once (it answers, and it is the node the swarm says it is) and
// then reused. A node that could not be reached keeps its reason and is tried
// again only after `retryMs`, so a dead node costs one attempt per period.

import type {Endpoint} from '../docker/endpoint.js';
import {describeError} from '../docker/errors.js';
import {NODE_CONNECT_TIMEOUT_MS} from '../docker/limits.js';
import type {NodeEndpoints} from '../docker/node-endpoint.js';
import type {NodeEngineReads as NodeEngine} from '../docker/node-engine.js';
import type {NodeReach} from '../docker/reach.js';
import type {SwarmNode} from '../docker/types.js';

export interface NodeReachPoolOptions {
  endpointsFor(node: SwarmNode): NodeEndpoints;
  connect(endpoint: Endpoint): NodeEngine;
  maxClients?: number;
  timeoutMs?: number;
  retryMs?: number;
  now?: () => number;
}

/** A node's engine, its reach, and the endpoint it answered on (a shell connects there too). */
export type Reached = {engine: NodeEngine; reach: NodeReach & {status: 'reached'}; via: Endpoint};

interface Entry {
  reach: NodeReach;
  engine?: NodeEngine;
  via?: Endpoint;
  triedAt: number;
  pending?: Promise<Reached | {reason: string}>;
}

// Clients held at once: a nodes pane on a tall terminal lists some 60 nodes.
export const DEFAULT_MAX_CLIENTS = 64;

export class NodeReachPool {
  private readonly entries = new Map<string, Entry>();
  readonly maxClients: number;
  private readonly timeoutMs: number;
  private readonly retryMs: number;
  private readonly now: () => number;

  constructor(private readonly options: NodeReachPoolOptions) {
    this.maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
    this.timeoutMs = options.timeoutMs ?? NODE_CONNECT_TIMEOUT_MS;
    this.retryMs = options.retryMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** What is known of a node's reach, without trying it. */
  known(nodeId: string): NodeReach | undefined {
    return this.entries.get(nodeId)?.reach;
  }

  /** How many clients are held now. */
  get size(): number {
    return [...this.entries.values()].filter(entry => entry.engine).length;
  }

  /** Forgets a node's client after a request failed on it, so the next use checks it again. */
  markFailed(nodeId: string, error: unknown): void {
    const entry = this.entries.get(nodeId);
    if (!entry) return;
    entry.engine?.close();
    this.entries.set(nodeId, {reach: {status: 'unreachable', ...endpointOf(entry.reach), reason: describeError(error)}, triedAt: this.now()});
  }

  async engine(node: SwarmNode): Promise<Reached | {reason: string}> {
    const entry = this.entries.get(node.ID);
    if (entry?.pending) return entry.pending;
    if (entry?.engine && entry.via && entry.reach.status === 'reached') {
      // Most recently used last: the map's order is the eviction order.
      this.entries.delete(node.ID);
      this.entries.set(node.ID, entry);
      return {engine: entry.engine, reach: entry.reach, via: entry.via};
    }
    if (entry && entry.reach.status === 'unreachable' && this.now() - entry.triedAt < this.retryMs) return {reason: entry.reach.reason};
    // The placeholder goes in first: a node without endpoints settles before tryNode returns.
    const placeholder: Entry = {reach: entry?.reach ?? {status: 'unreachable', reason: 'connecting…'}, triedAt: this.now()};
    this.entries.set(node.ID, placeholder);
    const pending = this.tryNode(node);
    if (this.entries.get(node.ID) === placeholder) placeholder.pending = pending;
    return pending;
  }

  private async tryNode(node: SwarmNode): Promise<Reached | {reason: string}> {
    let found: NodeEndpoints;
    try {
      found = this.options.endpointsFor(node);
    } catch (error) {
      found = {reason: describeError(error)};
    }
    if ('reason' in found) return this.settle(node.ID, {status: 'unreachable', reason: found.reason});
    const failures: string[] = [];
    for (const endpoint of found.endpoints) {
      let engine: NodeEngine | undefined;
      const controller = new AbortController();
      // The timeout settles the attempt itself: a transport that does not honour the abort
      // (a half-open connection, a server that never answers) must not hold the node forever.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort(new Error(`no answer within ${this.timeoutMs / 1000} s`));
          reject(controller.signal.reason);
        }, this.timeoutMs);
      });
      try {
        engine = this.options.connect(endpoint);
        const info = await Promise.race([engine.info(controller.signal), timedOut]);
        // An engine that names no node (not in the swarm, or hiding it) is not taken for this one.
        if (!info.nodeId) throw new Error(`${endpoint.url} reports no swarm node ID, so it is not known to be this node's engine`);
        if (info.nodeId !== node.ID) throw new Error(`${endpoint.url} is the engine of node ${info.nodeId.slice(0, 12)}, not of this node`);
        const reach = {status: 'reached', endpoint: endpoint.url, ncpu: info.ncpu, memTotal: info.memTotal} as const;
        this.settle(node.ID, reach, engine, endpoint);
        return {engine, reach, via: endpoint};
      } catch (error) {
        engine?.close();
        const why = controller.signal.aborted ? describeError(controller.signal.reason) : describeError(error);
        failures.push(found.endpoints.length > 1 ? `${endpoint.url}: ${why}` : why);
      } finally {
        clearTimeout(timer);
      }
    }
    const only = found.endpoints.length === 1 ? found.endpoints[0]!.url : undefined;
    return this.settle(node.ID, {status: 'unreachable', ...(only ? {endpoint: only} : {}), reason: failures.join('; ')});
  }

  private settle(nodeId: string, reach: NodeReach, engine?: NodeEngine, via?: Endpoint): {reason: string} {
    this.entries.delete(nodeId);
    this.entries.set(nodeId, {reach, triedAt: this.now(), ...(engine && via ? {engine, via} : {})});
    this.evict();
    return {reason: reach.status === 'unreachable' ? reach.reason : ''};
  }

  private evict(): void {
    let held = this.size;
    for (const [nodeId, entry] of this.entries) {
      if (held <= this.maxClients) break;
      if (!entry.engine) continue;
      entry.engine.close();
      // The reach stays known; only the client goes, made again on the next use.
      this.entries.set(nodeId, {reach: entry.reach, triedAt: 0});
      held--;
    }
  }

  close(): void {
    for (const entry of this.entries.values()) entry.engine?.close();
    this.entries.clear();
  }
}

function endpointOf(reach: NodeReach): {endpoint?: string} {
  return reach.endpoint ? {endpoint: reach.endpoint} : {};
}

// One node engine that never answers /stats must not hold up another node's round: each node's
// share of a round has its own deadline (NODE_ROUND_TIMEOUT_MS), after which its rows say so.
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {ContainerStateReading, ContainerStatsReading, NodeEngine} from '../../../source/docker/node-engine.js';
import type {SwarmNode, SwarmSnapshot, SwarmTask} from '../../../source/docker/types.js';
import {NODE_ROUND_TIMEOUT_MS} from '../../../source/docker/limits.js';
import {applySnapshot, createClusterStore} from '../../../source/model/cluster-store.js';
import {NodeReachPool} from '../../../source/model/node-reach-pool.js';
import {StatsSampler} from '../../../source/model/stats-sampler.js';

function node(id: string): SwarmNode {
  return {ID: id, Version: {Index: 1}, Spec: {Role: 'worker', Availability: 'active'}, Status: {State: 'ready'}, Description: {Hostname: id}} as SwarmNode;
}

function task(id: string, nodeId: string): SwarmTask {
  return {
    ID: id,
    Version: {Index: 1},
    ServiceID: 's1',
    NodeID: nodeId,
    Slot: 1,
    DesiredState: 'running',
    Status: {State: 'running', Timestamp: '2026-01-01T00:00:00Z', ContainerStatus: {ContainerID: `c-${id}`}},
  } as SwarmTask;
}

/** A node engine that answers at once, or (hung) whose stats never come, whatever the signal says, or (slowMs) whose stats take that long. */
class Engine implements NodeEngine {
  statsAsked = 0;
  aborted = 0;
  closed = false;
  constructor(
    private readonly nodeId: string,
    private readonly hung: boolean,
    private readonly slowMs = 0,
  ) {}
  async info() {
    return {ncpu: 1, memTotal: 1024 ** 3, nodeId: this.nodeId};
  }
  async swarmContainers() {
    return [];
  }
  stats(_containerId: string, signal?: AbortSignal): Promise<ContainerStatsReading> {
    this.statsAsked++;
    signal?.addEventListener('abort', () => this.aborted++, {once: true});
    // A hung engine ignores the abort too: the round must not wait for it anyway.
    if (this.hung) return new Promise(() => {});
    // The container's CPU time grows by 0.25 s per s of the host's: 25 % of its one core.
    const reading: ContainerStatsReading = {
      memory_stats: {usage: 5 * 1024 * 1024, limit: 1024 ** 3},
      cpu_stats: {cpu_usage: {total_usage: this.statsAsked * 25e7}, system_cpu_usage: this.statsAsked * 1e9},
    };
    return this.slowMs ? new Promise(resolve => setTimeout(() => resolve(reading), this.slowMs)) : Promise.resolve(reading);
  }
  async inspect(): Promise<ContainerStateReading> {
    return {State: {Running: true}};
  }
  async oomEventLogged() {
    return false;
  }
  async exec(): Promise<never> {
    throw new Error('no exec');
  }
  close() {
    this.closed = true;
  }
}

describe('a stats round with one hung node', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("publishes the other node's reading within an interval, and names the hung node on its rows at its deadline", async () => {
    const engines = {n1: new Engine('n1', false), n2: new Engine('n2', true)};
    const pool = new NodeReachPool({
      endpointsFor: n => ({endpoints: [{url: `unix:///${n.ID}.sock`, source: 'test'}]}),
      connect: endpoint => engines[endpoint.url.slice(8, -5) as 'n1' | 'n2'],
    });
    const store = createClusterStore();
    const tasks = [task('t1', 'n1'), task('t2', 'n2')];
    const snapshot: SwarmSnapshot = {nodes: [node('n1'), node('n2')], services: [], tasks};
    applySnapshot(store, snapshot, 0);
    const sampler = new StatsSampler({pool, store, intervalMs: 1000, demand: () => ({tasks, nodeIds: [], serviceIds: []})});

    // The round waits an interval for the hung node, then goes on without it.
    let finished = false;
    const round = sampler.sampleOnce().then(() => (finished = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(finished).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await round;
    expect(finished).toBe(true);
    let reach = store.getState().snapshot!.reach!;
    expect(reach.tasks.get('t1')!.usage?.memUsed).toBe(5 * 1024 * 1024);
    expect(reach.tasks.get('t2')?.usage).toBeUndefined();

    // While the hung node is still being waited for, rounds go on at once without asking it again.
    const second = sampler.sampleOnce();
    await vi.advanceTimersByTimeAsync(0);
    await second;
    expect(engines.n1.statsAsked).toBe(2);
    expect(engines.n2.statsAsked).toBe(1);

    // At its own deadline its requests are told to stop, its client let go, and its rows say why.
    await vi.advanceTimersByTimeAsync(NODE_ROUND_TIMEOUT_MS);
    expect(engines.n2.aborted).toBe(1);
    expect(engines.n2.closed).toBe(true);
    const third = sampler.sampleOnce();
    await vi.advanceTimersByTimeAsync(0);
    await third;
    reach = store.getState().snapshot!.reach!;
    expect(reach.tasks.get('t2')!.unreachable).toMatch(new RegExp(`no answer from node n2 in ${NODE_ROUND_TIMEOUT_MS / 1000} s`));
    expect(reach.nodes.get('n2')).toEqual(expect.objectContaining({status: 'unreachable', reason: expect.stringContaining('no answer from node n2')}));
    expect(reach.tasks.get('t1')!.usage?.memUsed).toBe(5 * 1024 * 1024);
    // Skipped for the pool's retry period: not asked again.
    expect(engines.n2.statsAsked).toBe(1);
    expect(engines.n1.statsAsked).toBe(3);
  });

  it('keeps a round as short as its slowest answering node when none hangs', async () => {
    const engines = {n1: new Engine('n1', false), n2: new Engine('n2', false)};
    const pool = new NodeReachPool({
      endpointsFor: n => ({endpoints: [{url: `unix:///${n.ID}.sock`, source: 'test'}]}),
      connect: endpoint => engines[endpoint.url.slice(8, -5) as 'n1' | 'n2'],
    });
    const store = createClusterStore();
    const tasks = [task('t1', 'n1'), task('t2', 'n2')];
    applySnapshot(store, {nodes: [node('n1'), node('n2')], services: [], tasks}, 0);
    const sampler = new StatsSampler({pool, store, intervalMs: 1000, demand: () => ({tasks, nodeIds: [], serviceIds: []})});
    const round = sampler.sampleOnce();
    await vi.advanceTimersByTimeAsync(0);
    await round;
    expect(store.getState().snapshot!.reach!.tasks.get('t2')!.usage?.memUsed).toBe(5 * 1024 * 1024);
    expect(engines.n2.aborted).toBe(0);
  });

  it('shows the CPU of a node that always answers after the round has gone on without it', async () => {
    // Slower than the round waits (an interval): each of its shares lands beside a later round.
    const engines = {n1: new Engine('n1', false, 1500)};
    const pool = new NodeReachPool({endpointsFor: n => ({endpoints: [{url: `unix:///${n.ID}.sock`, source: 'test'}]}), connect: () => engines.n1});
    const store = createClusterStore();
    const tasks = [task('t1', 'n1')];
    applySnapshot(store, {nodes: [node('n1')], services: [], tasks}, 0);
    const sampler = new StatsSampler({pool, store, intervalMs: 1000, demand: () => ({tasks, nodeIds: [], serviceIds: []})});
    for (let round = 0; round < 6; round++) {
      const next = sampler.sampleOnce();
      await vi.advanceTimersByTimeAsync(1000);
      await next;
    }
    expect(engines.n1.statsAsked).toBeGreaterThanOrEqual(3);
    expect(store.getState().snapshot!.reach!.tasks.get('t1')!.usage?.cpu).toBeCloseTo(25);
  });
});

import {afterEach, describe, expect, it, vi} from 'vitest';
import type {ContainerStatsReading, NodeEngine} from '../../../source/docker/node-engine.js';
import type {SwarmNode, SwarmSnapshot, SwarmTask} from '../../../source/docker/types.js';
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

/** A node's engine whose containers use one core of two, read after read. */
class BusyEngine implements NodeEngine {
  statsReads = 0;
  async info() {
    return {ncpu: 2, memTotal: 1024 ** 3, nodeId: 'n1'};
  }
  async swarmContainers() {
    return [];
  }
  async stats(): Promise<ContainerStatsReading> {
    this.statsReads++;
    return {
      cpu_stats: {cpu_usage: {total_usage: this.statsReads * 1e9}, system_cpu_usage: this.statsReads * 2e9, online_cpus: 2},
      memory_stats: {usage: 1024 * 1024, limit: 1024 ** 3},
    };
  }
  async inspect() {
    return {State: {Running: true}};
  }
  async oomEventLogged() {
    return false;
  }
  async exec(): Promise<never> {
    throw new Error('no exec here');
  }
  close() {}
}

function setup(tasks: SwarmTask[]) {
  const engine = new BusyEngine();
  const pool = new NodeReachPool({
    endpointsFor: n => (n.ID === 'n3' ? {reason: 'no way to n3'} : {endpoints: [{url: `unix:///${n.ID}.sock`, source: 'test'}]}),
    connect: () => engine,
  });
  const store = createClusterStore();
  const snapshot: SwarmSnapshot = {nodes: [node('n1'), node('n3')], services: [], tasks};
  applySnapshot(store, snapshot, 0);
  let updates = 0;
  store.subscribe(() => updates++);
  const sampler = new StatsSampler({pool, store, intervalMs: 2000, demand: () => ({tasks, nodeIds: [], serviceIds: []})});
  return {sampler, store, engine, snapshot, updates: () => updates};
}

describe('how the stats sampler updates the store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('puts a round of many rows in with one update, and a round that changed nothing with none', async () => {
    const tasks = Array.from({length: 20}, (_, index) => task(`t${index}`, index % 2 === 0 ? 'n1' : 'n3'));
    const {sampler, store, engine, updates} = setup(tasks);
    await sampler.sampleOnce();
    expect(engine.statsReads).toBe(10);
    expect(updates()).toBe(1);
    expect(store.getState().snapshot!.reach!.tasks.size).toBe(20);
    await sampler.sampleOnce();
    expect(updates()).toBe(2);

    // Only rows on a node that can't be reached: the second round says what the first said.
    const unreached = setup([task('u1', 'n3'), task('u2', 'n3')]);
    await unreached.sampler.sampleOnce();
    await unreached.sampler.sampleOnce();
    expect(unreached.updates()).toBe(1);
    expect(unreached.store.getState().snapshot!.reach!.tasks.get('u1')!.unreachable).toBe('node n3: no way to n3');
  });

  it('shows the first round at once, and holds later ones for the next store update, at most one interval', async () => {
    vi.useFakeTimers();
    const {sampler, store, snapshot, engine, updates} = setup([task('t1', 'n1')]);
    const history = () => store.getState().snapshot?.reach?.tasks.get('t1')?.cpuHistory.length;
    sampler.start();
    await vi.advanceTimersByTimeAsync(10);
    // First round: one reading, no CPU figure yet, in the store at once.
    expect(updates()).toBe(1);
    expect(history()).toBe(0);

    // The next round runs an interval later and is held: no update of its own.
    await vi.advanceTimersByTimeAsync(2000);
    expect(updates()).toBe(1);
    expect(history()).toBe(0);

    // The refresh lands: the held round goes in before the task ends (a microtask), so both make one frame.
    applySnapshot(store, snapshot, 2500);
    expect(history()).toBe(0);
    await Promise.resolve();
    expect(history()).toBe(1);
    expect(store.getState().refreshedAt).toBe(2500);

    // With no refresh landing, a held round goes in on its own after one interval.
    await vi.advanceTimersByTimeAsync(2000);
    const before = updates();
    expect(history()).toBe(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(history()).toBe(2);
    expect(updates()).toBe(before + 1);

    // A new pane: the round it asks for goes in at once (each reading after the first adds a point).
    sampler.sampleSoon();
    await vi.advanceTimersByTimeAsync(60);
    expect(history()).toBe(engine.statsReads - 1);
    expect(history()).toBeGreaterThan(2);
    sampler.stop();
  });
});

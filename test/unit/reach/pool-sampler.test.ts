import {describe, expect, it} from 'vitest';
import type {Endpoint} from '../../../source/docker/endpoint.js';
import type {ContainerStateReading, ContainerStatsReading, NodeEngine, SwarmContainer} from '../../../source/docker/node-engine.js';
import type {SwarmNode, SwarmSnapshot, SwarmTask} from '../../../source/docker/types.js';
import {applySnapshot, createClusterStore} from '../../../source/model/cluster-store.js';
import {NodeReachPool} from '../../../source/model/node-reach-pool.js';
import {HISTORY_POINTS, LISTED_CONTAINERS_PER_ROUND, StatsSampler} from '../../../source/model/stats-sampler.js';

function node(id: string): SwarmNode {
  return {ID: id, Version: {Index: 1}, Spec: {Role: 'worker', Availability: 'active'}, Status: {State: 'ready'}, Description: {Hostname: id}} as SwarmNode;
}

function task(id: string, nodeId: string, serviceId: string, state = 'running'): SwarmTask {
  return {
    ID: id,
    Version: {Index: 1},
    ServiceID: serviceId,
    NodeID: nodeId,
    Slot: 1,
    DesiredState: 'running',
    Status: {State: state, Timestamp: '2026-01-01T00:00:00Z', ContainerStatus: {ContainerID: `c-${id}`}},
  } as SwarmTask;
}

/** An engine that answers like a node's: its node ID, containers, CPU counters advancing per read. */
class FakeEngine implements NodeEngine {
  calls: string[] = [];
  /** What inspect answers: an OOM kill the engine flagged, unless a test says otherwise. */
  state: ContainerStateReading = {State: {Running: false, OOMKilled: true, ExitCode: 137}, HostConfig: {Memory: 16 * 1024 * 1024}};
  /** Containers the engine logged an "oom" event for, or an error its /events answers with. */
  oomEvents: Set<string> | Error = new Set();
  eventWindows: {since: number; until: number}[] = [];
  private reads = 0;
  constructor(
    private readonly nodeId: string,
    private readonly containers: SwarmContainer[] = [],
    private readonly failInfo?: Error,
  ) {}
  async info() {
    this.calls.push('info');
    if (this.failInfo) throw this.failInfo;
    return {ncpu: 2, memTotal: 1024 ** 3, nodeId: this.nodeId};
  }
  async swarmContainers() {
    this.calls.push('list');
    return this.containers;
  }
  async stats(containerId: string): Promise<ContainerStatsReading> {
    this.calls.push(`stats ${containerId}`);
    this.reads++;
    // Each read: the host counted 2e9 ns more, the container 1e9 more: 100 % of a core on 2 cores.
    return {
      cpu_stats: {cpu_usage: {total_usage: this.reads * 1e9}, system_cpu_usage: this.reads * 2e9, online_cpus: 2},
      memory_stats: {usage: 1024 * 1024, limit: 1024 ** 3},
    };
  }
  async inspect() {
    this.calls.push('inspect');
    return this.state;
  }
  async oomEventLogged(containerId: string, window: {since: number; until: number}) {
    this.calls.push(`events ${containerId}`);
    this.eventWindows.push(window);
    if (this.oomEvents instanceof Error) throw this.oomEvents;
    return this.oomEvents.has(containerId);
  }
  async exec(): Promise<never> {
    throw new Error('no exec here');
  }
  close() {
    this.calls.push('close');
  }
}

describe('the pool of node engines', () => {
  it('connects lazily, once, checks the node is the one asked for, and keeps the reason when it is not', async () => {
    const engines = new Map<string, FakeEngine>([
      ['unix:///n1.sock', new FakeEngine('n1')],
      ['unix:///n2.sock', new FakeEngine('n3')],
    ]);
    let connects = 0;
    const pool = new NodeReachPool({
      endpointsFor: n => ({endpoints: [{url: `unix:///${n.ID}.sock`, source: 'test'}]}),
      connect: (endpoint: Endpoint) => {
        connects++;
        return engines.get(endpoint.url)!;
      },
    });
    expect(connects).toBe(0);
    const first = await pool.engine(node('n1'));
    const again = await pool.engine(node('n1'));
    expect('engine' in first && 'engine' in again && first.engine === again.engine).toBe(true);
    expect(connects).toBe(1);
    const wrong = await pool.engine(node('n2'));
    expect(wrong).toEqual({reason: expect.stringMatching(/engine of node n3, not of this node/)});
    expect(pool.known('n2')).toEqual({status: 'unreachable', endpoint: 'unix:///n2.sock', reason: expect.any(String)});
  });

  it('tries a failed node again only after the retry period', async () => {
    let now = 0;
    let tries = 0;
    const pool = new NodeReachPool({
      endpointsFor: () => ({endpoints: [{url: 'unix:///dead.sock', source: 'test'}]}),
      connect: () => {
        tries++;
        return new FakeEngine('n1', [], Object.assign(new Error('connect ENOENT /dead.sock'), {code: 'ENOENT'}));
      },
      retryMs: 10_000,
      now: () => now,
    });
    expect(await pool.engine(node('n1'))).toEqual({reason: 'connect ENOENT /dead.sock'});
    now = 5_000;
    await pool.engine(node('n1'));
    expect(tries).toBe(1);
    now = 11_000;
    await pool.engine(node('n1'));
    expect(tries).toBe(2);
  });

  it('holds at most maxClients, closing the least recently used', async () => {
    const made: FakeEngine[] = [];
    const pool = new NodeReachPool({
      endpointsFor: n => ({endpoints: [{url: `unix:///${n.ID}.sock`, source: 'test'}]}),
      connect: endpoint => {
        const engine = new FakeEngine(endpoint.url.slice(8, -5));
        made.push(engine);
        return engine;
      },
      maxClients: 2,
    });
    await pool.engine(node('a'));
    await pool.engine(node('b'));
    await pool.engine(node('a'));
    await pool.engine(node('c'));
    expect(pool.size).toBe(2);
    expect(made[1]!.calls).toContain('close');
    expect(made[0]!.calls).not.toContain('close');
  });
});

describe('the stats sampler', () => {
  function setup(demand: {tasks?: SwarmTask[]; nodeIds?: string[]; serviceIds?: string[]}, tasks: SwarmTask[], now?: () => number) {
    const engines = new Map([
      [
        'n1',
        new FakeEngine('n1', [
          {containerId: 'c-t1', taskId: 't1', serviceId: 's1'},
          {containerId: 'c-other', taskId: 'tx', serviceId: 's2'},
        ]),
      ],
    ]);
    const pool = new NodeReachPool({
      endpointsFor: n => (n.ID === 'n3' ? {reason: 'no way to n3'} : {endpoints: [{url: `unix:///${n.ID}.sock`, source: 'test'}]}),
      connect: endpoint => engines.get(endpoint.url.slice(8, -5))!,
    });
    const store = createClusterStore();
    const snapshot: SwarmSnapshot = {nodes: [node('n1'), node('n3')], services: [], tasks};
    applySnapshot(store, snapshot, 0);
    const sampler = new StatsSampler({
      pool,
      store,
      intervalMs: 1000,
      ...(now ? {now} : {}),
      demand: () => ({tasks: demand.tasks ?? [], nodeIds: demand.nodeIds ?? [], serviceIds: demand.serviceIds ?? []}),
    });
    return {sampler, store, engine: engines.get('n1')!};
  }

  it('samples only the tasks asked for; CPU from the second reading on; reasons for an unreached node', async () => {
    const t1 = task('t1', 'n1', 's1');
    const t2 = task('t2', 'n1', 's1');
    const t3 = task('t3', 'n3', 's1');
    const {sampler, store, engine} = setup({tasks: [t1, t3]}, [t1, t2, t3]);
    await sampler.sampleOnce();
    let reach = store.getState().snapshot!.reach!;
    expect(engine.calls.filter(call => call.startsWith('stats'))).toEqual(['stats c-t1']);
    expect(reach.tasks.get('t1')!.usage).toEqual(expect.objectContaining({memUsed: 1024 * 1024}));
    expect(reach.tasks.get('t1')!.usage!.cpu).toBeUndefined();
    expect(reach.tasks.get('t2')).toBeUndefined();
    expect(reach.tasks.get('t3')!.unreachable).toBe('node n3: no way to n3');
    expect(reach.nodes.get('n3')).toEqual({status: 'unreachable', reason: 'no way to n3'});
    await sampler.sampleOnce();
    reach = store.getState().snapshot!.reach!;
    expect(reach.tasks.get('t1')!.usage!.cpu).toBeCloseTo(100);
    expect(reach.tasks.get('t1')!.cpuHistory).toHaveLength(1);
  });

  it('sums a node over every swarm container on it, and a service over its own', async () => {
    const {sampler, store} = setup({nodeIds: ['n1'], serviceIds: ['s1']}, []);
    await sampler.sampleOnce();
    await sampler.sampleOnce();
    const reach = store.getState().snapshot!.reach!;
    expect(reach.nodeUsage.get('n1')).toEqual({cpu: expect.closeTo(200, 1), memUsed: 2 * 1024 * 1024, tasks: 2, partial: false});
    // s1 has one container on n1; n3 can't be reached, so the sum may miss some.
    expect(reach.services.get('s1')).toEqual(expect.objectContaining({tasks: 1, partial: true}));
  });

  it('reads how an ended task ended once, not every round', async () => {
    const ended = task('t1', 'n1', 's1', 'failed');
    const {sampler, store, engine} = setup({tasks: [ended]}, [ended]);
    await sampler.sampleOnce();
    await sampler.sampleOnce();
    expect(engine.calls.filter(call => call === 'inspect')).toHaveLength(1);
    expect(store.getState().snapshot!.reach!.tasks.get('t1')!.end).toEqual(expect.objectContaining({oomKilled: true, exitCode: 137}));
  });

  describe('an exit 137 the engine did not flag as an OOM kill', () => {
    const finishedAt = Date.parse('2026-01-01T00:01:00Z');
    const plainKill: ContainerStateReading = {
      State: {Running: false, OOMKilled: false, ExitCode: 137, StartedAt: '2026-01-01T00:00:30Z', FinishedAt: '2026-01-01T00:01:00Z'},
      HostConfig: {Memory: 16 * 1024 * 1024},
    };
    const endOfT1 = (store: ReturnType<typeof setup>['store']) => store.getState().snapshot!.reach!.tasks.get('t1')!.end;

    it("reads as OOM killed when the node's engine logged an oom event for the container, once", async () => {
      const ended = task('t1', 'n1', 's1', 'failed');
      let now = finishedAt + 2_000;
      const {sampler, store, engine} = setup({tasks: [ended]}, [ended], () => now);
      engine.state = plainKill;
      engine.oomEvents = new Set(['c-t1']);
      await sampler.sampleOnce();
      expect(endOfT1(store)).toEqual(expect.objectContaining({oomKilled: true, exitCode: 137, memLimit: 16 * 1024 * 1024}));
      // From a second before it started to now: the event log is asked nothing about the future.
      expect(engine.eventWindows).toEqual([{since: Date.parse('2026-01-01T00:00:29Z'), until: finishedAt + 2_000}]);
      now += 60_000;
      await sampler.sampleOnce();
      expect(engine.calls.filter(call => call === 'inspect' || call.startsWith('events'))).toEqual(['inspect', 'events c-t1']);
    });

    it('asks again while the event may still come, then keeps "exit 137" for good', async () => {
      const ended = task('t1', 'n1', 's1', 'failed');
      let now = finishedAt + 1_000;
      const {sampler, store, engine} = setup({tasks: [ended]}, [ended], () => now);
      engine.state = plainKill;
      await sampler.sampleOnce();
      expect(endOfT1(store)).toEqual(expect.objectContaining({oomKilled: false, exitCode: 137}));
      now = finishedAt + 3_000;
      await sampler.sampleOnce();
      expect(engine.calls.filter(call => call.startsWith('events'))).toHaveLength(2);
      // Past the grace period the window closes at the end plus the grace, and the answer is final.
      now = finishedAt + 60_000;
      await sampler.sampleOnce();
      await sampler.sampleOnce();
      expect(engine.calls.filter(call => call.startsWith('events'))).toHaveLength(3);
      expect(engine.eventWindows.at(-1)!.until).toBe(finishedAt + 10_000);
      expect(endOfT1(store)).toEqual(expect.objectContaining({oomKilled: false, exitCode: 137}));
    });

    it('keeps "exit 137" when the engine cannot answer for its events, and asks nothing for other exit codes', async () => {
      const ended = task('t1', 'n1', 's1', 'failed');
      const {sampler, store, engine} = setup({tasks: [ended]}, [ended], () => finishedAt + 1_000);
      engine.state = plainKill;
      engine.oomEvents = new Error('events refused');
      await sampler.sampleOnce();
      await sampler.sampleOnce();
      expect(engine.calls.filter(call => call.startsWith('events'))).toHaveLength(1);
      expect(endOfT1(store)).toEqual(expect.objectContaining({oomKilled: false, exitCode: 137}));

      const other = setup({tasks: [ended]}, [ended], () => finishedAt + 1_000);
      other.engine.state = {State: {...plainKill.State, ExitCode: 1}};
      await other.sampler.sampleOnce();
      expect(other.engine.calls.filter(call => call.startsWith('events'))).toHaveLength(0);
      expect(endOfT1(other.store)).toEqual(expect.objectContaining({oomKilled: false, exitCode: 1}));
    });
  });

  it('reads no container before it started, and keeps how an ended one ended while its row is wanted', async () => {
    const starting = task('t1', 'n1', 's1', 'starting');
    const demand = {tasks: [starting]};
    const {sampler, store, engine} = setup(demand, [starting]);
    await sampler.sampleOnce();
    // Not started yet: read as ended, it would say "exit 0" and keep saying it.
    expect(engine.calls.filter(call => call === 'inspect')).toHaveLength(0);
    expect(store.getState().snapshot!.reach!.tasks.get('t1')).toBeUndefined();
    const failed = task('t1', 'n1', 's1', 'failed');
    demand.tasks = [failed];
    // Many more rounds than a usage history holds: the end is read once and stays.
    for (let round = 0; round < 2 * HISTORY_POINTS; round++) await sampler.sampleOnce();
    expect(engine.calls.filter(call => call === 'inspect')).toHaveLength(1);
    expect(store.getState().snapshot!.reach!.tasks.get('t1')!.end).toEqual(expect.objectContaining({oomKilled: true, exitCode: 137}));
  });

  it('reads at most its share of a node with many containers, and marks that sum partial', async () => {
    const many = Array.from({length: 400}, (_, index) => ({containerId: `c${index}`, taskId: `t${index}`, serviceId: 's1'}));
    const engine = new FakeEngine('n1', many);
    const pool = new NodeReachPool({endpointsFor: () => ({endpoints: [{url: 'unix:///n1.sock', source: 'test'}]}), connect: () => engine});
    const store = createClusterStore();
    applySnapshot(store, {nodes: [node('n1')], services: [], tasks: []}, 0);
    const sampler = new StatsSampler({pool, store, intervalMs: 1000, demand: () => ({tasks: [], nodeIds: ['n1'], serviceIds: []})});
    await sampler.sampleOnce();
    expect(engine.calls.filter(call => call.startsWith('stats'))).toHaveLength(LISTED_CONTAINERS_PER_ROUND);
    expect(store.getState().snapshot!.reach!.nodeUsage.get('n1')).toEqual(expect.objectContaining({tasks: LISTED_CONTAINERS_PER_ROUND, partial: true}));
  });
});

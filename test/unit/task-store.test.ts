import {afterEach, describe, expect, it, vi} from 'vitest';
import type {SwarmClient} from '../../source/docker/client.js';
import type {SwarmNode, SwarmService, SwarmTask, TaskScope} from '../../source/docker/types.js';
import {ClusterPoller} from '../../source/model/cluster-poller.js';
import {createClusterStore} from '../../source/model/cluster-store.js';
import {indexSnapshot} from '../../source/model/cluster-index.js';
import {TaskStore} from '../../source/model/task-store.js';
import {MAX_PART_READS, RECONCILE_MIN_MS, planTaskReads, publishDue, reconcileDue} from '../../source/model/task-sync.js';
import {restartIndex} from '../../source/model/restarts.js';

function task(id: string, serviceId: string, nodeId: string | undefined, state = 'running', version = 1, desired = 'running'): SwarmTask {
  return {
    ID: id,
    Version: {Index: version},
    CreatedAt: '2026-01-01T00:00:00Z',
    UpdatedAt: `2026-01-01T00:00:${String(version).padStart(2, '0')}Z`,
    ServiceID: serviceId,
    Slot: 1,
    ...(nodeId && {NodeID: nodeId}),
    DesiredState: desired,
    Status: {Timestamp: '2026-01-01T00:00:00Z', State: state},
  } as SwarmTask;
}

function service(id: string, running: number, desired: number, version = 1, update?: string): SwarmService {
  return {
    ID: id,
    Version: {Index: version},
    Spec: {Name: id, TaskTemplate: {}, Mode: {Replicated: {Replicas: desired}}},
    ServiceStatus: {RunningTasks: running, DesiredTasks: desired},
    ...(update && {UpdateStatus: {State: update}}),
  } as SwarmService;
}

function node(id: string, version = 1, state = 'ready'): SwarmNode {
  return {ID: id, Version: {Index: version}, Spec: {Availability: 'active', Role: 'worker'}, Status: {State: state}, Description: {Hostname: id}} as SwarmNode;
}

/** Three services over two nodes, as the engine would list them. */
function swarm() {
  const tasks = [task('a1', 'a', 'n1'), task('a2', 'a', 'n2'), task('b1', 'b', 'n1'), task('c1', 'c', 'n2'), task('c0', 'c', 'n2', 'failed', 3, 'shutdown')];
  const services = [service('a', 2, 2), service('b', 1, 1), service('c', 1, 1)];
  const nodes = [node('n1'), node('n2')];
  return {tasks, services, nodes};
}

const ids = (tasks: readonly SwarmTask[]) => tasks.map(one => one.ID);

describe('the task store', () => {
  it('holds every task after a full read, and replaces one service’s or one node’s tasks from a scoped read', () => {
    const {tasks, services, nodes} = swarm();
    const store = new TaskStore();
    expect(store.complete).toBe(false);
    expect(store.replace({kind: 'all'}, tasks, store.stamp(), {services, nodes})).toBe(true);
    expect(store.complete).toBe(true);
    expect(ids(store.tasks())).toEqual(['a1', 'a2', 'b1', 'c1', 'c0']);

    // The same tasks again: nothing changed, the same array.
    const before = store.tasks();
    expect(store.replace({kind: 'service', serviceId: 'a'}, [task('a1', 'a', 'n1'), task('a2', 'a', 'n2')], store.stamp(), {services, nodes})).toBe(false);
    expect(store.tasks()).toBe(before);

    // Service a: a2 failed and a3 replaced it; a1 keeps its place.
    const changed = [task('a1', 'a', 'n1'), task('a2', 'a', 'n2', 'failed', 2, 'shutdown'), task('a3', 'a', 'n1', 'running', 2)];
    expect(store.replace({kind: 'service', serviceId: 'a'}, changed, store.stamp(), {services, nodes})).toBe(true);
    expect(ids(store.tasks())).toEqual(['a1', 'a2', 'b1', 'c1', 'c0', 'a3']);
    expect(store.tasks().find(one => one.ID === 'a2')?.Status.State).toBe('failed');

    // Node n2 lost its history of c (c0 deleted by the engine): only n2's tasks are replaced.
    expect(
      store.replace({kind: 'node', nodeId: 'n2'}, [store.tasks().find(one => one.ID === 'a2')!, task('c1', 'c', 'n2')], store.stamp(), {services, nodes}),
    ).toBe(true);
    expect(ids(store.tasks())).toEqual(['a1', 'a2', 'b1', 'c1', 'a3']);

    // A removed service takes its tasks with it.
    expect(store.forgetService('b')).toBe(true);
    expect(ids(store.tasks())).toEqual(['a1', 'a2', 'c1', 'a3']);
  });

  it('lets no older read undo a newer one, a full read included', () => {
    const {tasks, services, nodes} = swarm();
    const store = new TaskStore();
    store.replace({kind: 'all'}, tasks, store.stamp(), {services, nodes});

    // A full read starts, then a read of service a starts and lands first with a newer a2.
    const full = store.stamp();
    const scoped = store.stamp();
    store.replace({kind: 'service', serviceId: 'a'}, [task('a1', 'a', 'n1'), task('a2', 'a', 'n2', 'failed', 5, 'shutdown')], scoped, {services, nodes});
    // The full read saw the old a2, and b1 at a new version.
    store.replace({kind: 'all'}, [...tasks.filter(one => one.ID !== 'b1'), task('b1', 'b', 'n1', 'running', 4)], full, {services, nodes});
    const byId = new Map(store.tasks().map(one => [one.ID, one]));
    expect(byId.get('a2')?.Version.Index).toBe(5);
    expect(byId.get('b1')?.Version.Index).toBe(4);

    // An older read of a service, landing late, changes nothing.
    expect(store.replace({kind: 'service', serviceId: 'a'}, [], full, {services, nodes})).toBe(false);
    expect(store.tasks().some(one => one.ServiceID === 'a')).toBe(true);
  });
});

describe('which tasks a refresh reads', () => {
  function filled() {
    const data = swarm();
    const store = new TaskStore();
    store.replace({kind: 'all'}, data.tasks, store.stamp(), {services: data.services, nodes: data.nodes});
    return {...data, store};
  }
  const none = {services: new Set<string>(), nodes: new Set<string>()};

  it('reads nothing while the lists say what they said at the full read', () => {
    const {store, services, nodes} = filled();
    expect(planTaskReads(store, {services, nodes, touched: none})).toEqual({reads: [], forgetServices: [], forgetNodes: []});
  });

  it('reads a service whose running count moved though no event came (a task crashed), and none else', () => {
    const {store, services, nodes} = filled();
    const crashed = services.map(one => (one.ID === 'c' ? service('c', 0, 1) : one));
    expect(planTaskReads(store, {services: crashed, nodes, touched: none}).reads).toEqual([{kind: 'service', serviceId: 'c'}]);
    // Once read with that count, it is current again; back to 1/1 it is read once more (the restart).
    store.replace({kind: 'service', serviceId: 'c'}, [], store.stamp(), {services: crashed, nodes});
    expect(planTaskReads(store, {services: crashed, nodes, touched: none}).reads).toEqual([]);
    expect(planTaskReads(store, {services, nodes, touched: none}).reads).toEqual([{kind: 'service', serviceId: 'c'}]);
  });

  it('reads services and nodes events named, a new version, a new service, a node gone down, and forgets what went', () => {
    const {store, services, nodes} = filled();
    const touched = {services: new Set(['b']), nodes: new Set(['n1'])};
    expect(planTaskReads(store, {services, nodes, touched}).reads).toEqual([
      {kind: 'service', serviceId: 'b'},
      {kind: 'node', nodeId: 'n1'},
    ]);
    const moved = [service('a', 2, 2, 7), services[2]!, service('d', 0, 3)];
    const plan = planTaskReads(store, {services: moved, nodes: [nodes[0]!, node('n2', 2, 'down')], touched: none});
    expect(plan.reads).toEqual([
      {kind: 'service', serviceId: 'a'},
      {kind: 'service', serviceId: 'd'},
      {kind: 'node', nodeId: 'n2'},
    ]);
    expect(plan.forgetServices).toEqual(['b']);
    expect(planTaskReads(store, {services, nodes: [nodes[0]!], touched: none}).forgetNodes).toEqual(['n2']);
  });

  it('reads a service with a task on its way (pending, starting, stopping) when asked to, until it settles', () => {
    const {store, services, nodes} = filled();
    store.replace({kind: 'service', serviceId: 'b'}, [task('b1', 'b', undefined, 'pending', 2)], store.stamp(), {services, nodes});
    store.replace({kind: 'service', serviceId: 'c'}, [task('c1', 'c', 'n2', 'running', 2, 'shutdown')], store.stamp(), {services, nodes});
    expect(planTaskReads(store, {services, nodes, touched: none}).reads).toEqual([]);
    expect(planTaskReads(store, {services, nodes, touched: none, unsettled: true}).reads).toEqual([
      {kind: 'service', serviceId: 'b'},
      {kind: 'service', serviceId: 'c'},
    ]);
    store.replace({kind: 'service', serviceId: 'b'}, [task('b1', 'b', 'n1', 'running', 3)], store.stamp(), {services, nodes});
    store.replace({kind: 'service', serviceId: 'c'}, [task('c1', 'c', 'n2', 'shutdown', 3, 'shutdown')], store.stamp(), {services, nodes});
    expect(planTaskReads(store, {services, nodes, touched: none, unsettled: true}).reads).toEqual([]);
    // Two tasks on their way: the service settles when both have, or when they leave with it or with a full read.
    store.replace({kind: 'service', serviceId: 'b'}, [task('b1', 'b', 'n1', 'starting', 4), task('b2', 'b', undefined, 'pending', 1)], store.stamp(), {
      services,
      nodes,
    });
    store.replace({kind: 'service', serviceId: 'b'}, [task('b1', 'b', 'n1', 'running', 5), task('b2', 'b', undefined, 'pending', 1)], store.stamp(), {
      services,
      nodes,
    });
    expect(store.unsettledServices()).toEqual(['b']);
    store.forgetService('b');
    expect(store.unsettledServices()).toEqual([]);
    store.replace({kind: 'service', serviceId: 'a'}, [task('a9', 'a', undefined, 'pending', 1)], store.stamp(), {services, nodes});
    expect(store.unsettledServices()).toEqual(['a']);
    store.replace({kind: 'all'}, [], store.stamp(), {services, nodes});
    expect(store.unsettledServices()).toEqual([]);
  });

  it('reads a service in rollout every refresh, first, and no more parts than the cap', () => {
    const {store, services, nodes} = filled();
    const rolling = services.map(one => (one.ID === 'b' ? service('b', 1, 1, 1, 'updating') : one));
    store.replace({kind: 'service', serviceId: 'b'}, [task('b1', 'b', 'n1')], store.stamp(), {services: rolling, nodes});
    expect(planTaskReads(store, {services: rolling, nodes, touched: none}).reads).toEqual([{kind: 'service', serviceId: 'b'}]);
    const many = Array.from({length: MAX_PART_READS + 5}, (_, i) => service(`new${i}`, 1, 1));
    const plan = planTaskReads(store, {services: [...rolling, ...many], nodes, touched: none});
    expect(plan.reads).toHaveLength(MAX_PART_READS);
    expect(plan.reads[0]).toEqual({kind: 'service', serviceId: 'b'});
  });

  it('gives services in rollout turns, least recently read first, when more roll out than one refresh reads', () => {
    const {store, nodes} = filled();
    const rolling = Array.from({length: MAX_PART_READS + 4}, (_, i) => service(`r${i}`, 1, 1, 1, 'updating'));
    const first = planTaskReads(store, {services: rolling, nodes, touched: none}).reads;
    expect(first).toHaveLength(MAX_PART_READS);
    for (const part of first) store.replace(part, [], store.stamp(), {services: rolling, nodes});
    const second = planTaskReads(store, {services: rolling, nodes, touched: none}).reads;
    // The four left out last time come first now.
    expect(second.slice(0, 4)).toEqual(rolling.slice(MAX_PART_READS).map(one => ({kind: 'service', serviceId: one.ID})));
  });

  it("holds the tasks of services in rollout between publications on a big swarm, except the pane's own", () => {
    const {store, services, nodes} = filled();
    const rolling = services.map(one => (one.ID === 'a' || one.ID === 'b' ? service(one.ID, 0, 1, 2, 'updating') : one));
    const touched = {services: new Set(['a', 'b']), nodes: new Set<string>()};
    expect(planTaskReads(store, {services: rolling, nodes, touched, rolloutsHeld: true, shown: {kind: 'service', serviceId: 'b'}}).reads).toEqual([
      {kind: 'service', serviceId: 'b'},
    ]);
    expect(
      planTaskReads(store, {services: rolling, nodes, touched})
        .reads.map(part => part.kind === 'service' && part.serviceId)
        .sort(),
    ).toEqual(['a', 'b']);
  });
});

/** An engine over mutable lists that filters tasks as the engine does, and records each task read. */
function engine(data: ReturnType<typeof swarm>) {
  const asked: TaskScope[] = [];
  const client = {
    nodes: {list: async () => data.nodes},
    services: {list: async () => data.services},
    tasks: {
      list: async (_signal?: AbortSignal, scope: TaskScope = {kind: 'all'}) => {
        asked.push(scope);
        if (scope.kind === 'none') return [];
        if (scope.kind === 'service') return data.tasks.filter(one => one.ServiceID === scope.serviceId);
        if (scope.kind === 'node') return data.tasks.filter(one => one.NodeID === scope.nodeId);
        if (scope.kind === 'running') return data.tasks.filter(one => one.DesiredState === 'running');
        return [...data.tasks];
      },
    },
  } as unknown as SwarmClient;
  return {client, asked};
}

describe('the poller with every task in memory', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads every task once, then only what moved, and every task again after the reconcile interval', async () => {
    vi.useFakeTimers();
    const data = swarm();
    const {client, asked} = engine(data);
    const store = createClusterStore();
    let clock = 0;
    const poller = new ClusterPoller({client, store, intervalMs: 2000, now: () => clock, taskScope: () => ({kind: 'running'}), incremental: true});
    const tick = async (ms: number) => {
      clock += ms;
      await vi.advanceTimersByTimeAsync(ms);
    };
    poller.start();
    await tick(10);
    // The first refresh reads no task for a pane that needs most of them: every task follows in the background.
    expect(asked).toEqual([{kind: 'none'}, {kind: 'all'}]);
    const snapshot = store.getState().snapshot!;
    expect(ids(snapshot.tasks)).toEqual(ids(data.tasks));
    expect(indexSnapshot(snapshot).runningCountsKnown).toBe(true);

    // Quiet refreshes read no task at all.
    asked.length = 0;
    await tick(6000);
    expect(asked.filter(scope => scope.kind !== 'none')).toEqual([]);
    expect(store.getState().snapshot).toBe(snapshot);

    // c1 crashes: no event, but the engine's count moves; only service c is read.
    data.tasks = data.tasks.map(one => (one.ID === 'c1' ? task('c1', 'c', 'n2', 'failed', 2, 'shutdown') : one));
    data.services = data.services.map(one => (one.ID === 'c' ? service('c', 0, 1) : one));
    await tick(2000);
    expect(asked.filter(scope => scope.kind !== 'none')).toEqual([{kind: 'service', serviceId: 'c'}]);
    expect(store.getState().snapshot!.tasks.find(one => one.ID === 'c1')?.Status.State).toBe('failed');
    expect(indexSnapshot(store.getState().snapshot!).runningTasksByNode.get('n2')).toBe(1);

    // A service event and a node event: those tasks are read at once, and only those.
    asked.length = 0;
    data.tasks = [...data.tasks, task('b2', 'b', 'n2')];
    poller.refreshOnChange([
      {Type: 'service', Action: 'update', Actor: {ID: 'b'}},
      {Type: 'node', Action: 'update', Actor: {ID: 'n1'}},
    ]);
    await tick(10);
    expect(asked.filter(scope => scope.kind !== 'none')).toEqual([
      {kind: 'service', serviceId: 'b'},
      {kind: 'node', nodeId: 'n1'},
    ]);
    expect(ids(store.getState().snapshot!.tasks)).toContain('b2');

    // A pane switch reads nothing: the tasks are in memory.
    asked.length = 0;
    poller.refreshTasks();
    await tick(10);
    expect(asked).toEqual([]);

    // The background full read comes back once the reconcile interval has passed.
    await tick(RECONCILE_MIN_MS);
    expect(asked.filter(scope => scope.kind === 'all')).toHaveLength(1);
    poller.stop();
  });

  it('fills memory from the refresh itself on an engine whose services carry no task counts', async () => {
    vi.useFakeTimers();
    const data = swarm();
    data.services = data.services.map(({ServiceStatus: _dropped, ...rest}) => rest as SwarmService);
    const {client, asked} = engine(data);
    const store = createClusterStore();
    const poller = new ClusterPoller({client, store, intervalMs: 2000, taskScope: () => ({kind: 'running'}), incremental: true});
    poller.start();
    await vi.advanceTimersByTimeAsync(10);
    // Such an engine has every task read with the services; no second full read follows.
    expect(asked).toEqual([{kind: 'none'}, {kind: 'all'}]);
    expect(store.getState().snapshot?.taskScope).toEqual({kind: 'all'});
    expect(ids(store.getState().snapshot!.tasks)).toEqual(ids(data.tasks));
    poller.stop();
  });

  it('reads every task again soon after moving to another manager', async () => {
    vi.useFakeTimers();
    const data = swarm();
    const {client, asked} = engine(data);
    const poller = new ClusterPoller({client, store: createClusterStore(), intervalMs: 2000, taskScope: () => ({kind: 'none'}), incremental: true});
    poller.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(asked.filter(scope => scope.kind === 'all')).toHaveLength(1);
    poller.restartNow();
    await vi.advanceTimersByTimeAsync(10);
    expect(asked.filter(scope => scope.kind === 'all')).toHaveLength(2);
    poller.stop();
  });
});

describe('publishing task changes', () => {
  it('reconciles a small store every minute and 25,000 tasks every 5 minutes, or by the last read’s share', () => {
    expect(reconcileDue(undefined, 0, 25_000)).toBe(true);
    expect(reconcileDue({at: 0, ms: 100}, 59_999, 100)).toBe(false);
    expect(reconcileDue({at: 0, ms: 100}, 60_000, 100)).toBe(true);
    expect(reconcileDue({at: 0, ms: 1500}, 299_999, 25_000)).toBe(false);
    expect(reconcileDue({at: 0, ms: 1500}, 300_000, 25_000)).toBe(true);
    expect(reconcileDue({at: 0, ms: 20_000}, 399_999, 100)).toBe(false);
  });

  it('publishes other panes’ task changes every refresh on a small swarm, every few seconds on a large one', () => {
    expect(publishDue(0, 2000, 100, 2000)).toBe(true);
    expect(publishDue(0, 2000, 20_000, 2000)).toBe(false);
    expect(publishDue(0, 8000, 20_000, 2000)).toBe(true);
  });

  it('indexes a task list once, whatever else moved in the snapshot', () => {
    const {tasks, services, nodes} = swarm();
    const first = indexSnapshot({nodes, services, tasks});
    const second = indexSnapshot({nodes, services: services.map(one => service(one.ID, 0, 2, 9)), tasks});
    expect(second).not.toBe(first);
    expect(second.tasksByService).toBe(first.tasksByService);
    expect(second.healthByService.get('a')).toEqual({running: 0, desired: 2});
    expect(restartIndex(second, 1000)).toBe(restartIndex(first, 1000));
    // A new list of the same tasks groups as the one before: nothing to count again.
    expect(indexSnapshot({nodes, services, tasks: [...tasks]}).tasksByService).toBe(first.tasksByService);
    const third = indexSnapshot({nodes, services, tasks: tasks.map(one => (one.ID === 'a1' ? task('a1', 'a', 'n1', 'running', 2) : one))});
    expect(third.tasksByService).not.toBe(first.tasksByService);
    expect(restartIndex(third, 1000)).not.toBe(restartIndex(first, 1000));
    // A service whose tasks are the same keeps its list, so its restarts are not counted again.
    expect(third.tasksByService.get('c')).toBe(first.tasksByService.get('c'));
    expect(third.tasksByService.get('a')).not.toBe(first.tasksByService.get('a'));
  });

  it('counts a service’s recent failures again once one leaves the crash-loop window', () => {
    const {services, nodes} = swarm();
    const failedAt = Date.parse('2026-01-01T00:00:00Z');
    const tasks = ['x1', 'x2', 'x3'].map(
      (id, i) =>
        ({
          ...task(id, 'c', 'n1', 'failed', i + 1, 'shutdown'),
          Slot: 1,
          Status: {Timestamp: new Date(failedAt + i * 1000).toISOString(), State: 'failed', ContainerStatus: {ContainerID: `c${id}`, ExitCode: 1}},
        }) as SwarmTask,
    );
    const index = indexSnapshot({nodes, services, tasks});
    expect(restartIndex(index, failedAt + 10_000).byService.get('c')).toMatchObject({restarts: 3, crashLooping: true});
    const later = indexSnapshot({nodes, services: [...services], tasks});
    expect(later.tasksByService.get('c')).toBe(index.tasksByService.get('c'));
    expect(restartIndex(later, failedAt + 5 * 60_000 + 500).byService.get('c')).toMatchObject({restarts: 3, crashLooping: false});
  });

  it('shows the pane’s own service’s tasks at once on a large swarm, and other changes only when due', async () => {
    vi.useFakeTimers();
    try {
      const data = swarm();
      // Enough tasks that other changes wait several refreshes.
      const filler = Array.from({length: 30_000}, (_, i) => task(`f${i}`, 'b', 'n1', 'shutdown', 1, 'shutdown'));
      data.tasks = [...data.tasks, ...filler];
      const {client, asked: tasksRead} = engine(data);
      const store = createClusterStore();
      const poller = new ClusterPoller({client, store, intervalMs: 2000, taskScope: () => ({kind: 'service', serviceId: 'a'}), incremental: true});
      poller.start();
      await vi.advanceTimersByTimeAsync(10);
      await vi.advanceTimersByTimeAsync(2000);
      const stateOf = (id: string) => store.getState().snapshot!.tasks.find(one => one.ID === id)?.Status.State;
      // c1 fails (the count shows it), a1 fails (the pane’s service).
      data.tasks = data.tasks.map(one => (one.ID === 'c1' ? task('c1', 'c', 'n2', 'failed', 2, 'shutdown') : one));
      data.services = data.services.map(one => (one.ID === 'c' ? service('c', 0, 1) : one));
      await vi.advanceTimersByTimeAsync(2000);
      expect(stateOf('c1')).toBe('running');
      data.tasks = data.tasks.map(one => (one.ID === 'a1' ? task('a1', 'a', 'n1', 'failed', 2, 'shutdown') : one));
      await vi.advanceTimersByTimeAsync(2000);
      expect(stateOf('a1')).toBe('failed');
      expect(stateOf('c1')).toBe('failed');
      // An engine event naming another service reads its tasks at once, but on a large swarm
      // they show at the publishing pace; the user's own refresh shows them at once.
      data.tasks = data.tasks.map(one => (one.ID === 'b1' ? task('b1', 'b', 'n1', 'failed', 2, 'shutdown') : one));
      const reads = tasksRead.length;
      poller.refreshOnChange([{Type: 'service', Action: 'update', Actor: {ID: 'b'}} as never]);
      await vi.advanceTimersByTimeAsync(100);
      expect(tasksRead.slice(reads)).toContainEqual({kind: 'service', serviceId: 'b'});
      expect(stateOf('b1')).toBe('running');
      poller.refreshNow();
      await vi.advanceTimersByTimeAsync(10);
      expect(stateOf('b1')).toBe('failed');
      poller.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

import {afterEach, describe, expect, it, vi} from 'vitest';
import type {EngineEvent} from '../../source/docker/events.js';
import type {SwarmNode, SwarmService, SwarmSnapshot, SwarmTask, TaskScope} from '../../source/docker/types.js';
import {LIVE_MIN_OPEN_MS, LIVE_WINDOW_MS, LiveWindows, MAX_LIVE_SERVICES, serviceSettled} from '../../source/model/live-window.js';
import {withLiveRead} from '../../source/model/live-read.js';
import {TaskStore} from '../../source/model/task-store.js';

const service = (id: string, running: number, desired: number, extra: Partial<SwarmService> = {}): SwarmService =>
  ({
    ID: id,
    Version: {Index: 1},
    Spec: {Name: id, TaskTemplate: {}, Mode: {Replicated: {Replicas: desired}}},
    ServiceStatus: {RunningTasks: running, DesiredTasks: desired},
    ...extra,
  }) as SwarmService;
const task = (id: string, serviceId: string, state: string, extra: Partial<SwarmTask> = {}): SwarmTask =>
  ({
    ID: id,
    ServiceID: serviceId,
    NodeID: 'n1',
    Version: {Index: 1},
    UpdatedAt: state,
    DesiredState: 'running',
    Status: {State: state},
    ...extra,
  }) as SwarmTask;
const node = (id: string): SwarmNode => ({ID: id, Version: {Index: 1}, Spec: {Availability: 'active'}, Status: {State: 'ready'}}) as unknown as SwarmNode;

describe('when a service has settled', () => {
  it('wants every replica running, no update under way and no task on its way', () => {
    expect(serviceSettled(service('s', 1, 1), [task('t1', 's', 'running')])).toBe(true);
    expect(serviceSettled(service('s', 0, 1), [task('t1', 's', 'running')])).toBe(false);
    expect(serviceSettled(service('s', 1, 1, {UpdateStatus: {State: 'updating'}}), [])).toBe(false);
    expect(serviceSettled(service('s', 1, 1, {UpdateStatus: {State: 'rollback_started'}}), [])).toBe(false);
    expect(serviceSettled(service('s', 1, 1), [task('t1', 's', 'running'), task('t2', 's', 'starting')])).toBe(false);
    // Told to stop and still running: a scale down under way.
    expect(serviceSettled(service('s', 1, 1), [task('t1', 's', 'running', {DesiredState: 'shutdown'})])).toBe(false);
    expect(serviceSettled(service('s', 1, 1), [task('t1', 's', 'shutdown', {DesiredState: 'shutdown'}), task('t2', 's', 'failed')])).toBe(true);
    // Gone from the swarm: nothing left to watch.
    expect(serviceSettled(undefined, [])).toBe(true);
  });
});

describe('live windows', () => {
  it('stay open at least LIVE_MIN_OPEN_MS, close once settled, and at most LIVE_WINDOW_MS', () => {
    const windows = new LiveWindows();
    windows.open('a', 0);
    windows.open('b', 0);
    expect(windows.due(100)).toEqual(['b', 'a']);
    // Settled at once: a change sent from the console, before the engine has it.
    windows.settle('a', service('a', 1, 1), [], 200);
    expect(windows.has('a')).toBe(true);
    windows.settle('a', service('a', 1, 1), [], LIVE_MIN_OPEN_MS);
    expect(windows.has('a')).toBe(false);
    // Never settles (a crash loop): it ends with its time.
    windows.settle('b', service('b', 0, 1), [], LIVE_MIN_OPEN_MS);
    expect(windows.due(LIVE_WINDOW_MS - 1)).toEqual(['b']);
    expect(windows.due(LIVE_WINDOW_MS)).toEqual([]);
    expect(windows.size).toBe(0);
  });

  it('read the newest windows first, at most MAX_LIVE_SERVICES, and a reopened one starts again', () => {
    const windows = new LiveWindows();
    for (let i = 0; i < MAX_LIVE_SERVICES + 3; i++) windows.open(`s${i}`, i);
    windows.open('s0', 100);
    const due = windows.due(200);
    expect(due).toHaveLength(MAX_LIVE_SERVICES);
    expect(due[0]).toBe('s0');
    expect(due).not.toContain('s1');
    expect(windows.due(LIVE_WINDOW_MS + 50)).toEqual(['s0']);
  });
});

describe('a live read put in the snapshot', () => {
  const snapshot = (services: SwarmService[], tasks: SwarmTask[], taskScope?: TaskScope): SwarmSnapshot => ({
    nodes: [node('n1')],
    services,
    tasks,
    ...(taskScope && {taskScope}),
  });

  it('replaces the named services and their tasks, and gives nothing when nothing moved', () => {
    const before = snapshot([service('a', 0, 1), service('b', 1, 1)], [task('a1', 'a', 'starting'), task('b1', 'b', 'running')]);
    const moved = withLiveRead(before, {ids: ['a'], services: [service('a', 1, 1)], tasks: new Map([['a', [task('a1', 'a', 'running')]]])});
    expect(moved?.services.map(item => item.ServiceStatus?.RunningTasks)).toEqual([1, 1]);
    expect(moved?.tasks.map(item => `${item.ID}:${item.Status.State}`).sort()).toEqual(['a1:running', 'b1:running']);
    expect(moved?.services[1]).toBe(before.services[1]);
    const same = withLiveRead(before, {ids: ['a'], services: [service('a', 0, 1)], tasks: new Map([['a', [task('a1', 'a', 'starting')]]])});
    expect(same).toBeUndefined();
  });

  it('keeps to the snapshot’s task scope', () => {
    const before = snapshot([service('a', 0, 1)], [], {kind: 'service', serviceId: 'other'});
    const read = {ids: ['a'], services: [service('a', 0, 1)], tasks: new Map([['a', [task('a1', 'a', 'running')]]])};
    expect(withLiveRead(before, read)).toBeUndefined();
    const running = withLiveRead(snapshot([service('a', 0, 1)], [], {kind: 'running'}), {
      ...read,
      tasks: new Map([['a', [task('a1', 'a', 'running'), task('a0', 'a', 'shutdown', {DesiredState: 'shutdown'})]]]),
    });
    expect(running?.tasks.map(item => item.ID)).toEqual(['a1']);
    expect(running?.taskScope).toEqual({kind: 'running'});
  });

  it('goes through the task store when every task is held, and publishes all of them', () => {
    const store = new TaskStore();
    const services = [service('a', 0, 1), service('b', 1, 1)];
    store.replace({kind: 'all'}, [task('a1', 'a', 'starting'), task('b1', 'b', 'running')], store.stamp(), {services, nodes: [node('n1')]});
    const before = snapshot(services, store.tasks(), {kind: 'all'});
    const stamp = store.stamp();
    const moved = withLiveRead(
      before,
      {ids: ['a'], services: [service('a', 1, 1)], tasks: new Map([['a', [task('a1', 'a', 'running')]]])},
      {tasks: store, stamp},
    );
    expect(moved?.tasks).toBe(store.tasks());
    expect(store.tasks().find(item => item.ID === 'a1')?.Status.State).toBe('running');
    // The store records what the services list said: the next refresh does not read 'a' again as stale.
    expect(store.staleServices([service('a', 1, 1)])).toEqual([]);
  });
});

describe('the poller’s live reads', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** One service 'web' that a scale takes from 1 to 2: its second task runs once `started` is set. */
  function scaledSwarm() {
    const calls: string[] = [];
    const state = {desired: 1, started: false};
    const tasks = () => [task('w1', 'web', 'running'), ...(state.desired > 1 ? [task('w2', 'web', state.started ? 'running' : 'starting')] : [])];
    const web = () => service('web', tasks().filter(item => item.Status.State === 'running').length, state.desired, {Version: {Index: state.desired}});
    const other = service('other', 1, 1);
    const client = {
      nodes: {list: async () => (calls.push('nodes'), [node('n1')]), listNamed: async (ids: readonly string[]) => (calls.push(`nodes ${ids}`), [node('n1')])},
      services: {
        list: async () => (calls.push('services'), [web(), other]),
        listNamed: async (ids: readonly string[]) => (calls.push(`services ${ids}`), [web(), other].filter(item => ids.includes(item.ID))),
      },
      tasks: {
        list: async (_signal?: AbortSignal, scope: TaskScope = {kind: 'all'}) => {
          calls.push(`tasks ${scope.kind === 'service' ? scope.serviceId : scope.kind}`);
          const all = [...tasks(), task('o1', 'other', 'running')];
          return scope.kind === 'service' ? all.filter(item => item.ServiceID === scope.serviceId) : scope.kind === 'none' ? [] : all;
        },
      },
    } as never;
    return {client, calls, state};
  }

  async function startPoller(client: never) {
    const {ClusterPoller} = await import('../../source/model/cluster-poller.js');
    const {applyEventLink, createClusterStore} = await import('../../source/model/cluster-store.js');
    const store = createClusterStore();
    applyEventLink(store, {status: 'up', received: 0});
    // A refresh every 30 s: only the live path can show the change within the test.
    const poller = new ClusterPoller({client, store, intervalMs: 30_000, incremental: true});
    poller.start();
    await vi.advanceTimersByTimeAsync(50);
    const running = () => store.getState().snapshot?.services.find(item => item.ID === 'web')?.ServiceStatus?.RunningTasks;
    return {poller, store, running};
  }

  it('show a replica that comes up within a live read of the service event, reading only that service, then stop', async () => {
    vi.useFakeTimers();
    const {client, calls, state} = scaledSwarm();
    const {poller, running} = await startPoller(client);
    expect(running()).toBe(1);
    state.desired = 2;
    poller.refreshOnChange([{Type: 'service', Action: 'update', Actor: {ID: 'web'}} as EngineEvent]);
    await vi.advanceTimersByTimeAsync(50);
    calls.length = 0;
    await vi.advanceTimersByTimeAsync(1000);
    expect(running()).toBe(1);
    // The replica runs on a worker: nothing tells the manager's event stream.
    state.started = true;
    await vi.advanceTimersByTimeAsync(250);
    expect(running()).toBe(2);
    // Only the moving service was read, by ID and by the tasks' service filter.
    expect(new Set(calls)).toEqual(new Set(['services web', 'tasks web']));
    // Settled: the live reads stop, and nothing is read until the next refresh.
    await vi.advanceTimersByTimeAsync(LIVE_MIN_OPEN_MS);
    calls.length = 0;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([]);
    expect(poller.live.size).toBe(0);
    poller.stop();
  });

  it('open a window on a change sent from the console and on a node’s container event for the service', async () => {
    vi.useFakeTimers();
    const {client, calls, state} = scaledSwarm();
    const {poller, running} = await startPoller(client);
    calls.length = 0;
    poller.noteServiceChange('web');
    state.desired = 2;
    state.started = true;
    await vi.advanceTimersByTimeAsync(250);
    expect(running()).toBe(2);
    expect(calls).toContain('tasks web');
    await vi.advanceTimersByTimeAsync(LIVE_MIN_OPEN_MS + 500);
    expect(poller.live.size).toBe(0);
    // A container of 'web' died on a worker: read at once, not at the next 200 ms.
    calls.length = 0;
    state.started = false;
    poller.noteContainerEvents([{Type: 'container', Action: 'die', Actor: {ID: 'c1', Attributes: {'com.docker.swarm.service.id': 'web'}}} as EngineEvent]);
    await vi.advanceTimersByTimeAsync(5);
    expect(running()).toBe(1);
    expect(poller.live.has('web')).toBe(true);
    // A container of no service opens nothing, nor a health check's exec in a service's container.
    poller.noteContainerEvents([{Type: 'container', Action: 'start', Actor: {ID: 'c2', Attributes: {}}} as EngineEvent]);
    poller.noteContainerEvents([
      {Type: 'container', Action: 'exec_start: /bin/true', Actor: {ID: 'c3', Attributes: {'com.docker.swarm.service.id': 'other'}}} as EngineEvent,
    ]);
    expect(poller.live.size).toBe(1);
    poller.noteContainerEvents([
      {Type: 'container', Action: 'health_status: unhealthy', Actor: {ID: 'c3', Attributes: {'com.docker.swarm.service.id': 'other'}}} as EngineEvent,
    ]);
    expect(poller.live.has('other')).toBe(true);
    poller.stop();
  });

  it('on a big swarm read the moving service by ID alone, so its count moves without indexing every task again', async () => {
    const {LiveReads} = await import('../../source/model/live-read.js');
    const {applySnapshot, createClusterStore} = await import('../../source/model/cluster-store.js');
    const {client, calls, state} = scaledSwarm();
    const store = createClusterStore();
    applySnapshot(store, {nodes: [node('n1')], services: [service('web', 1, 1)], tasks: [task('w1', 'web', 'running')], taskScope: {kind: 'all'}}, 0);
    const before = store.getState().snapshot!;
    // A refresh interval shorter than publishing the one task held costs (PUBLISH_MS_PER_TASK): a "big" swarm.
    const reads = new LiveReads({client, store, intervalMs: 0.1, now: () => 0});
    expect(reads.open('web', false)).toBe(false);
    expect(reads.open('web', true)).toBe(true);
    state.desired = 2;
    state.started = true;
    await reads.read(new AbortController().signal);
    expect(calls).toEqual(['services web']);
    const after = store.getState().snapshot!;
    expect(after.services[0]?.ServiceStatus?.RunningTasks).toBe(2);
    expect(after.tasks).toBe(before.tasks);
  });
});

import {afterEach, describe, expect, it, vi} from 'vitest';
import {newFrame} from '../../source/shell/navigation.js';
import {createUiStore} from '../../source/shell/ui-store.js';
import {readSnapshot, type SwarmClient} from '../../source/docker/client.js';
import {slimTask, taskFilters} from '../../source/docker/tasks.js';
import {ClusterPoller} from '../../source/model/cluster-poller.js';
import {tasksDue} from '../../source/model/task-pacing.js';
import type {SwarmService, SwarmSnapshot, SwarmTask, TaskScope} from '../../source/docker/types.js';
import {indexSnapshot} from '../../source/model/cluster-index.js';
import {applySnapshot, applyTasks, createClusterStore, sameTaskScope} from '../../source/model/cluster-store.js';
import {followTaskDemand, scopeCovers, taskDemand} from '../../source/views/task-demand.js';
import {labSnapshot} from '../support/fixtures.js';

function withoutStatus(services: SwarmService[]): SwarmService[] {
  return services.map(({ServiceStatus: _dropped, ...rest}) => rest);
}

function withStatus(snapshot: SwarmSnapshot): SwarmService[] {
  const index = indexSnapshot({...snapshot, services: withoutStatus(snapshot.services)});
  return snapshot.services.map(service => ({
    ...service,
    ServiceStatus: {RunningTasks: index.healthByService.get(service.ID)!.running, DesiredTasks: 99},
  }));
}

/** A client over a snapshot that filters tasks by scope as the engine does, and records the scopes asked for. */
function scopedClient(snapshot: SwarmSnapshot) {
  const asked: TaskScope[] = [];
  const client = {
    nodes: {list: async () => snapshot.nodes},
    services: {list: async () => snapshot.services},
    tasks: {
      list: async (_signal?: AbortSignal, scope: TaskScope = {kind: 'all'}): Promise<SwarmTask[]> => {
        asked.push(scope);
        switch (scope.kind) {
          case 'none':
            return [];
          case 'running':
            return snapshot.tasks.filter(task => task.DesiredState === 'running');
          case 'service':
            return snapshot.tasks.filter(task => task.ServiceID === scope.serviceId);
          case 'node':
            return snapshot.tasks.filter(task => task.NodeID === scope.nodeId);
          default:
            return snapshot.tasks;
        }
      },
    },
  } as unknown as SwarmClient;
  return {client, asked};
}

describe('reading tasks by scope', () => {
  it('maps scopes to the engine’s task filters', () => {
    expect(taskFilters({kind: 'all'})).toBeUndefined();
    expect(taskFilters({kind: 'running'})).toEqual({'desired-state': ['running']});
    expect(taskFilters({kind: 'service', serviceId: 's1'})).toEqual({service: ['s1']});
    expect(taskFilters({kind: 'node', nodeId: 'n1'})).toEqual({node: ['n1']});
  });

  it('reads only the scope’s tasks when services carry the engine’s counts', async () => {
    const lab = labSnapshot();
    const services = withStatus(lab);
    const web = services.find(service => lab.tasks.some(task => task.ServiceID === service.ID))!;
    const {client, asked} = scopedClient({...lab, services});
    const snapshot = await readSnapshot(client, undefined, {kind: 'service', serviceId: web.ID});
    expect(asked).toEqual([{kind: 'service', serviceId: web.ID}]);
    expect(snapshot.taskScope).toEqual({kind: 'service', serviceId: web.ID});
    expect(snapshot.tasks.length).toBeGreaterThan(0);
    expect(snapshot.tasks.every(task => task.ServiceID === web.ID)).toBe(true);
  });

  it('reads every task from an engine that lists services without counts', async () => {
    const lab = labSnapshot();
    const {client, asked} = scopedClient({...lab, services: withoutStatus(lab.services)});
    const snapshot = await readSnapshot(client, undefined, {kind: 'none'});
    expect(asked).toEqual([{kind: 'none'}, {kind: 'all'}]);
    expect(snapshot.taskScope).toBeUndefined();
    expect(snapshot.tasks).toHaveLength(lab.tasks.length);
  });

  it('takes replica counts from ServiceStatus without tasks, but a global service still wants one task per eligible node', () => {
    const lab = labSnapshot();
    const full = indexSnapshot({...lab, services: withoutStatus(lab.services)});
    const services = withStatus(lab);
    const scoped = indexSnapshot({nodes: lab.nodes, services, tasks: [], taskScope: {kind: 'none'}});
    for (const service of services) {
      const health = scoped.healthByService.get(service.ID)!;
      expect(health.running).toBe(full.healthByService.get(service.ID)!.running);
      // DesiredTasks is 99 in these services: only job modes take it from the engine.
      expect(health.desired).toBe(full.healthByService.get(service.ID)!.desired);
    }
    expect(services.some(service => service.Spec.Mode.Global)).toBe(true);
    expect(scoped.runningCountsKnown).toBe(false);
    expect(indexSnapshot({...lab, taskScope: {kind: 'running'}}).runningCountsKnown).toBe(true);
    expect(indexSnapshot(lab).runningCountsKnown).toBe(true);
  });

  it('treats a change of scope as a new snapshot even when no object moved', () => {
    const lab = labSnapshot();
    const store = createClusterStore();
    applySnapshot(store, {...lab, taskScope: {kind: 'running'}}, 1);
    const first = store.getState().snapshot;
    applySnapshot(store, {...lab, taskScope: {kind: 'running'}}, 2);
    expect(store.getState().snapshot).toBe(first);
    applySnapshot(store, {...lab, taskScope: {kind: 'none'}}, 3);
    expect(store.getState().snapshot).not.toBe(first);
    expect(store.getState().snapshot?.taskScope).toEqual({kind: 'none'});
    expect(sameTaskScope(undefined, {kind: 'all'})).toBe(true);
    expect(sameTaskScope({kind: 'service', serviceId: 'a'}, {kind: 'service', serviceId: 'b'})).toBe(false);
  });
});

describe('the tasks a pane needs', () => {
  it('asks per pane, and knows which reads cover which frames', () => {
    const lab = labSnapshot();
    const service = lab.services[0]!;
    const tasksOf = newFrame('tasks', {serviceId: service.ID});
    expect(taskDemand(newFrame('nodes'), lab)).toEqual({scope: {kind: 'running'}, urgent: true});
    expect(taskDemand(newFrame('tasks'), lab)).toEqual({scope: {kind: 'all'}, urgent: true});
    expect(taskDemand(tasksOf, lab)).toEqual({scope: {kind: 'service', serviceId: service.ID}, urgent: true});
    expect(taskDemand(newFrame('tasks', {nodeId: 'n1'}), lab).scope).toEqual({kind: 'node', nodeId: 'n1'});
    // The services pane follows its selection (the first row by name here), without hurry.
    const first = [...lab.services].sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name))[0]!;
    expect(taskDemand(newFrame('services'), lab)).toEqual({scope: {kind: 'service', serviceId: first.ID}, urgent: false});
    expect(taskDemand({...newFrame('services'), selectedId: service.ID}, lab).scope).toEqual({kind: 'service', serviceId: service.ID});
    expect(taskDemand(newFrame('services'), undefined).scope).toEqual({kind: 'none'});

    expect(scopeCovers(undefined, tasksOf)).toBe(true);
    expect(scopeCovers({kind: 'service', serviceId: service.ID}, tasksOf)).toBe(true);
    expect(scopeCovers({kind: 'service', serviceId: 'other'}, tasksOf)).toBe(false);
    expect(scopeCovers({kind: 'running'}, tasksOf)).toBe(false);
    expect(scopeCovers({kind: 'running'}, newFrame('nodes'))).toBe(true);
    expect(scopeCovers({kind: 'none'}, newFrame('nodes'))).toBe(false);
    expect(scopeCovers({kind: 'none'}, newFrame('services'))).toBe(true);
    expect(scopeCovers({kind: 'running'}, newFrame('tasks'))).toBe(false);
  });
});

describe('following the pane on screen', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads at once for a pane the snapshot does not cover, once the selection rests for the services pane, and not otherwise', () => {
    vi.useFakeTimers();
    const lab = labSnapshot();
    const cluster = createClusterStore();
    const ui = createUiStore('services');
    const refreshNow = vi.fn();
    const stop = followTaskDemand(ui, cluster, refreshNow, 250);
    const first = [...lab.services].sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name))[0]!;

    // First load without tasks: the selected service's tasks are read once it rests.
    applySnapshot(cluster, {...lab, tasks: [], taskScope: {kind: 'none'}}, 1);
    expect(refreshNow).not.toHaveBeenCalled();
    vi.advanceTimersByTime(250);
    expect(refreshNow).toHaveBeenCalledTimes(1);

    // Its tasks arrived: nothing more to read.
    applySnapshot(cluster, {...lab, taskScope: {kind: 'service', serviceId: first.ID}}, 2);
    vi.advanceTimersByTime(1000);
    expect(refreshNow).toHaveBeenCalledTimes(1);

    // The nodes pane needs the running tasks now.
    ui.setState({stack: [newFrame('nodes')]});
    expect(refreshNow).toHaveBeenCalledTimes(2);
    // A snapshot of every task covers any pane.
    applySnapshot(cluster, lab, 3);
    ui.setState({stack: [newFrame('tasks')]});
    expect(refreshNow).toHaveBeenCalledTimes(2);

    stop();
    ui.setState({stack: [newFrame('nodes')]});
    applySnapshot(cluster, {...lab, tasks: [], taskScope: {kind: 'none'}}, 4);
    vi.advanceTimersByTime(1000);
    expect(refreshNow).toHaveBeenCalledTimes(2);
  });
});

describe('tasks as the panes keep them', () => {
  it('keeps only the fields panes use, from the engine’s full task', () => {
    const raw = labSnapshot().tasks.find(task => task.Status.ContainerStatus && task.NodeID)!;
    expect(Object.keys(raw)).toEqual(expect.arrayContaining(['Spec', 'Status', 'ServiceID']));
    const slim = slimTask(raw);
    expect(slim).toEqual({
      ID: raw.ID,
      Version: {Index: raw.Version.Index},
      CreatedAt: raw.CreatedAt,
      UpdatedAt: raw.UpdatedAt,
      ServiceID: raw.ServiceID,
      Slot: raw.Slot,
      NodeID: raw.NodeID,
      DesiredState: raw.DesiredState,
      Spec: {ContainerSpec: {Image: raw.Spec!.ContainerSpec!.Image}, ...(raw.Spec!.ForceUpdate !== undefined && {ForceUpdate: raw.Spec!.ForceUpdate})},
      Status: {
        Timestamp: raw.Status.Timestamp,
        State: raw.Status.State,
        Message: raw.Status.Message,
        ContainerStatus: {ContainerID: raw.Status.ContainerStatus!.ContainerID, ExitCode: raw.Status.ContainerStatus!.ExitCode},
        ...(raw.Status.Err !== undefined && {Err: raw.Status.Err}),
      },
    });
  });

  it('keeps what rollouts compare and what the scheduler counts against a node: the restart counter and reservations', () => {
    const raw = labSnapshot().tasks.find(task => task.Status.ContainerStatus && task.NodeID)!;
    const restarted = {
      ...raw,
      Spec: {...raw.Spec, ForceUpdate: 3, Resources: {Limits: {MemoryBytes: 9}, Reservations: {MemoryBytes: 64 << 20, NanoCPUs: 5e8}}},
    } as SwarmTask;
    expect(slimTask(restarted).Spec).toEqual({
      ContainerSpec: {Image: raw.Spec!.ContainerSpec!.Image},
      ForceUpdate: 3,
      Resources: {Reservations: {MemoryBytes: 64 << 20, NanoCPUs: 5e8}},
    });
  });

  it('reads only the tasks for a new pane into the last snapshot, keeping unchanged tasks and the refresh time', async () => {
    const lab = labSnapshot();
    const services = withStatus(lab);
    const {client, asked} = scopedClient({...lab, services});
    const store = createClusterStore();
    let scope: TaskScope = {kind: 'none'};
    const model = new ClusterPoller({client, store, intervalMs: 60_000, now: () => 5, taskScope: () => scope});
    model.start();
    await vi.waitFor(() => expect(store.getState().snapshot).toBeDefined());
    model.stop();
    const before = store.getState().snapshot!;
    expect(before.tasks).toEqual([]);
    asked.length = 0;

    const web = services.find(service => lab.tasks.some(task => task.ServiceID === service.ID))!;
    scope = {kind: 'service', serviceId: web.ID};
    model.refreshTasks();
    await vi.waitFor(() => expect(store.getState().snapshot?.taskScope).toEqual(scope));
    expect(asked).toEqual([scope]);
    const after = store.getState().snapshot!;
    expect(after.services).toBe(before.services);
    expect(after.tasks.every(task => task.ServiceID === web.ID)).toBe(true);
    expect(store.getState().refreshedAt).toBe(5);

    // The same tasks again keep their identity.
    applyTasks(
      store,
      after.tasks.map(task => ({...task})),
      scope,
    );
    expect(store.getState().snapshot!.tasks).toBe(after.tasks);
  });
});

describe('pacing task reads by their cost', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads cheap tasks every refresh, and tasks that take a second to read about every ten', async () => {
    expect(tasksDue(undefined, 0, 2000)).toBe(true);
    expect(tasksDue({at: 0, ms: 50}, 2000, 2000)).toBe(true);
    expect(tasksDue({at: 0, ms: 1000}, 2000, 2000)).toBe(false);
    expect(tasksDue({at: 0, ms: 1000}, 9000, 2000)).toBe(true);

    vi.useFakeTimers();
    const lab = labSnapshot();
    const services = withStatus(lab);
    const {client, asked} = scopedClient({...lab, services});
    let clock = 0;
    // Reading every task takes a second of the model's clock.
    const list = client.tasks.list.bind(client.tasks);
    client.tasks.list = async (signal?: AbortSignal, scope?: TaskScope) => {
      if (scope?.kind === 'all') clock += 1000;
      return list(signal, scope);
    };
    const store = createClusterStore();
    const model = new ClusterPoller({client, store, intervalMs: 2000, now: () => clock, taskScope: () => ({kind: 'all'})});
    model.start();
    for (let tick = 0; tick < 10; tick++) {
      await vi.advanceTimersByTimeAsync(2000);
      clock += 2000;
    }
    const allReads = asked.filter(scope => scope.kind === 'all').length;
    // 10 refreshes over ~30 s of clock: every task read about every 10 s, not every refresh.
    expect(allReads).toBeGreaterThanOrEqual(2);
    expect(allReads).toBeLessThanOrEqual(4);
    expect(asked.filter(scope => scope.kind === 'none').length).toBeGreaterThan(4);
    expect(store.getState().snapshot?.tasks).toHaveLength(lab.tasks.length);

    // Asked for explicitly, they are read at once, however recent the last read.
    await vi.advanceTimersByTimeAsync(10);
    expect(asked.filter(scope => scope.kind === 'all').length).toBe(allReads);
    model.refreshNow();
    await vi.advanceTimersByTimeAsync(10);
    model.stop();
    expect(asked.filter(scope => scope.kind === 'all').length).toBe(allReads + 1);
  });
});

describe('a refresh that outlives its pane', () => {
  it('keeps the tasks read for the new pane rather than the superseded scope’s', async () => {
    const lab = labSnapshot();
    const services = withStatus(lab);
    const {client} = scopedClient({...lab, services});
    const [first, second] = services.filter(service => lab.tasks.some(task => task.ServiceID === service.ID));
    let release: (() => void) | undefined;
    const list = client.tasks.list.bind(client.tasks);
    client.tasks.list = async (signal?: AbortSignal, scope?: TaskScope) => {
      if (scope?.kind === 'service' && scope.serviceId === first!.ID) await new Promise<void>(resolve => (release = resolve));
      return list(signal, scope);
    };
    const store = createClusterStore();
    applySnapshot(store, {...lab, services, tasks: [], taskScope: {kind: 'none'}}, 0);
    let scope: TaskScope = {kind: 'service', serviceId: first!.ID};
    const model = new ClusterPoller({client, store, intervalMs: 60_000, taskScope: () => scope});
    model.refreshNow();
    model.start();
    await vi.waitFor(() => expect(release).toBeDefined());
    // The user moves on; the new pane's tasks arrive first.
    scope = {kind: 'service', serviceId: second!.ID};
    model.refreshTasks();
    await vi.waitFor(() => expect(store.getState().snapshot?.taskScope).toEqual(scope));
    release!();
    await vi.waitFor(() => expect(store.getState().refreshedAt).not.toBe(0));
    model.stop();
    expect(store.getState().snapshot?.taskScope).toEqual(scope);
    expect(store.getState().snapshot?.tasks.every(task => task.ServiceID === second!.ID)).toBe(true);
  });
});

describe('a task pane whose tasks are still being read', () => {
  it('lists nothing until the snapshot covers it', async () => {
    const {listRows} = await import('../../source/views/panes/pane.js');
    const {tasksPane: tasksView} = await import('../../source/views/panes/tasks.js');
    const lab = labSnapshot();
    const service = lab.services.find(candidate => lab.tasks.some(task => task.ServiceID === candidate.ID))!;
    const frame = newFrame('tasks', {serviceId: service.ID});
    const own = lab.tasks.filter(task => task.ServiceID === service.ID);
    expect(listRows(tasksView, {...lab, tasks: own, taskScope: {kind: 'running'}}, frame)).toEqual([]);
    expect(listRows(tasksView, {...lab, tasks: own, taskScope: {kind: 'service', serviceId: service.ID}}, frame)).toHaveLength(own.length);
  });
});

import {describe, expect, it} from 'vitest';
import type {EngineTask, TaskState} from '../../source/demo/engine-types.js';
import {RFC3339_NANO, SWARM_ID, testSwarm, timeOf} from './support.js';

function watchStates(swarm: ReturnType<typeof testSwarm>, taskId: string, forMs: number, stepMs = 5): TaskState[] {
  const seen: TaskState[] = [];
  const record = (): void => {
    const task = swarm.store.tasks.get(taskId);
    const state = task?.api.Status.State;
    if (state && seen[seen.length - 1] !== state) seen.push(state);
  };
  record();
  for (let t = 0; t < forMs; t += stepMs) {
    swarm.tick(stepMs);
    record();
  }
  return seen;
}

function wanted(tasks: EngineTask[]): EngineTask[] {
  return tasks.filter(task => task.DesiredState === 'running' || task.DesiredState === 'ready');
}

describe('a task on its way to running', () => {
  it('moves new → pending → assigned → accepted → preparing → ready → starting → running, each a new version', () => {
    const swarm = testSwarm();
    const before = new Set(swarm.tasksOf('shop_redis').map(task => task.ID));
    swarm.scale('shop_redis', 2);
    const created = swarm.tasksOf('shop_redis').find(task => !before.has(task.ID))!;
    expect(created.Status.State).toBe('new');
    expect(created.Status.Message).toBe('created');
    expect(created.Slot).toBe(2);
    expect(created.NodeID).toBeUndefined();

    const versions: number[] = [created.Version.Index];
    const unsubscribe = swarm.onAdvance(() => {
      const index = swarm.store.tasks.get(created.ID)!.api.Version.Index;
      if (versions[versions.length - 1] !== index) versions.push(index);
    });
    const states = watchStates(swarm, created.ID, 8000);
    unsubscribe();

    expect(states).toEqual(['new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);
    expect(versions.length).toBeGreaterThanOrEqual(states.length);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);

    const running = swarm.store.tasks.get(created.ID)!.api;
    expect(running.Status.Message).toBe('started');
    expect(running.NodeID).toMatch(SWARM_ID);
    expect(running.Status.ContainerStatus?.PID).toBeGreaterThan(0);
    expect(running.Status.ContainerStatus?.ContainerID).toMatch(/^[0-9a-f]{64}$/);
    expect(running.ID).toMatch(SWARM_ID);
    for (const stamp of [running.CreatedAt, running.UpdatedAt, running.Status.Timestamp]) expect(stamp).toMatch(RFC3339_NANO);
    // From creation to running takes a realistic second or few, not an instant.
    const took = timeOf(running.Status.Timestamp) - timeOf(running.CreatedAt);
    expect(took).toBeGreaterThan(400);
    expect(took).toBeLessThan(8000);
  });

  it('spreads a scaled-up service over nodes that do not run it yet', () => {
    const swarm = testSwarm();
    swarm.scale('shop_web', 5);
    swarm.tick(10_000);
    const running = swarm.tasksOf('shop_web').filter(task => task.Status.State === 'running');
    expect(running).toHaveLength(5);
    expect(new Set(running.map(task => task.NodeID)).size).toBe(5);
    expect(running.map(task => task.Slot).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('scaling down', () => {
  it('retires the highest slots: desired remove, then shut down, then gone', () => {
    const swarm = testSwarm();
    swarm.scale('shop_web', 1);
    const retired = swarm.tasksOf('shop_web').filter(task => task.Slot !== 1 && task.DesiredState !== 'shutdown');
    expect(retired.map(task => task.Slot).sort()).toEqual([2, 3]);
    for (const task of retired) expect(task.DesiredState).toBe('remove');

    const shutdownSeen = new Set<string>();
    for (let t = 0; t < 15_000; t += 100) {
      swarm.tick(100);
      for (const task of retired) if (swarm.store.tasks.get(task.ID)?.api.Status.State === 'shutdown') shutdownSeen.add(task.ID);
    }
    expect(shutdownSeen.size).toBe(2);
    for (const task of retired) expect(swarm.store.tasks.has(task.ID)).toBe(false);
    expect(wanted(swarm.tasksOf('shop_web'))).toHaveLength(1);
    expect(swarm.serviceStatus(swarm.service('shop_web'))).toEqual({RunningTasks: 1, DesiredTasks: 1, CompletedTasks: 0});
  });
});

describe('draining a node', () => {
  it('shuts its tasks down and re-creates the replicated ones elsewhere; global tasks just stop', () => {
    const swarm = testSwarm();
    const worker = swarm.node('worker2');
    const onWorker = wanted(swarm.tasks()).filter(task => task.NodeID === worker.api.ID);
    const replicated = onWorker.filter(task => task.Slot !== undefined);
    const global = onWorker.filter(task => task.Slot === undefined);
    expect(replicated.length).toBeGreaterThan(0);
    expect(global).toHaveLength(1);
    const exporterDesired = swarm.serviceStatus(swarm.service('monitoring_node-exporter')).DesiredTasks;

    swarm.setAvailability('worker2', 'drain');
    for (const task of onWorker) expect(swarm.store.tasks.get(task.ID)!.api.DesiredState).toBe('shutdown');
    swarm.tick(20_000);

    for (const task of onWorker) expect(swarm.store.tasks.get(task.ID)?.api.Status.State ?? 'shutdown').toBe('shutdown');
    expect(wanted(swarm.tasks()).filter(task => task.NodeID === worker.api.ID)).toHaveLength(0);
    for (const old of replicated) {
      const service = swarm.store.services.get(old.ServiceID)!;
      // The crash-looping service's replacement is, as ever, somewhere in its restart cycle.
      if (service.behaviour.crash) continue;
      const replacement = wanted(swarm.tasksOf(service.api.ID)).find(task => task.Slot === old.Slot)!;
      expect(replacement.ID).not.toBe(old.ID);
      expect(replacement.NodeID).not.toBe(worker.api.ID);
      expect(replacement.Status.State).toBe('running');
    }
    expect(swarm.serviceStatus(swarm.service('monitoring_node-exporter')).DesiredTasks).toBe(exporterDesired - 1);

    // Back to active: the global service returns to the node; replicated ones are not rebalanced.
    swarm.setAvailability('worker2', 'active');
    swarm.tick(10_000);
    // (A crash-looping task may restart onto the now empty node; only steady services count here.)
    const back = wanted(swarm.tasks()).filter(task => task.NodeID === worker.api.ID && !swarm.store.services.get(task.ServiceID)!.behaviour.crash);
    expect(back).toHaveLength(1);
    expect(back[0]!.ServiceID).toBe(swarm.service('monitoring_node-exporter').api.ID);
    expect(back[0]!.Status.State).toBe('running');
  });

  it('pausing keeps running tasks but takes no new ones', () => {
    const swarm = testSwarm();
    const worker = swarm.node('worker1');
    const before = wanted(swarm.tasks())
      .filter(task => task.NodeID === worker.api.ID)
      .map(task => task.ID);
    swarm.setAvailability('worker1', 'pause');
    swarm.scale('shop_web', 6);
    swarm.tick(10_000);
    const after = wanted(swarm.tasks())
      .filter(task => task.NodeID === worker.api.ID)
      .map(task => task.ID);
    expect(after.sort()).toEqual(before.sort());
  });
});

describe('global services', () => {
  it('run one task per eligible node, none on a node that fails the constraint', () => {
    const swarm = testSwarm();
    const exporter = wanted(swarm.tasksOf('monitoring_node-exporter'));
    expect(exporter).toHaveLength(5);
    expect(new Set(exporter.map(task => task.NodeID)).size).toBe(5);
    for (const task of exporter) expect(task.Slot).toBeUndefined();
  });

  it('follow a node that is promoted out of a role constraint', () => {
    const swarm = testSwarm();
    const service = swarm.service('monitoring_node-exporter');
    const spec = structuredClone(service.api.Spec);
    spec.TaskTemplate.Placement = {Constraints: ['node.role==worker']};
    swarm.updateService(service.api.ID, service.api.Version.Index, spec);
    swarm.tick(30_000);
    expect(
      wanted(swarm.tasksOf(service.api.ID))
        .map(task => swarm.store.nodes.get(task.NodeID!)!.api.Description.Hostname)
        .sort(),
    ).toEqual(['worker1', 'worker2']);
    swarm.setRole('worker1', 'manager');
    swarm.tick(30_000);
    expect(wanted(swarm.tasksOf(service.api.ID)).map(task => swarm.store.nodes.get(task.NodeID!)!.api.Description.Hostname)).toEqual(['worker2']);
    expect(swarm.node('worker1').api.ManagerStatus?.Reachability).toBe('reachable');
  });
});

import {describe, expect, it} from 'vitest';
import type {EngineTask} from '../../source/demo/engine-types.js';
import {testSwarm, timeOf} from './support.js';

function bySlot(tasks: EngineTask[]): Map<number, EngineTask[]> {
  const slots = new Map<number, EngineTask[]>();
  for (const task of tasks) slots.set(task.Slot ?? 0, [...(slots.get(task.Slot ?? 0) ?? []), task]);
  return slots;
}

describe('the crash-looping service', () => {
  it('already has a history of exit 137 when the demo starts, kept to five tasks per slot', () => {
    const swarm = testSwarm();
    const slots = bySlot(swarm.tasksOf('shop_billing-worker'));
    expect([...slots.keys()].sort()).toEqual([1, 2]);
    for (const tasks of slots.values()) {
      expect(tasks.length).toBeLessThanOrEqual(5);
      const failed = tasks.filter(task => task.Status.State === 'failed');
      expect(failed.length).toBeGreaterThanOrEqual(2);
      for (const task of failed) {
        expect(task.Status.Err).toBe('task: non-zero exit (137)');
        expect(task.Status.Message).toBe('started');
        expect(task.Status.ContainerStatus).toMatchObject({PID: 0, ExitCode: 137});
        expect(task.DesiredState).toBe('shutdown');
      }
      // Exactly one task per slot is still wanted: the current attempt.
      expect(tasks.filter(task => task.DesiredState === 'running' || task.DesiredState === 'ready')).toHaveLength(1);
    }
  });

  it('keeps failing and restarting, waiting the restart delay, and the reaper keeps history at five', () => {
    const swarm = testSwarm();
    const before = new Set(swarm.tasksOf('shop_billing-worker').map(task => task.ID));
    let sawHeldReplacement = false;
    for (let t = 0; t < 120_000; t += 200) {
      swarm.tick(200);
      for (const task of swarm.tasksOf('shop_billing-worker')) if (task.DesiredState === 'ready' && task.Status.State === 'ready') sawHeldReplacement = true;
      for (const tasks of bySlot(swarm.tasksOf('shop_billing-worker')).values()) expect(tasks.length).toBeLessThanOrEqual(5);
    }
    expect(sawHeldReplacement).toBe(true);
    const now = swarm.tasksOf('shop_billing-worker');
    const fresh = now.filter(task => !before.has(task.ID));
    expect(fresh.filter(task => task.Status.State === 'failed').length).toBeGreaterThanOrEqual(4);

    // Each replacement started running no sooner than the 5 s restart delay after its predecessor died.
    for (const tasks of bySlot(now).values()) {
      const ordered = [...tasks].sort((a, b) => timeOf(a.CreatedAt) - timeOf(b.CreatedAt));
      for (let i = 1; i < ordered.length; i++) {
        const previous = ordered[i - 1]!;
        const next = ordered[i]!;
        if (previous.Status.State !== 'failed' || next.Status.State === 'pending') continue;
        const nextStarted = next.Status.State === 'running' ? timeOf(next.Status.Timestamp) : undefined;
        if (nextStarted !== undefined) expect(nextStarted - timeOf(previous.Status.Timestamp)).toBeGreaterThanOrEqual(5000);
      }
    }
  });
});

describe('the unschedulable service', () => {
  it('leaves its task pending with the scheduler’s explanation', () => {
    const swarm = testSwarm();
    const [task, ...others] = swarm.tasksOf('ml_trainer');
    expect(others).toHaveLength(0);
    expect(task!.Status).toMatchObject({
      State: 'pending',
      Message: 'pending task scheduling',
      Err: 'no suitable node (scheduling constraints not satisfied on 5 nodes)',
    });
    expect(task!.NodeID).toBeUndefined();
    expect(task!.DesiredState).toBe('running');
    expect(swarm.serviceStatus(swarm.service('ml_trainer'))).toEqual({RunningTasks: 0, DesiredTasks: 1, CompletedTasks: 0});
  });

  it('explains unavailable nodes separately, and runs once a node meets the constraint', () => {
    const swarm = testSwarm();
    swarm.setAvailability('manager3', 'drain');
    swarm.tick(2000);
    const [pending] = swarm.tasksOf('ml_trainer');
    expect(pending!.Status.Err).toBe('no suitable node (1 node not available for new tasks; scheduling constraints not satisfied on 4 nodes)');

    const worker = swarm.node('worker2');
    swarm.updateNode(worker.api.ID, worker.api.Version.Index, {...worker.api.Spec, Labels: {...worker.api.Spec.Labels, gpu: 'true'}});
    swarm.tick(10_000);
    const [task] = swarm.tasksOf('ml_trainer');
    expect(task!.ID).toBe(pending!.ID);
    expect(task!.Status.State).toBe('running');
    expect(task!.NodeID).toBe(worker.api.ID);
  });
});

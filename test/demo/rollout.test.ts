import {describe, expect, it} from 'vitest';
import {BROKEN_RELEASE} from '../../source/demo/catalog.js';
import type {EngineTask, UpdateState} from '../../source/demo/engine-types.js';
import {image, testSwarm, timeOf} from './support.js';

type Swarm = ReturnType<typeof testSwarm>;

/** Ticks in small steps, recording each UpdateStatus state as it changes. */
function runUpdate(swarm: Swarm, name: string, forMs: number): UpdateState[] {
  const states: UpdateState[] = [];
  for (let t = 0; t < forMs; t += 100) {
    const state = swarm.service(name).api.UpdateStatus?.State;
    if (state && states[states.length - 1] !== state) states.push(state);
    swarm.tick(100);
  }
  const state = swarm.service(name).api.UpdateStatus?.State;
  if (state && states[states.length - 1] !== state) states.push(state);
  return states;
}

const runningAt = (task: EngineTask): number => timeOf(task.Status.Timestamp);

describe('a rolling update', () => {
  it('replaces tasks in batches of Parallelism, waiting Delay after each, stop-first', () => {
    const swarm = testSwarm();
    // shop_api: 4 replicas, Parallelism 2, Delay 5 s, Monitor 10 s, stop-first.
    const old = swarm.activeTasks('shop_api');
    const started = swarm.now;
    swarm.setImage('shop_api', 'registry.example.com/shop/api:2.15.0');
    expect(swarm.service('shop_api').api.UpdateStatus).toMatchObject({State: 'updating', Message: 'update in progress'});
    expect(swarm.service('shop_api').api.PreviousSpec?.TaskTemplate.ContainerSpec.Image).toMatch(/api:2\.14\.0@sha256:/);

    const states = runUpdate(swarm, 'shop_api', 60_000);
    expect(states).toEqual(['updating', 'completed']);
    const status = swarm.service('shop_api').api.UpdateStatus!;
    expect(status.Message).toBe('update completed');
    expect(timeOf(status.CompletedAt)).toBeGreaterThan(timeOf(status.StartedAt));

    const fresh = swarm.tasksOf('shop_api').filter(task => image(task) === 'registry.example.com/shop/api:2.15.0');
    expect(fresh).toHaveLength(4);
    for (const task of fresh) expect(task.Status.State).toBe('running');
    const created = fresh.map(task => timeOf(task.CreatedAt)).sort((a, b) => a - b);
    // Two workers start at once; each takes its next slot only once its task runs and the delay has passed.
    expect(created[0]! - started).toBeLessThan(50);
    expect(created[1]! - created[0]!).toBeLessThan(50);
    const firstPair = fresh
      .filter(task => timeOf(task.CreatedAt) <= created[1]!)
      .map(runningAt)
      .sort((a, b) => a - b);
    expect(created[2]! - firstPair[0]!).toBeGreaterThanOrEqual(5000);
    expect(created[3]! - firstPair[1]!).toBeGreaterThanOrEqual(5000);
    // Never more than Parallelism new tasks on their way up at the same moment.
    for (const task of fresh) {
      const at = timeOf(task.CreatedAt);
      expect(fresh.filter(other => timeOf(other.CreatedAt) <= at && runningAt(other) > at).length).toBeLessThanOrEqual(2);
    }

    // Stop-first: each slot's old task was down before its new task started running.
    for (const task of fresh) {
      const predecessor = swarm.store.tasks.get(old.find(previous => previous.Slot === task.Slot)!.ID)!.api;
      expect(predecessor.DesiredState).toBe('shutdown');
      expect(predecessor.Status.State).toBe('shutdown');
      expect(timeOf(predecessor.Status.Timestamp)).toBeLessThan(runningAt(task));
    }
    // Completion waits out the 10 s monitor after the last batch (and its delay).
    expect(timeOf(status.CompletedAt) - Math.max(...fresh.map(runningAt))).toBeGreaterThanOrEqual(10_000);
  });

  it('with start-first order and Parallelism 1 starts each new task before stopping the old one', () => {
    const swarm = testSwarm();
    // shop_web: 3 replicas, Parallelism 1, Delay 10 s, start-first.
    const old = swarm.activeTasks('shop_web');
    swarm.forceUpdate('shop_web');
    expect(swarm.service('shop_web').api.Spec.TaskTemplate.ForceUpdate).toBe(1);
    const states = runUpdate(swarm, 'shop_web', 60_000);
    expect(states).toEqual(['updating', 'completed']);
    const fresh = swarm.activeTasks('shop_web');
    expect(fresh.map(task => task.ID).some(id => old.some(previous => previous.ID === id))).toBe(false);
    const created = fresh.map(task => timeOf(task.CreatedAt)).sort((a, b) => a - b);
    for (let i = 1; i < created.length; i++) expect(created[i]! - created[i - 1]!).toBeGreaterThanOrEqual(10_000);
    for (const task of fresh) {
      const predecessor = swarm.store.tasks.get(old.find(previous => previous.Slot === task.Slot)!.ID)!.api;
      expect(timeOf(predecessor.Status.Timestamp)).toBeGreaterThan(runningAt(task));
    }
  });

  it('only changing replicas is not an update', () => {
    const swarm = testSwarm();
    swarm.scale('shop_api', 6);
    expect(swarm.service('shop_api').api.UpdateStatus).toBeUndefined();
    swarm.tick(20_000);
    expect(swarm.service('shop_api').api.UpdateStatus).toBeUndefined();
    expect(swarm.activeTasks('shop_api').filter(task => task.Status.State === 'running')).toHaveLength(6);
  });
});

describe('the failing update', () => {
  it('rolls back automatically when a new task exits during the monitor window', () => {
    const swarm = testSwarm();
    const original = swarm.service('shop_checkout').api.Spec.TaskTemplate.ContainerSpec.Image;
    swarm.setImage('shop_checkout', BROKEN_RELEASE);
    const states = runUpdate(swarm, 'shop_checkout', 60_000);
    expect(states).toEqual(['updating', 'rollback_started', 'rollback_completed']);

    const service = swarm.service('shop_checkout').api;
    expect(service.UpdateStatus!.Message).toBe('rollback completed');
    expect(service.Spec.TaskTemplate.ContainerSpec.Image).toBe(original);
    // swarmkit's automatic rollback consumes the previous spec.
    expect(service.PreviousSpec).toBeUndefined();

    const broken = swarm.tasksOf('shop_checkout').filter(task => image(task) === BROKEN_RELEASE);
    expect(broken.length).toBeGreaterThan(0);
    const failed = broken.find(task => task.Status.State === 'failed')!;
    expect(failed.Status.Err).toBe('task: non-zero exit (1)');
    expect(failed.Status.ContainerStatus?.ExitCode).toBe(1);
    expect(failed.DesiredState).toBe('shutdown');

    const active = swarm.activeTasks('shop_checkout');
    expect(active).toHaveLength(3);
    for (const task of active) {
      expect(task.Spec.ContainerSpec.Image).toBe(original);
      expect(task.Status.State).toBe('running');
    }
    const rolledBack = swarm.events
      .recent()
      .map(logged => logged.event)
      .filter(event => event.Actor.Attributes['updatestate.new'] === 'rollback_started');
    expect(rolledBack).toHaveLength(1);
    expect(rolledBack[0]!.Actor.Attributes).toMatchObject({
      'updatestate.old': 'updating',
      'image.new': original,
      'image.old': expect.stringContaining('checkout:3.3.0'),
    });
  });

  it('says which task failed it', () => {
    const swarm = testSwarm();
    swarm.setImage('shop_checkout', BROKEN_RELEASE);
    let message = '';
    for (let t = 0; t < 30_000 && !message; t += 100) {
      swarm.tick(100);
      const status = swarm.service('shop_checkout').api.UpdateStatus;
      if (status?.State === 'rollback_started') message = status.Message;
    }
    const id = /^update rolled back due to failure or early termination of task ([a-z0-9]{25})$/.exec(message)?.[1];
    expect(id).toBeDefined();
    expect(swarm.task(id!).api.Status.State).toBe('failed');
  });

  it('is played by the autopilot on its own', () => {
    const swarm = testSwarm({autopilot: true});
    const states = runUpdate(swarm, 'shop_checkout', 60_000);
    expect(states).toEqual(['updating', 'rollback_started', 'rollback_completed']);
  });
});

describe('rollback on request', () => {
  it('swaps back to the previous spec with the rollback config', () => {
    const swarm = testSwarm();
    swarm.setImage('shop_web', 'nginx:1.27.4-alpine');
    runUpdate(swarm, 'shop_web', 60_000);
    expect(swarm.service('shop_web').api.UpdateStatus?.State).toBe('completed');

    swarm.rollback('shop_web');
    const service = swarm.service('shop_web').api;
    expect(service.UpdateStatus).toMatchObject({State: 'rollback_started', Message: 'manually requested rollback'});
    expect(service.PreviousSpec?.TaskTemplate.ContainerSpec.Image).toBe('nginx:1.27.4-alpine');
    expect(service.Spec.TaskTemplate.ContainerSpec.Image).toMatch(/^nginx:1\.27\.3-alpine@sha256:/);
    const states = runUpdate(swarm, 'shop_web', 60_000);
    expect(states).toEqual(['rollback_started', 'rollback_completed']);
    for (const task of swarm.activeTasks('shop_web')) expect(image(task)).toBe('nginx:1.27.3-alpine');
  });
});

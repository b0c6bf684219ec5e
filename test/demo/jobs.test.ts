import {describe, expect, it} from 'vitest';
import {testSwarm} from './support.js';

// The demo swarm has jobs as a real one can: a replicated job that ran its three
// completions one at a time, and a global job that ran once per node. A forced
// update starts the next run (iteration), as `docker service update --force` does.
describe('jobs in the demo swarm', () => {
  it('counts a finished replicated job as the engine does, and runs it again on a forced update, one task at a time', () => {
    const swarm = testSwarm();
    const migrate = swarm.service('shop_db-migrate');
    expect(migrate.api.Spec.Mode).toEqual({ReplicatedJob: {MaxConcurrent: 1, TotalCompletions: 3}});
    expect(migrate.api.JobStatus?.JobIteration.Index).toBe(0);
    expect(swarm.serviceStatus(migrate)).toEqual({RunningTasks: 0, DesiredTasks: 1, CompletedTasks: 3});
    expect(swarm.tasksOf('shop_db-migrate').map(task => task.Status.State)).toEqual(['complete', 'complete', 'complete']);

    swarm.forceUpdate('shop_db-migrate');
    expect(migrate.api.JobStatus?.JobIteration.Index).toBe(1);
    expect(swarm.serviceStatus(migrate).CompletedTasks).toBe(0);
    let mostAtOnce = 0;
    for (let t = 0; t < 60_000 && swarm.serviceStatus(migrate).CompletedTasks < 3; t += 50) {
      swarm.tick(50);
      const live = swarm.tasksOf('shop_db-migrate').filter(task => task.DesiredState === 'running').length;
      mostAtOnce = Math.max(mostAtOnce, live);
    }
    expect(swarm.serviceStatus(migrate)).toEqual({RunningTasks: 0, DesiredTasks: 1, CompletedTasks: 3});
    expect(mostAtOnce).toBe(1);
    // The first run's tasks stay as history; no task of either run failed.
    expect(swarm.tasksOf('shop_db-migrate').filter(task => task.Status.State === 'complete')).toHaveLength(6);
    expect(swarm.tasksOf('shop_db-migrate').some(task => task.Status.State === 'failed')).toBe(false);
  });

  it('runs a global job once on every node', () => {
    const swarm = testSwarm();
    const rotate = swarm.service('ops_log-rotate');
    const nodes = swarm.store.nodes.size;
    expect(rotate.api.Spec.Mode).toEqual({GlobalJob: {}});
    expect(swarm.serviceStatus(rotate)).toEqual({RunningTasks: 0, DesiredTasks: 0, CompletedTasks: nodes});
    swarm.forceUpdate('ops_log-rotate');
    for (let t = 0; t < 30_000 && swarm.serviceStatus(rotate).CompletedTasks < nodes; t += 100) swarm.tick(100);
    expect(swarm.serviceStatus(rotate)).toMatchObject({RunningTasks: 0, CompletedTasks: nodes});
    expect(new Set(swarm.tasksOf('ops_log-rotate').map(task => task.NodeID)).size).toBe(nodes);
  });
});

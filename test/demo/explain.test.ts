import {describe, expect, it} from 'vitest';
import type {SwarmSnapshot} from '../../source/docker/types.js';
import {indexSnapshot} from '../../source/model/cluster-index.js';
import {restartIndex} from '../../source/model/restarts.js';
import {changeText, specChanges} from '../../source/model/spec-changes.js';
import {explainPendingService} from '../../source/model/why-pending.js';
import type {DemoSwarm} from '../../source/demo/swarm.js';
import {testSwarm} from './support.js';

// The demo swarm plays every case the explainer is for: a task pending by
// constraint, one pending by resources (the autopilot's oversized update), a
// crash loop, and an update whose diff has more than the image.
function snapshotOf(swarm: DemoSwarm): SwarmSnapshot {
  return {nodes: swarm.nodes(), services: swarm.services(), tasks: swarm.tasks()} as unknown as SwarmSnapshot;
}
const named = (snapshot: SwarmSnapshot, name: string) => snapshot.services.find(service => service.Spec.Name === name)!;

describe('the demo swarm explains itself', () => {
  it('has a service pending by constraint, and says which', () => {
    const snapshot = snapshotOf(testSwarm());
    expect(explainPendingService(named(snapshot, 'ml_trainer'), snapshot)!.summary).toMatch(
      /^no node fits: constraint node\.labels\.gpu==true; manager1, manager2, manager3 and 2 more have no gpu$/,
    );
  });

  it('has the autopilot ask for more memory than any node has, then roll it back', () => {
    const swarm = testSwarm({autopilot: true});
    swarm.tick(110_000);
    let snapshot = snapshotOf(swarm);
    const consoleService = named(snapshot, 'ops_debug-console');
    const pending = swarm.tasksOf('ops_debug-console').find(task => task.Status.State === 'pending')!;
    expect(pending.Status.Err).toBe('no suitable node (insufficient resources on 5 nodes)');
    expect(explainPendingService(consoleService, snapshot)!.summary).toMatch(
      /^no node fits: needs 256 GiB of memory reserved; the most free is [\d.]+ GiB on worker[12]$/,
    );
    expect(specChanges(consoleService.PreviousSpec, consoleService.Spec).map(changeText)).toEqual(['+ memory reserved 256 GiB']);

    swarm.tick(100_000);
    snapshot = snapshotOf(swarm);
    expect(explainPendingService(named(snapshot, 'ops_debug-console'), snapshot)).toBeUndefined();
    expect(swarm.activeTasks('ops_debug-console').every(task => task.Status.State === 'running')).toBe(true);
  });

  it('has a crash loop, counted per slot with its exit codes', () => {
    const swarm = testSwarm();
    swarm.tick(60_000);
    const snapshot = snapshotOf(swarm);
    const restarts = restartIndex(indexSnapshot(snapshot), swarm.now).byService.get(named(snapshot, 'shop_billing-worker').ID)!;
    expect(restarts.crashLooping).toBe(true);
    expect(restarts.exitSummary).toMatch(/^exit 137 ×\d+$/);
  });

  it('has an update whose diff shows image, environment and replicas', () => {
    const api = named(snapshotOf(testSwarm()), 'shop_api');
    expect(specChanges(api.PreviousSpec, api.Spec).map(changeText)).toEqual([
      'label com.docker.stack.image registry.example.com/shop/api:2.13.2 → registry.example.com/shop/api:2.14.0',
      'image registry.example.com/shop/api:2.13.2 → registry.example.com/shop/api:2.14.0',
      'replicas 3 → 4',
      '+ env REDIS_URL redis://redis:6379',
    ]);
  });
});

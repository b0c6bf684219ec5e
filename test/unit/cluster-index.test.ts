// The cluster index is patched from what a read changed: after any run of reads, each
// lookup is what grouping the snapshot whole gives, and a service or node whose tasks
// stand still keeps its list, the same array.
import {describe, expect, it} from 'vitest';
import type {SwarmNode, SwarmService, SwarmSnapshot, SwarmTask} from '../../source/docker/types.js';
import {indexSnapshot, isRunning} from '../../source/model/cluster-index.js';
import {isEligible} from '../../source/model/placement.js';

function task(id: string, serviceId: string, nodeId: string | undefined, state = 'running', version = 1): SwarmTask {
  return {
    ID: id,
    Version: {Index: version},
    CreatedAt: '2026-01-01T00:00:00Z',
    UpdatedAt: '2026-01-01T00:00:00Z',
    ServiceID: serviceId,
    Slot: 1,
    ...(nodeId && {NodeID: nodeId}),
    DesiredState: state === 'running' ? 'running' : 'shutdown',
    Status: {Timestamp: '2026-01-01T00:00:00Z', State: state},
  } as SwarmTask;
}

function service(id: string, mode: 'replicated' | 'global', replicas = 3): SwarmService {
  return {
    ID: id,
    Version: {Index: 1},
    Spec: {Name: id, TaskTemplate: {}, Mode: mode === 'global' ? {Global: {}} : {Replicated: {Replicas: replicas}}},
  } as SwarmService;
}

const node = (id: string, state = 'ready'): SwarmNode =>
  ({ID: id, Version: {Index: 1}, Spec: {Availability: 'active', Role: 'worker'}, Status: {State: state}, Description: {Hostname: id}}) as SwarmNode;

/** What grouping the whole snapshot gives, worked out here the plain way. */
function expected(snapshot: SwarmSnapshot) {
  const byService = new Map<string, string[]>();
  const byNode = new Map<string, string[]>();
  const runningByNode = new Map<string, number>();
  for (const one of snapshot.tasks) {
    byService.set(one.ServiceID, [...(byService.get(one.ServiceID) ?? []), one.ID]);
    if (one.NodeID) byNode.set(one.NodeID, [...(byNode.get(one.NodeID) ?? []), one.ID]);
    if (one.NodeID && isRunning(one)) runningByNode.set(one.NodeID, (runningByNode.get(one.NodeID) ?? 0) + 1);
  }
  const eligible = snapshot.nodes.filter(one => isEligible(one, undefined)).length;
  const health = new Map(
    snapshot.services.map(one => [
      one.ID,
      {
        running: snapshot.tasks.filter(t => t.ServiceID === one.ID && isRunning(t)).length,
        desired: one.Spec.Mode.Global ? eligible : (one.Spec.Mode.Replicated?.Replicas ?? 1),
      },
    ]),
  );
  return {byService, byNode, runningByNode, health};
}

function actual(snapshot: SwarmSnapshot) {
  const index = indexSnapshot(snapshot);
  const ids = (map: Map<string, SwarmTask[]>) => new Map([...map].map(([key, list]) => [key, list.map(one => one.ID)]));
  return {
    byService: ids(index.tasksByService),
    byNode: ids(index.tasksByNode),
    runningByNode: index.runningTasksByNode,
    health: new Map([...index.healthByService].map(([id, health]) => [id, {running: health.running, desired: health.desired}])),
  };
}

const sorted = <V>(map: Map<string, V>) => new Map([...map].sort(([a], [b]) => a.localeCompare(b)));
const same = (snapshot: SwarmSnapshot) => {
  const got = actual(snapshot);
  const want = expected(snapshot);
  for (const key of ['byService', 'byNode', 'runningByNode', 'health'] as const)
    expect(sorted(got[key] as Map<string, unknown>)).toEqual(sorted(want[key] as Map<string, unknown>));
};

describe('the cluster index, patched read by read', () => {
  it('matches a whole grouping after tasks are added, changed, moved and removed', () => {
    const nodes = [node('n1'), node('n2'), node('n3')];
    const services = [service('web', 'replicated'), service('db', 'replicated', 1), service('agent', 'global')];
    let tasks = [
      task('w1', 'web', 'n1'),
      task('w2', 'web', 'n2'),
      task('w3', 'web', 'n3'),
      task('d1', 'db', 'n1'),
      task('a1', 'agent', 'n1'),
      task('a2', 'agent', 'n2'),
      task('a3', 'agent', 'n3'),
    ];
    // Enough tasks that a few moving is a patch, not a regrouping.
    for (let i = 0; i < 100; i++) tasks.push(task(`x${i}`, `svc${i % 10}`, `n${(i % 3) + 1}`));
    let snapshot: SwarmSnapshot = {nodes, services, tasks};
    same(snapshot);
    const first = indexSnapshot(snapshot);

    // w2 fails and is replaced on n3; d1 moves state only.
    tasks = tasks.map(one => (one.ID === 'w2' ? task('w2', 'web', 'n2', 'failed', 2) : one.ID === 'd1' ? task('d1', 'db', 'n1', 'starting', 2) : one));
    tasks.push(task('w4', 'web', 'n3', 'running'));
    snapshot = {nodes, services, tasks};
    same(snapshot);
    const second = indexSnapshot(snapshot);
    // Untouched: the agent's list and svc7's stay the same arrays; web's is new.
    expect(second.tasksByService.get('agent')).toBe(first.tasksByService.get('agent'));
    expect(second.tasksByService.get('svc7')).toBe(first.tasksByService.get('svc7'));
    expect(second.tasksByService.get('web')).not.toBe(first.tasksByService.get('web'));
    expect(second.healthByService.get('agent')).toBe(first.healthByService.get('agent'));
    expect(second.healthByService.get('web')).toEqual({running: 3, desired: 3});

    // A service's last task goes, and a node is drained of svc1's tasks.
    tasks = tasks.filter(one => one.ServiceID !== 'db' && !(one.ServiceID === 'svc1' && one.NodeID === 'n2'));
    snapshot = {nodes, services, tasks};
    same(snapshot);
    expect(indexSnapshot(snapshot).tasksByService.has('db')).toBe(false);

    // A node goes down: the global service's desired count is worked out again.
    const down = [node('n1'), node('n2'), node('n3', 'down')];
    snapshot = {nodes: down, services, tasks};
    same(snapshot);
    expect(indexSnapshot(snapshot).healthByService.get('agent')?.desired).toBe(2);
  });

  it('groups the list whole when most of it moved', () => {
    const nodes = [node('n1')];
    const services = [service('web', 'replicated', 40)];
    const tasks = Array.from({length: 40}, (_, i) => task(`t${i}`, 'web', 'n1'));
    same({nodes, services, tasks});
    const replaced = tasks.map((one, i) => (i % 2 ? task(one.ID, 'web', 'n1', 'failed', 2) : one));
    same({nodes, services, tasks: replaced});
  });

  it('matches a whole grouping after random reads, whatever order each list comes in', () => {
    // A small generator of our own, so a failure is the same on every run.
    let seed = 12345;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % below;
    };
    const nodes = [node('n1'), node('n2'), node('n3'), node('n4')];
    const services = Array.from({length: 12}, (_, i) => service(`s${i}`, i % 4 === 0 ? 'global' : 'replicated'));
    let tasks = Array.from({length: 400}, (_, i) => task(`t${i}`, `s${i % 12}`, `n${(i % 4) + 1}`));
    let next = 400;
    same({nodes, services, tasks});
    for (let round = 0; round < 200; round++) {
      const edits = 1 + random(12);
      for (let edit = 0; edit < edits; edit++) {
        const at = random(tasks.length);
        const kind = random(5);
        if (kind === 0) tasks = tasks.filter((_, i) => i !== at);
        else if (kind === 1) tasks = [...tasks, task(`t${next++}`, `s${random(12)}`, random(6) ? `n${random(4) + 1}` : undefined)];
        // A task gone earlier comes back (the same ID, at the end).
        else if (kind === 2)
          tasks = [...tasks, task(`t${random(next)}`, `s${random(12)}`, `n${random(4) + 1}`, 'starting', 3)].filter(
            (one, i, all) => all.findIndex(other => other.ID === one.ID) === i,
          );
        else if (kind === 3)
          tasks = tasks.map((one, i) => (i === at ? task(one.ID, one.ServiceID, `n${random(4) + 1}`, 'failed', one.Version.Index + 1) : one));
        // Two tasks trade places: an order the store never gives, which must cost more work, not a wrong answer.
        else {
          const other = random(tasks.length);
          tasks = tasks.map((one, i) => (i === at ? tasks[other]! : i === other ? tasks[at]! : one));
        }
      }
      same({nodes, services, tasks});
    }
  });
});

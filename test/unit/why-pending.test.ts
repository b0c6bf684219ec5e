import {describe, expect, it} from 'vitest';
import type {SwarmNode, SwarmService, SwarmSnapshot, SwarmTask} from '../../source/docker/types.js';
import {indexSnapshot} from '../../source/model/cluster-index.js';
import {exitSummary, restartIndex, slotRestarts} from '../../source/model/restarts.js';
import {explainPendingService, explainPendingTask, explainPlacement, nameList, placementVerdicts, sizeText} from '../../source/model/why-pending.js';
import {pendingSnapshot, recordedAt, serviceNamed} from '../support/fixtures.js';

// Recorded from the lab (test/lab/record-pending-fixtures.sh): node1 has zone=a,
// node2 disk=ssd, node3 is drained; each service is pending for its own reason.
const snapshot = pendingSnapshot();
const service = (name: string) => serviceNamed(snapshot, name);
const node = (name: string) => snapshot.nodes.find(candidate => candidate.Description?.Hostname === name)!;
const failuresOn = (verdicts: ReturnType<typeof placementVerdicts>, name: string) =>
  verdicts.find(verdict => verdict.name === name)!.failures.map(failure => failure.check);

/** The snapshot with one node changed (its spec, status or description). */
function withNode(name: string, change: (node: SwarmNode) => SwarmNode): SwarmSnapshot {
  return {...snapshot, nodes: snapshot.nodes.map(candidate => (candidate.Description?.Hostname === name ? change(candidate) : candidate))};
}

/** A service of the fixture with its placement replaced. */
function placed(name: string, placement: SwarmService['Spec']['TaskTemplate']['Placement']): SwarmService {
  const original = service(name);
  return {...original, Spec: {...original.Spec, TaskTemplate: {...original.Spec.TaskTemplate, Placement: placement}}};
}

describe('why a task is pending (lab fixtures)', () => {
  it('agrees with the engine about which services are pending', () => {
    const pending = snapshot.services.filter(candidate => explainPendingService(candidate, snapshot)).map(candidate => candidate.Spec.Name);
    const engine = new Set(snapshot.tasks.filter(task => task.Status.State === 'pending').map(task => task.ServiceID));
    expect(pending.sort()).toEqual(
      snapshot.services
        .filter(candidate => engine.has(candidate.ID))
        .map(candidate => candidate.Spec.Name)
        .sort(),
    );
    expect(pending.sort()).toEqual(['hungry', 'porty', 'spread', 'winonly', 'zoned']);
  });

  it('names the constraint and what each node has instead', () => {
    expect(explainPendingService(service('zoned'), snapshot)!.summary).toBe(
      'no node fits: node3 is drained; constraint node.labels.zone==eu; node1 has zone=a, node2 has no zone',
    );
    // With node3 back, the sentence is the one the issue asks for.
    const active = withNode('node3', original => ({...original, Spec: {...original.Spec, Availability: 'active'}}));
    expect(explainPendingService(service('zoned'), active)!.summary).toBe(
      'no node fits: constraint node.labels.zone==eu; node1 has zone=a, node2 and node3 have no zone',
    );
  });

  it('reports a drained node by its availability, whatever else it lacks', () => {
    const verdicts = placementVerdicts(service('zoned'), snapshot);
    expect(failuresOn(verdicts, 'node3')).toEqual(['availability', 'constraint']);
    expect(failuresOn(verdicts, 'node1')).toEqual(['constraint']);
  });

  it('compares reservations with what is left on each node', () => {
    const summary = explainPendingService(service('hungry'), snapshot)!.summary;
    expect(summary).toMatch(/^no node fits: node3 is drained; needs 500 GiB of memory reserved; the most free is \d+(\.\d)? GiB on node[12]$/);
    // What is left is the capacity less the reservations of the tasks already there.
    const node1 = node('node1');
    const reserved = snapshot.tasks
      .filter(task => task.NodeID === node1.ID && task.DesiredState === 'running' && task.Status.State === 'running')
      .reduce((sum, task) => sum + (task.Spec?.Resources?.Reservations?.MemoryBytes ?? 0), 0);
    expect(reserved).toBeGreaterThan(0);
    const verdict = placementVerdicts(service('hungry'), snapshot).find(candidate => candidate.name === 'node1')!;
    expect(verdict.failures[0]!.free!.memoryBytes).toBe(node1.Description!.Resources!.MemoryBytes! - reserved);
  });

  it('checks CPU reservations too', () => {
    const hungry = service('hungry');
    const cpuHungry: SwarmService = {
      ...hungry,
      Spec: {...hungry.Spec, TaskTemplate: {...hungry.Spec.TaskTemplate, Resources: {Reservations: {NanoCPUs: 64e9}}}},
    };
    const summary = explainPlacement(cpuHungry, snapshot).summary;
    expect(summary).toMatch(/needs 64 CPUs reserved; the most free is [\d.]+ CPUs? on node[12]/);
    expect(summary).not.toContain('memory');
  });

  it('counts the replicas a node already runs against max replicas per node', () => {
    expect(explainPendingService(service('spread'), snapshot)!.summary).toBe(
      'no node fits: node3 is drained; at most 1 per node; node1 and node2 run 1 already',
    );
  });

  it('finds host-mode published ports already taken', () => {
    expect(explainPendingService(service('porty'), snapshot)!.summary).toBe('no node fits: node3 is drained; node1 and node2 have port 8088/tcp taken');
  });

  it("checks the image's platform", () => {
    expect(explainPendingService(service('winonly'), snapshot)!.summary).toBe(
      'no node fits: node3 is drained; the image runs on windows/amd64; node1 and node2 are linux/x86_64',
    );
    const linux = placed('winonly', {Platforms: [{OS: 'linux', Architecture: 'amd64'}]});
    expect(failuresOn(placementVerdicts(linux, snapshot), 'node1')).toEqual([]);
  });

  it('says which nodes fit when nothing fails', () => {
    const free = placed('zoned', {Constraints: ['node.labels.zone==a']});
    expect(explainPlacement(free, snapshot).summary).toBe('node1 fits; the scheduler has not placed it yet');
  });

  it('leaves running and converged services alone', () => {
    expect(explainPendingService(service('web'), snapshot)).toBeUndefined();
    const running = snapshot.tasks.find(task => task.Status.State === 'running')!;
    expect(explainPendingTask(running, service('web'), snapshot)).toBeUndefined();
  });
});

describe('each placement check', () => {
  const zoned = service('zoned');
  const check = (constraints: string[], input: SwarmSnapshot = snapshot) =>
    Object.fromEntries(placementVerdicts(placed('zoned', {Constraints: constraints}), input).map(v => [v.name, v.failures.map(f => f.text)]));

  it('node.id, node.hostname and node.role, with == and !=', () => {
    const node1 = node('node1');
    expect(check([`node.id==${node1.ID}`])).toEqual({node1: [], node2: [`id=${node('node2').ID}`], node3: ['is drained', `id=${node('node3').ID}`]});
    expect(check(['node.hostname!=node2'])['node2']).toEqual(['hostname=node2']);
    expect(check(['node.role==worker'])['node1']).toEqual(['role=manager']);
    expect(check(['node.role==MANAGER'])['node1']).toEqual([]);
  });

  it('node.platform.os and node.platform.arch', () => {
    expect(check(['node.platform.os==windows'])['node1']).toEqual(['os=linux']);
    expect(check(['node.platform.arch!=x86_64'])['node2']).toEqual(['arch=x86_64']);
  });

  it('node.labels and engine.labels: a missing label is "no <label>"; != passes it', () => {
    expect(check(['node.labels.disk==ssd'])).toMatchObject({node1: ['no disk'], node2: []});
    expect(check(['node.labels.disk!=ssd'])).toMatchObject({node1: [], node2: ['disk=ssd']});
    const labelled = withNode('node2', original => ({
      ...original,
      Description: {...original.Description, Engine: {...original.Description?.Engine, Labels: {gpu: 'yes'}}},
    }));
    expect(check(['engine.labels.gpu==yes'], labelled)).toMatchObject({node1: ['no gpu'], node2: []});
  });

  it('node state (down) and availability (pause)', () => {
    const down = withNode('node2', original => ({...original, Status: {...original.Status, State: 'down'}}));
    const paused = withNode('node1', original => ({...original, Spec: {...original.Spec, Availability: 'pause'}}));
    expect(explainPlacement(zoned, down).summary).toMatch(
      /^no node fits: node2 is down; node3 is drained; constraint node\.labels\.zone==eu; node1 has zone=a$/,
    );
    expect(explainPlacement(zoned, paused).summary).toMatch(
      /^no node fits: node1 is paused, node3 is drained; constraint node\.labels\.zone==eu; node2 has no zone$/,
    );
  });

  it('a global task is explained against its own node only', () => {
    const task: SwarmTask = {
      ...snapshot.tasks.find(candidate => candidate.Status.State === 'pending' && candidate.ServiceID === zoned.ID)!,
      NodeID: node('node2').ID,
    };
    expect(explainPendingTask(task, zoned, snapshot)!.summary).toBe('node2 does not fit: constraint node.labels.zone==eu; node2 has no zone');
  });
});

describe('how the explainer words things', () => {
  it('lists names and sizes as people write them', () => {
    expect(nameList(['a'])).toBe('a');
    expect(nameList(['a', 'b', 'c'])).toBe('a, b and c');
    expect(nameList(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('a, b, c and 3 more');
    expect(sizeText(500 * 1024 ** 3)).toBe('500 GiB');
    expect(sizeText(23.4 * 1024 ** 3)).toBe('23.4 GiB');
    expect(sizeText(16 * 1024 ** 2)).toBe('16 MiB');
  });
});

describe('crash loops (lab fixtures)', () => {
  const now = recordedAt(snapshot);
  const index = indexSnapshot(snapshot);

  it('counts the failed tasks of each slot and sums them per service', () => {
    const crashy = service('crashy');
    const failed = snapshot.tasks.filter(task => task.ServiceID === crashy.ID && task.Status.State === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(3);
    const restarts = restartIndex(index, now).byService.get(crashy.ID)!;
    expect(restarts.restarts).toBe(failed.length);
    expect(restarts.crashLooping).toBe(true);
    expect(restarts.exitSummary).toBe(`exit 3 ×${failed.length}`);
  });

  it("an update's shut-down tasks are not restarts", () => {
    const web = service('web');
    expect(snapshot.tasks.some(task => task.ServiceID === web.ID && task.Status.State === 'shutdown')).toBe(true);
    expect(restartIndex(index, now).byService.get(web.ID)).toMatchObject({restarts: 0, crashLooping: false});
  });

  it('failures older than five minutes no longer make a crash loop', () => {
    const crashy = service('crashy');
    const later = now + 6 * 60_000;
    const slots = slotRestarts(index.tasksByService.get(crashy.ID)!, index.servicesById, later);
    const [slot] = [...slots.values()];
    expect(slot!.crashLooping).toBe(false);
    expect(slot!.restarts).toBeGreaterThanOrEqual(3);
  });

  it('counts container die events too, past what the task history keeps', async () => {
    const {appendEvents} = await import('../../source/model/event-log.js');
    const crashy = service('crashy');
    const slot = snapshot.tasks.find(task => task.ServiceID === crashy.ID)!.Slot!;
    const died = Array.from({length: 7}, (_, n) => ({
      Type: 'container',
      Action: 'die',
      Actor: {
        ID: `c${n}`,
        Attributes: {
          name: `crashy.${slot}.t${n}`,
          exitCode: '3',
          'com.docker.swarm.service.id': crashy.ID,
          'com.docker.swarm.task.name': `crashy.${slot}.t${n}`,
        },
      },
      timeNano: (now - (7 - n) * 10_000) * 1e6,
    }));
    const started = {Type: 'container', Action: 'start', Actor: {ID: 'x', Attributes: {'com.docker.swarm.service.id': crashy.ID}}, time: now / 1000};
    const withEvents = {...snapshot, events: appendEvents(undefined, [...died, started])};
    const restarts = restartIndex(indexSnapshot(withEvents), now).byService.get(crashy.ID)!;
    expect(restarts).toMatchObject({restarts: 7, crashLooping: true, exitSummary: 'exit 3 ×7'});
  });

  it('summarises exit codes, most frequent first', () => {
    expect(exitSummary([137, 1, 137, 137, 137])).toBe('exit 137 ×4, exit 1');
  });
});

describe('node capacity', () => {
  it("shows each node's reservations against its capacity, from the manager's tasks", async () => {
    const {nodeColumns} = await import('../../source/render/nodes.js');
    const {renderCells} = await import('../../source/render/columns.js');
    const index = indexSnapshot(snapshot);
    const ctx = {now: recordedAt(snapshot), index};
    const cells = (name: string) => {
      const row = renderCells(nodeColumns, node(name), ctx);
      return Object.fromEntries(nodeColumns.map((column, position) => [column.id, row[position]!.text]));
    };
    // web's three tasks reserve 16 MiB each; spread's reserve 0.1 CPU, one per active node.
    const webOn = (name: string) =>
      snapshot.tasks.filter(task => task.NodeID === node(name).ID && task.ServiceID === service('web').ID && task.DesiredState === 'running').length;
    expect(cells('node1')['memory']).toMatch(new RegExp(`^${webOn('node1') * 16}MiB/\\d+(\\.\\d)?GiB$`));
    expect(cells('node1')['cpu']).toMatch(/^0\.1\/\d+$/);
    expect(cells('node3')['cpu']).toMatch(/^0\/\d+$/);
    // Without every running task, the capacity alone.
    const scoped = indexSnapshot({...snapshot, tasks: [], taskScope: {kind: 'service', serviceId: service('web').ID}});
    expect(renderCells(nodeColumns, node('node1'), {...ctx, index: scoped})[nodeColumns.findIndex(c => c.id === 'cpu')]!.text).toMatch(/^\d+$/);
  });
});

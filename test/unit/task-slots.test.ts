import {describe, expect, it} from 'vitest';
import type {SwarmNode, SwarmService, SwarmSnapshot, SwarmTask} from '../../source/docker/types.js';
import {indexSnapshot} from '../../source/model/cluster-index.js';
import {naturalCompare} from '../../source/model/natural-compare.js';
import {groupIntoSlots, isRetiredSlot, taskName} from '../../source/render/tasks.js';
import {allSlotHeads, serviceSlotHeads} from '../../source/views/panes/task-slots.js';

const node = (id: string, hostname: string): SwarmNode =>
  ({
    ID: id,
    Version: {Index: 1},
    Description: {Hostname: hostname},
    Spec: {Role: 'worker', Availability: 'active'},
    Status: {State: 'ready'},
  }) as unknown as SwarmNode;
const service = (id: string, name: string, global = false, version = 1): SwarmService =>
  ({
    ID: id,
    Version: {Index: version},
    Spec: {Name: name, Mode: global ? {Global: {}} : {Replicated: {Replicas: 3}}, TaskTemplate: {}},
  }) as unknown as SwarmService;
let serial = 0;
const task = (serviceId: string, slot: number | undefined, nodeId: string, desired = 'running', created = serial): SwarmTask =>
  ({
    ID: `t${++serial}`,
    Version: {Index: serial},
    ServiceID: serviceId,
    NodeID: nodeId,
    ...(slot !== undefined && {Slot: slot}),
    DesiredState: desired,
    CreatedAt: `2026-11-30T10:00:${String(created % 60).padStart(2, '0')}Z`,
    Status: {State: desired === 'running' ? 'running' : 'shutdown', Timestamp: '2026-11-30T10:00:00Z'},
    Spec: {},
  }) as unknown as SwarmTask;

/** The order the pane had before: every slot of every task, sorted as one. */
function wholeSort(snapshot: SwarmSnapshot, showHistory: boolean): string[] {
  const index = indexSnapshot(snapshot);
  return groupIntoSlots(snapshot.tasks, index)
    .filter(slot => showHistory || !isRetiredSlot(slot))
    .map(slot => ({id: slot.current.ID, name: taskName(slot.current, index)}))
    .sort((a, b) => naturalCompare(a.name, b.name))
    .map(entry => entry.id);
}

function swarm(services: SwarmService[]): SwarmSnapshot {
  const nodes = [node('n1', 'node1'), node('n2', 'node2'), node('n10', 'node10')];
  const tasks: SwarmTask[] = [];
  for (const svc of services) {
    if (svc.Spec.Mode.Global) for (const n of nodes) tasks.push(task(svc.ID, undefined, n.ID));
    else
      for (const slot of [10, 2, 1]) {
        tasks.push(task(svc.ID, slot, 'n1', 'shutdown', serial));
        tasks.push(task(svc.ID, slot, 'n2'));
      }
  }
  // A scaled-down slot: retired, listed only with history.
  tasks.push(task(services[0]!.ID, 4, 'n1', 'shutdown'));
  return {nodes, services, tasks} as SwarmSnapshot;
}

describe('the tasks pane’s slot heads', () => {
  const names = ['web', 'web-api', 'web_api', 'web2', 'web10', 'api', 'agent', 'Zeta', 'zed'];

  it('lists every slot in the same order as sorting every task by name', () => {
    const services = names.map((name, i) => service(`s${i}`, name, name === 'agent'));
    const snapshot = swarm(services);
    for (const showHistory of [false, true]) {
      const heads = allSlotHeads(snapshot, indexSnapshot(snapshot), showHistory).map(entry => entry.task.ID);
      expect(heads).toEqual(wholeSort(snapshot, showHistory));
    }
    // The hyphen sorts before the dot: web-api's slots come before web's.
    const index = indexSnapshot(snapshot);
    const listed = allSlotHeads(snapshot, index, false).map(entry => taskName(entry.task, index));
    expect(listed.indexOf('web-api.1')).toBeLessThan(listed.indexOf('web.1'));
  });

  it('sorts everything as one when two names compare equal or a name holds a dot', () => {
    for (const extra of ['WEB', 'web.v2']) {
      const services = [...names, extra].map((name, i) => service(`s${i}`, name, name === 'web'));
      const base = swarm(services);
      // A global web on node "zulu" names a task web.zulu, after web.v2.1 though web sorts before web.v2.
      const snapshot = {...base, nodes: [...base.nodes, node('nz', 'zulu')], tasks: [...base.tasks, task('s0', undefined, 'nz')]};
      const heads = allSlotHeads(snapshot, indexSnapshot(snapshot), true).map(entry => entry.task.ID);
      expect(heads).toEqual(wholeSort(snapshot, true));
    }
  });

  it('works a service’s slots out once per task list, and again when the service or (for global names) the nodes change', () => {
    const services = [service('s1', 'web'), service('s2', 'agent', true)];
    const snapshot = swarm(services);
    const index = indexSnapshot(snapshot);
    const webTasks = index.tasksByService.get('s1')!;
    const agentTasks = index.tasksByService.get('s2')!;
    const first = serviceSlotHeads('s1', webTasks, snapshot, index, false);
    expect(serviceSlotHeads('s1', webTasks, snapshot, index, false)).toBe(first);
    // The service renamed: a new object, new names.
    const renamed = {...snapshot, services: [service('s1', 'shop', false, 2), services[1]!]};
    const renamedHeads = serviceSlotHeads('s1', webTasks, renamed, indexSnapshot(renamed), false);
    expect(renamedHeads).not.toBe(first);
    expect(renamedHeads.map(entry => taskName(entry.task, indexSnapshot(renamed)))).toEqual(['shop.1', 'shop.2', 'shop.10']);
    // Global names hold node names: a new nodes list names them again.
    const agentHeads = serviceSlotHeads('s2', agentTasks, snapshot, index, false);
    expect(serviceSlotHeads('s2', agentTasks, {...snapshot}, index, false)).toBe(agentHeads);
    const moved = {...snapshot, nodes: [node('n1', 'alpha'), ...snapshot.nodes.slice(1)]};
    const movedHeads = serviceSlotHeads('s2', agentTasks, moved, indexSnapshot(moved), false);
    expect(movedHeads).not.toBe(agentHeads);
    expect(movedHeads.map(entry => taskName(entry.task, indexSnapshot(moved)))).toEqual(['agent.alpha', 'agent.node2', 'agent.node10']);
  });

  it('keeps the all-tasks list while no service’s slots moved, and lays it out again in order when one did', () => {
    const services = names.map((name, i) => service(`s${i}`, name, name === 'agent'));
    const snapshot = swarm(services);
    const first = allSlotHeads(snapshot, indexSnapshot(snapshot), false);
    // A refresh that read the same objects again (a new snapshot, new lists): the same list.
    const refreshed = {...snapshot, services: [...services], tasks: [...snapshot.tasks]};
    expect(allSlotHeads(refreshed, indexSnapshot(refreshed), false)).toBe(first);
    // A task of web-api added: a new list, in the order a whole sort gives.
    const grown = {...refreshed, tasks: [...refreshed.tasks, task('s1', 3, 'n2')]};
    const heads = allSlotHeads(grown, indexSnapshot(grown), false);
    expect(heads).not.toBe(first);
    expect(heads.map(entry => entry.task.ID)).toEqual(wholeSort(grown, false));
    // A service added and one renamed: sorted again.
    const renamed = {
      ...grown,
      services: [...grown.services.map(one => (one.ID === 's0' ? service('s0', 'aaa', false, 2) : one)), service('s99', 'mid')],
      tasks: [...grown.tasks, task('s99', 1, 'n1')],
    };
    expect(allSlotHeads(renamed, indexSnapshot(renamed), false).map(entry => entry.task.ID)).toEqual(wholeSort(renamed, false));
  });
});

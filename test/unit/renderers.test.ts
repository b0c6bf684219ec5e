import {describe, expect, it} from 'vitest';
import {newFrame} from '../../source/shell/navigation.js';
import {indexSnapshot} from '../../source/model/cluster-index.js';
import {isEligible, satisfiesConstraint} from '../../source/model/placement.js';
import {summarize} from '../../source/model/summary.js';
import {type RenderContext, renderCells} from '../../source/render/columns.js';
import {nodeColumns} from '../../source/render/nodes.js';
import {formatPorts, serviceColumns} from '../../source/render/services.js';
import {currentState, taskColumns, taskName} from '../../source/render/tasks.js';
import {listRows} from '../../source/views/panes/pane.js';
import {servicesPane as servicesView} from '../../source/views/panes/services.js';
import {tasksPane as tasksView} from '../../source/views/panes/tasks.js';
import {labSnapshot, recordedAt, serviceNamed} from '../support/fixtures.js';

const snapshot = labSnapshot();
const ctx: RenderContext = {now: recordedAt(snapshot), index: indexSnapshot(snapshot)};

function cellsById(columns: {id: string}[], cells: {text: string; tone?: string}[]): Record<string, {text: string; tone?: string}> {
  return Object.fromEntries(columns.map((column, index) => [column.id, cells[index]!]));
}

describe('node rows (recorded from the lab)', () => {
  const rows = snapshot.nodes.map(node => cellsById(nodeColumns, renderCells(nodeColumns, node, ctx)));
  const byHost = Object.fromEntries(rows.map(row => [row['hostname']!.text, row]));

  it('shows the leader, the workers, and what each runs', () => {
    expect(byHost['node1']).toMatchObject({
      role: {text: 'Manager'},
      status: {text: 'Ready', tone: 'ok'},
      availability: {text: 'Active'},
      manager: {text: 'Leader', tone: 'info'},
      address: {text: '10.213.0.11'},
    });
    expect(byHost['node2']!['manager']!.text).toBe('');
    expect(byHost['node2']!['role']!.text).toBe('Worker');
    expect(byHost['node1']!['engine']!.text).toMatch(/^20\.10/);
    expect(byHost['node1']!['memory']!.text).toMatch(/GiB$/);
    const running = snapshot.tasks.filter(task => task.NodeID === snapshot.nodes[0]!.ID && task.Status.State === 'running' && task.DesiredState === 'running');
    const first = cellsById(nodeColumns, renderCells(nodeColumns, snapshot.nodes[0]!, ctx));
    expect(first['tasks']!.text).toBe(String(running.length));
  });
});

describe('service rows (recorded from the lab)', () => {
  const row = (name: string) => cellsById(serviceColumns, renderCells(serviceColumns, serviceNamed(snapshot, name), ctx));

  it('counts replicas running/desired and colours them by health', () => {
    expect(row('web')['replicas']).toEqual({text: '3/3', tone: 'ok'});
    expect(row('stuck')['replicas']).toEqual({text: '0/1', tone: 'error'});
  });

  it('counts a global service against the nodes eligible to run it', () => {
    expect(row('agent')['mode']!.text).toBe('global');
    expect(row('agent')['replicas']).toEqual({text: '3/3', tone: 'ok'});
  });

  it('agrees with the engine’s own ServiceStatus where it gave one', () => {
    for (const service of snapshot.services as Array<(typeof snapshot.services)[number] & {ServiceStatus?: {DesiredTasks: number}}>) {
      if (!service.ServiceStatus) continue;
      expect(ctx.index.healthByService.get(service.ID)!.desired).toBe(service.ServiceStatus.DesiredTasks);
    }
  });

  it('shows the image without its digest, the update state and the ports', () => {
    expect(row('web')['image']!.text).toBe('lab/busybox:2');
    expect(row('web')['update']).toEqual({text: 'updated', tone: 'ok'});
    expect(row('edge')['ports']!.text).toBe('*:8080->80/tcp');
    expect(formatPorts([{PublishedPort: 53, TargetPort: 53, Protocol: 'udp'}])).toBe('*:53->53/udp');
  });

  it('summarises the swarm for the header', () => {
    expect(summarize(snapshot)).toMatchObject({
      nodesReady: 3,
      nodesTotal: 3,
      managersReachable: 1,
      managersTotal: 1,
      faultTolerance: 0,
      quorumLost: false,
      evenManagers: false,
      servicesTotal: 5,
    });
  });
});

describe('task rows (recorded from the lab)', () => {
  it('names tasks as docker service ps does, with the node for global services', () => {
    const names = snapshot.tasks.map(task => taskName(task, ctx.index));
    expect(names).toEqual(expect.arrayContaining(['web.1', 'web.2', 'web.3', 'agent.node1', 'agent.node2', 'agent.node3', 'stuck.1']));
  });

  it('lists a slot’s past tasks under it, newest first, and hides them on request', () => {
    const web = serviceNamed(snapshot, 'web');
    const frame = newFrame('tasks', {serviceId: web.ID});
    const withHistory = listRows(tasksView, snapshot, frame);
    expect(withHistory).toHaveLength(6);
    expect(withHistory.filter(entry => entry.history)).toHaveLength(3);
    expect(withHistory[0]).toMatchObject({history: false});
    expect(withHistory[0]!.task.Spec?.ContainerSpec?.Image).toMatch(/^lab\/busybox:2/);
    expect(withHistory[1]).toMatchObject({history: true});
    expect(withHistory[1]!.task.Spec?.ContainerSpec?.Image).toMatch(/^lab\/busybox:1/);
    const current = listRows(tasksView, snapshot, {...frame, showHistory: false});
    expect(current.map(entry => taskName(entry.task, ctx.index))).toEqual(['web.1', 'web.2', 'web.3']);
  });

  it('shows errors in full and the current state with its age', () => {
    const crashy = serviceNamed(snapshot, 'crashy');
    const rows = listRows(tasksView, snapshot, newFrame('tasks', {serviceId: crashy.ID}));
    const failed = rows.find(entry => entry.task.Status.State === 'failed')!;
    const cells = cellsById(taskColumns, renderCells(taskColumns, failed, ctx));
    expect(cells['error']).toEqual({text: 'task: non-zero exit (137)', tone: 'error'});
    expect(cells['current']!.text).toMatch(/^Failed (less than a second|\d+ seconds?|about a minute) ago$/);
    expect(cells['name']!.text).toBe(' \\_ crashy.1');

    const stuck = listRows(tasksView, snapshot, newFrame('tasks', {serviceId: serviceNamed(snapshot, 'stuck').ID}))[0]!;
    expect(stuck.task.Status.Err).toBe('no suitable node (scheduling constraints not satisfied on 3 nodes)');
    expect(tasksView.detail!(stuck, ctx)).toBe('stuck.1 error: no suitable node (scheduling constraints not satisfied on 3 nodes)');
    expect(currentState(stuck.task, ctx.now)).toMatch(/^Pending /);
  });

  it('filters on names, images, nodes, states and errors', () => {
    const frame = {...newFrame('tasks'), filter: '137'};
    const rows = listRows(tasksView, snapshot, frame);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every(entry => entry.task.Status.Err?.includes('137'))).toBe(true);
    expect(listRows(servicesView, snapshot, {...newFrame('services'), filter: 'busybox:2'}).map(service => service.Spec.Name)).toEqual(['web']);
  });

  it('sorts by a column and reverses on request, keeping IDs as the row identity', () => {
    const byName = listRows(servicesView, snapshot, {...newFrame('services'), sort: {columnId: 'name', descending: true}});
    expect(byName.map(service => service.Spec.Name)).toEqual(['web', 'stuck', 'edge', 'crashy', 'agent']);
  });
});

describe('placement', () => {
  const [node1, node2] = snapshot.nodes.slice().sort((a, b) => (a.Description!.Hostname! < b.Description!.Hostname! ? -1 : 1));

  it('evaluates constraints as the scheduler does', () => {
    expect(satisfiesConstraint(node1!, 'node.role==manager')).toBe(true);
    expect(satisfiesConstraint(node2!, 'node.role == manager')).toBe(false);
    expect(satisfiesConstraint(node2!, 'node.role!=manager')).toBe(true);
    expect(satisfiesConstraint(node1!, 'node.hostname==NODE1')).toBe(true);
    expect(satisfiesConstraint(node1!, 'node.labels.zone==nowhere')).toBe(false);
    expect(satisfiesConstraint(node1!, 'node.labels.zone!=nowhere')).toBe(true);
  });

  it('leaves drained and down nodes out', () => {
    expect(isEligible(node1!, [])).toBe(true);
    expect(isEligible({...node1!, Spec: {...node1!.Spec, Availability: 'drain'}}, [])).toBe(false);
    expect(isEligible({...node1!, Status: {...node1!.Status, State: 'down'}}, [])).toBe(false);
  });
});

describe('manager status while roles change', () => {
  const worker = snapshot.nodes.find(node => node.Spec.Role === 'worker')!;
  const leader = snapshot.nodes.find(node => node.ManagerStatus?.Leader)!;

  it('shows a promotion that has not reached raft yet, and does not count it toward quorum', () => {
    const promoting = {...worker, Spec: {...worker.Spec, Role: 'manager' as const}};
    const cells = cellsById(nodeColumns, renderCells(nodeColumns, promoting, ctx));
    expect(cells['manager']).toEqual({text: 'Promoting', tone: 'warn'});
    const summary = summarize({...snapshot, nodes: snapshot.nodes.map(node => (node.ID === worker.ID ? promoting : node))});
    expect(summary).toMatchObject({managersTotal: 1, managersReachable: 1, quorumLost: false});
  });

  it('flags an unreachable manager and a lost quorum', () => {
    const extra = [1, 2].map(n => ({
      ...leader,
      ID: `m${n}`,
      ManagerStatus: {Leader: false, Reachability: 'unreachable' as const, Addr: `10.0.0.${n}:2377`},
    }));
    const summary = summarize({...snapshot, nodes: [...snapshot.nodes, ...extra]});
    expect(summary).toMatchObject({managersTotal: 3, managersReachable: 1, quorum: 2, quorumLost: true, faultTolerance: 1});
    expect(cellsById(nodeColumns, renderCells(nodeColumns, extra[0]!, ctx))['manager']).toEqual({text: 'Unreachable', tone: 'error'});
  });
});

describe('why a service is short of tasks', () => {
  it('names the scheduling error of a pending service and the exit code of a crash loop', async () => {
    const {servicesPane: view} = await import('../../source/views/panes/services.js');
    expect(view.detail!(serviceNamed(snapshot, 'stuck'), ctx)).toBe('stuck: no suitable node (scheduling constraints not satisfied on 3 nodes)');
    expect(view.detail!(serviceNamed(snapshot, 'crashy'), ctx)).toMatch(/^crashy: task: non-zero exit \(137\) \(\d+ failed tasks in its history\)$/);
    expect(view.detail!(serviceNamed(snapshot, 'agent'), ctx)).toBeUndefined();
  });
});

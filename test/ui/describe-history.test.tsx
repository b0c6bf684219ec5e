// `d` on a task whose slot keeps restarting lists the slot's earlier tasks and
// how they ended; from a pane of one node's tasks, the describe reads the
// service's tasks, since the slot's earlier tasks may have run elsewhere.
import {afterEach, describe, expect, it} from 'vitest';
import type {SwarmSnapshot} from '../../source/docker/types.js';
import {applyTasks} from '../../source/model/cluster-store.js';
import {topFrame} from '../../source/shell/navigation.js';
import {labSnapshot, recordedAt, serviceNamed} from '../support/fixtures.js';
import {ENTER, mountApp} from './mount.js';

const snapshot = labSnapshot();
const now = recordedAt(snapshot);
const crashy = serviceNamed(snapshot, 'crashy');
const node1 = snapshot.nodes.find(node => node.Description?.Hostname === 'node1')!;
const crashyTasks = snapshot.tasks.filter(task => task.ServiceID === crashy.ID);
const running = crashyTasks.find(task => task.Status.State === 'running')!;
// One of the slot's earlier tasks ran on node2: a pane of node1's tasks does not have it.
const elsewhere = crashyTasks.find(task => task.NodeID !== node1.ID)!;

let mounted: ReturnType<typeof mountApp> | undefined;
afterEach(() => {
  mounted?.app.unmount();
  mounted = undefined;
});

/** The rows of the slot history table, by short task ID. */
function historyIds(screen: string): string[] {
  const section = screen.split('Slot history')[1] ?? '';
  return [...section.matchAll(/^\W*([a-z0-9]{12})\s+\d{4}-\d\d-\d\dT/gm)].map(match => match[1]!);
}

describe('describe of a restarted task', () => {
  it("lists the slot's earlier tasks, newest first, with their exit codes and errors", async () => {
    mounted = mountApp(snapshot, {now, view: 'tasks'});
    await mounted.press('/', ...'crashy', ENTER, 'd', 'G');
    const screen = mounted.screen();
    expect(screen).toContain(`describe task crashy.1`);
    expect(screen).toContain('Slot history (4 earlier tasks, 4 failed, newest first):');
    const earlier = crashyTasks.filter(task => task.ID !== running.ID).sort((a, b) => Date.parse(b.CreatedAt!) - Date.parse(a.CreatedAt!));
    expect(historyIds(screen)).toEqual(earlier.map(task => task.ID.slice(0, 12)));
    expect(screen).toMatch(/failed\s+137\s+task: non-zero exit \(137\)/);
  });

  it("from a node's tasks, reads the service's tasks and then lists the earlier tasks on other nodes too", async () => {
    const onNode1: SwarmSnapshot = {...snapshot, tasks: snapshot.tasks.filter(task => task.NodeID === node1.ID), taskScope: {kind: 'node', nodeId: node1.ID}};
    mounted = mountApp(onNode1, {now, view: 'nodes'});
    await mounted.press('/', ...'node1', ENTER, ENTER);
    expect(mounted.screen()).toContain('tasks on node1');
    await mounted.press('/', ...'crashy', ENTER, 'd', 'G');
    expect(mounted.screen()).toContain('reading the tasks of this slot on other nodes…');
    expect(historyIds(mounted.screen())).not.toContain(elsewhere.ID.slice(0, 12));
    // The describe's frame asks for the service's tasks, so the poller reads them...
    expect(topFrame(mounted.ui.getState().stack).scope).toEqual({serviceId: crashy.ID});
    // ...and once they are in, the task that ran on node2 is listed.
    applyTasks(mounted.cluster, crashyTasks, {kind: 'service', serviceId: crashy.ID});
    await mounted.press('G');
    expect(mounted.screen()).not.toContain('reading the tasks');
    expect(historyIds(mounted.screen())).toContain(elsewhere.ID.slice(0, 12));
    expect(historyIds(mounted.screen())).toHaveLength(4);
  });
});

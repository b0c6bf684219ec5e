// What a demo node's exec server knows of its containers: each container of a
// task on the node, running (with what its shell shows: hostname, environment,
// main process) or stopped. Read from the swarm in process, or sent as changes
// to the exec process (exec-process.ts), which must answer while the console
// waits on the shell.

import type {EngineTask} from './engine-types.js';
import type {ShellContainer} from './shell.js';

/** A container as exec sees it: running, with its shell's view, or stopped. */
export type ExecContainer = ShellContainer | 'stopped';

/** What `hostname`, `env` and `ps` show in a task's container, as docker sets them up. */
export function shellContainerOf(task: EngineTask, containerId: string): ShellContainer {
  const spec = task.Spec.ContainerSpec;
  const hostname = spec.Hostname || containerId.slice(0, 12);
  const main = [...(spec.Command ?? []), ...(spec.Args ?? [])].join(' ') || (spec.Image.split('/').pop() ?? spec.Image).replace(/[:@].*$/, '');
  return {
    hostname,
    env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `HOSTNAME=${hostname}`, ...(spec.Env ?? []), 'HOME=/root'],
    command: main,
    workdir: spec.Dir || '/',
  };
}

/** A container of a node as exec sees it, from the swarm's tasks; undefined when it is not that node's. */
export function execContainerOf(tasks: readonly EngineTask[], nodeId: string, containerId: string): ExecContainer | undefined {
  const task = tasks.find(candidate => candidate.NodeID === nodeId && candidate.Status.ContainerStatus?.ContainerID === containerId);
  if (!task) return undefined;
  return task.Status.State === 'running' ? shellContainerOf(task, containerId) : 'stopped';
}

/** The tasks with a container on each of `nodeIds`, by node and container ID: one pass over the tasks. */
export function containersByNode(tasks: readonly EngineTask[], nodeIds: Iterable<string>): Map<string, Map<string, EngineTask>> {
  const byNode = new Map<string, Map<string, EngineTask>>();
  for (const nodeId of nodeIds) byNode.set(nodeId, new Map());
  for (const task of tasks) {
    const containerId = task.Status.ContainerStatus?.ContainerID;
    if (containerId && task.NodeID) byNode.get(task.NodeID)?.set(containerId, task);
  }
  return byNode;
}

/** Changes to send: containers whose state is new or changed (running ones with their shell's view), and those gone. */
export interface ContainerChanges {
  set: Array<[containerId: string, container: ExecContainer]>;
  removed: string[];
}

/**
 * What changed on a node since it was last told (container → running): the shell's
 * view is built only for a container that starts, not for every container each time.
 */
export function containerChanges(
  told: ReadonlyMap<string, boolean>,
  now: ReadonlyMap<string, EngineTask>,
): {changes: ContainerChanges; states: Map<string, boolean>} {
  const states = new Map<string, boolean>();
  const set: ContainerChanges['set'] = [];
  for (const [containerId, task] of now) {
    const running = task.Status.State === 'running';
    states.set(containerId, running);
    if (told.get(containerId) !== running) set.push([containerId, running ? shellContainerOf(task, containerId) : 'stopped']);
  }
  const removed = [...told.keys()].filter(containerId => !now.has(containerId));
  return {changes: {set, removed}, states};
}

export function applyChanges(table: Map<string, ExecContainer>, changes: ContainerChanges): void {
  for (const [containerId, container] of changes.set) table.set(containerId, container);
  for (const containerId of changes.removed) table.delete(containerId);
}

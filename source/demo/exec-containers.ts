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

/** The containers of a node's tasks, by container ID. */
export function nodeContainers(tasks: readonly EngineTask[], nodeId: string): Map<string, ExecContainer> {
  const containers = new Map<string, ExecContainer>();
  for (const task of tasks) {
    const containerId = task.Status.ContainerStatus?.ContainerID;
    if (task.NodeID !== nodeId || !containerId) continue;
    containers.set(containerId, task.Status.State === 'running' ? shellContainerOf(task, containerId) : 'stopped');
  }
  return containers;
}

/** Changes from one reading of a node's containers to the next: what to send, not the whole table. */
export interface ContainerChanges {
  set: Array<[containerId: string, container: ExecContainer]>;
  removed: string[];
}

export function containerChanges(before: ReadonlyMap<string, ExecContainer>, after: ReadonlyMap<string, ExecContainer>): ContainerChanges {
  const set: ContainerChanges['set'] = [];
  // A running container's spec does not change: only its state does.
  for (const [containerId, container] of after)
    if ((before.get(containerId) === 'stopped') !== (container === 'stopped') || !before.has(containerId)) set.push([containerId, container]);
  const removed = [...before.keys()].filter(containerId => !after.has(containerId));
  return {set, removed};
}

export function applyChanges(table: Map<string, ExecContainer>, changes: ContainerChanges): void {
  for (const [containerId, container] of changes.set) table.set(containerId, container);
  for (const containerId of changes.removed) table.delete(containerId);
}

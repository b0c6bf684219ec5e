import type {SwarmTask, TaskStateRead} from '../docker/types.js';
import {type ClusterIndex, isGlobal} from '../model/cluster-index.js';
import {type ColumnSpec, type RenderContext, type SortShortcut, type Tone, clusterCell} from './columns.js';
import {restartsCell, slotRestartsOf, taskPending} from './explain.js';
import {capitalize, humanDuration, imageWithoutDigest, shortId, timeSince} from './format.js';
import {nodeName} from './nodes.js';
import {taskCondition, taskReach, taskUsageColumns, usageSortShortcuts} from './usage.js';

/** A task as listed: a slot's newest task, or (depth 1) one of its past tasks. */
export interface TaskEntry {
  task: SwarmTask;
  history: boolean;
}

/** `web.2` for a replicated slot, `agent.node3` for a global service's task on node3. */
export function taskName(task: SwarmTask, index: ClusterIndex): string {
  const service = index.servicesById.get(task.ServiceID);
  const serviceName = service?.Spec.Name ?? shortId(task.ServiceID);
  if (isGlobal(service) || !task.Slot) {
    const node = task.NodeID ? index.nodesById.get(task.NodeID) : undefined;
    return `${serviceName}.${node ? nodeName(node) : shortId(task.NodeID) || shortId(task.ID)}`;
  }
  return `${serviceName}.${task.Slot}`;
}

/** As `docker service ps` prints CURRENT STATE: "Running 5 minutes ago". */
export function currentState(task: SwarmTask, now: number): string {
  const since = timeSince(task.Status.Timestamp, now);
  const state = capitalize(task.Status.State);
  return Number.isNaN(since) ? state : `${state} ${humanDuration(since)} ago`;
}

const stateTones: Partial<Record<TaskStateRead, Tone>> = {
  running: 'ok',
  complete: 'muted',
  shutdown: 'muted',
  failed: 'error',
  rejected: 'error',
  orphaned: 'error',
  remove: 'muted',
};

export function stateTone(state: TaskStateRead): Tone {
  return stateTones[state] ?? 'warn';
}

export function taskImage(task: SwarmTask): string {
  return imageWithoutDigest(task.Spec?.ContainerSpec?.Image);
}

export function taskNodeName(task: SwarmTask, index: ClusterIndex): string {
  if (!task.NodeID) return '';
  return nodeName(index.nodesById.get(task.NodeID)) || shortId(task.NodeID);
}

export const taskColumns: ColumnSpec<TaskEntry>[] = [
  {id: 'id', title: 'ID', width: 12, priority: 5, render: ({task}) => clusterCell(shortId(task.ID), 'muted')},
  {
    id: 'name',
    title: 'NAME',
    minWidth: 8,
    maxWidth: 36,
    priority: 0,
    render: ({task, history}, ctx) => clusterCell(`${history ? ' \\_ ' : ''}${taskName(task, ctx.index)}`, history ? 'muted' : 'accent'),
    sortValue: ({task}, ctx) => taskName(task, ctx.index),
  },
  {
    id: 'image',
    title: 'IMAGE',
    minWidth: 8,
    maxWidth: 36,
    priority: 2,
    render: ({task, history}) => clusterCell(taskImage(task), history ? 'muted' : undefined),
  },
  {
    id: 'node',
    title: 'NODE',
    minWidth: 6,
    maxWidth: 24,
    priority: 1,
    render: ({task, history}, ctx) => clusterCell(taskNodeName(task, ctx.index), history ? 'muted' : undefined),
  },
  {
    id: 'desired',
    title: 'DESIRED',
    minWidth: 7,
    priority: 2,
    render: ({task, history}) => clusterCell(capitalize(task.DesiredState), history ? 'muted' : undefined),
  },
  {
    id: 'current',
    title: 'CURRENT STATE',
    minWidth: 13,
    maxWidth: 36,
    priority: 0,
    render: ({task, history}, ctx: RenderContext) => {
      const slot = history ? undefined : slotRestartsOf(task, ctx);
      if (slot?.crashLooping) return clusterCell(`Crash-looping (${currentState(task, ctx.now)})`, 'crash');
      // Its tasks never got a container to run: the line above the table says why.
      if (slot?.cannotStart !== undefined) return clusterCell(`Cannot start (${currentState(task, ctx.now)})`, 'error');
      return clusterCell(currentState(task, ctx.now), stateTone(task.Status.State));
    },
    sortValue: ({task}) => task.Status.State,
  },
  {
    id: 'restarts',
    title: 'RESTARTS',
    align: 'right',
    minWidth: 8,
    priority: 3,
    render: ({task, history}, ctx) => (history ? clusterCell('') : restartsCell(slotRestartsOf(task, ctx))),
    sortValue: ({task}, ctx) => slotRestartsOf(task, ctx)?.restarts ?? 0,
  },
  {
    id: 'error',
    title: 'ERROR',
    minWidth: 5,
    flex: 1,
    priority: 1,
    // A pending task says which check fails on which node, not only how many nodes failed.
    render: ({task}, ctx) => clusterCell(taskPending(task, ctx.index)?.summary ?? task.Status.Err, 'error'),
  },
  // reach: usage, health and end read from the task's node (render/usage.ts)
  ...taskUsageColumns<TaskEntry>(entry => entry.task),
  {id: 'condition', title: 'HEALTH/END', minWidth: 6, maxWidth: 28, priority: 2, render: ({task}, ctx) => taskCondition(taskReach(ctx, task))},
  // end reach
];

export const taskSortShortcuts: SortShortcut[] = [
  {key: 'N', columnId: 'name', label: 'name'},
  {key: 'S', columnId: 'current', label: 'state'},
  {key: 'O', columnId: 'node', label: 'node'},
  ...usageSortShortcuts,
];

export function taskSearchText({task}: TaskEntry, index: ClusterIndex): string {
  return [taskName(task, index), task.ID, taskImage(task), taskNodeName(task, index), task.Status.State, task.DesiredState, task.Status.Err].join(' ');
}

function slotKey(task: SwarmTask, index: ClusterIndex): string {
  const service = index.servicesById.get(task.ServiceID);
  return isGlobal(service) || !task.Slot ? `${task.ServiceID}/node/${task.NodeID}` : `${task.ServiceID}/${task.Slot}`;
}

// RFC 3339 timestamps from one engine order correctly as plain strings.
function newestFirst(a: SwarmTask, b: SwarmTask): number {
  const created = (b.CreatedAt ?? '') < (a.CreatedAt ?? '') ? -1 : (b.CreatedAt ?? '') > (a.CreatedAt ?? '') ? 1 : 0;
  return created || b.Version.Index - a.Version.Index;
}

/** Groups a set of tasks into slots, newest first, as `docker service ps` lists them. */
export interface TaskSlot {
  current: SwarmTask;
  past: SwarmTask[];
}

const retired = new Set<TaskStateRead>(['shutdown', 'remove']);

export function groupIntoSlots(tasks: readonly SwarmTask[], index: ClusterIndex): TaskSlot[] {
  const bySlot = new Map<string, SwarmTask[]>();
  for (const task of tasks) {
    const key = slotKey(task, index);
    const list = bySlot.get(key);
    if (list) list.push(task);
    else bySlot.set(key, [task]);
  }
  const slots: TaskSlot[] = [];
  for (const list of bySlot.values()) {
    list.sort(newestFirst);
    slots.push({current: list[0]!, past: list.slice(1)});
  }
  return slots;
}

/** A slot whose newest task is meant to be gone (scaled down, service removed) is history as a whole. */
export function isRetiredSlot(slot: TaskSlot): boolean {
  return retired.has(slot.current.DesiredState);
}

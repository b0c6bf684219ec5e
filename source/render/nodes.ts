import type {SwarmNode, SwarmTask} from '../docker/types.js';
import type {ClusterIndex} from '../model/cluster-index.js';
import {type Reserved, reservedByNode} from '../model/why-pending.js';
import {type Cell, type ColumnSpec, type RenderContext, type SortShortcut, clusterCell} from './columns.js';
import {bytes, capitalize, cpus, shortId} from './format.js';
import {reachCell, summedUsageColumns, usageSortShortcuts} from './usage.js';

export function managerStatus(node: SwarmNode): string {
  if (!node.ManagerStatus) return node.Spec.Role === 'manager' ? 'Promoting' : '';
  if (node.Spec.Role === 'worker') return 'Demoting';
  if (node.ManagerStatus.Leader) return 'Leader';
  return capitalize(node.ManagerStatus.Reachability ?? 'unknown');
}

function nodeAddress(node: SwarmNode): string {
  return node.Status.Addr ?? node.ManagerStatus?.Addr?.replace(/:\d+$/, '') ?? '';
}

export function nodeName(node: SwarmNode | undefined): string {
  return node?.Description?.Hostname ?? node?.Spec.Name ?? shortId(node?.ID);
}

// Per node's task list, which the index keeps (same array) while that node's tasks stand
// still: a refresh works out again only the nodes whose tasks moved, not 20,000 tasks.
const reservations = new WeakMap<readonly SwarmTask[], Reserved>();

/** A node's reservations, when the snapshot holds every running task (the nodes pane reads them). */
export function nodeReserved(node: SwarmNode, index: ClusterIndex): Reserved | undefined {
  if (!index.runningCountsKnown) return undefined;
  const tasks = index.tasksByNode.get(node.ID);
  if (!tasks) return {memoryBytes: 0, nanoCpus: 0};
  let reserved = reservations.get(tasks);
  if (!reserved) {
    reserved = reservedByNode(tasks).get(node.ID) ?? {memoryBytes: 0, nanoCpus: 0};
    reservations.set(tasks, reserved);
  }
  return reserved;
}

/** "0.5/2", "512MiB/7.8GiB": reserved against capacity, yellow past 80 %, red when full. */
function reservedCell(reserved: number | undefined, capacity: number | undefined, say: (value: number) => string): Cell {
  if (!capacity) return clusterCell('');
  if (reserved === undefined) return clusterCell(say(capacity));
  const share = reserved / capacity;
  return clusterCell(`${say(reserved) || '0'}/${say(capacity)}`, share >= 1 ? 'error' : share >= 0.8 ? 'warn' : undefined);
}

export const nodeColumns: ColumnSpec<SwarmNode>[] = [
  {id: 'id', title: 'ID', width: 12, priority: 6, render: node => clusterCell(shortId(node.ID), 'muted')},
  {
    id: 'hostname',
    title: 'HOSTNAME',
    minWidth: 8,
    maxWidth: 40,
    flex: 1,
    priority: 0,
    render: node => clusterCell(nodeName(node), 'accent'),
  },
  {id: 'role', title: 'ROLE', minWidth: 4, priority: 2, render: node => clusterCell(capitalize(node.Spec.Role))},
  {
    id: 'status',
    title: 'STATUS',
    minWidth: 6,
    priority: 0,
    render: node => clusterCell(capitalize(node.Status.State), node.Status.State === 'ready' ? 'ok' : 'error'),
  },
  {
    id: 'availability',
    title: 'AVAILABILITY',
    minWidth: 5,
    priority: 1,
    render: node => clusterCell(capitalize(node.Spec.Availability), node.Spec.Availability === 'active' ? undefined : 'warn'),
  },
  {
    id: 'manager',
    title: 'MANAGER STATUS',
    minWidth: 7,
    priority: 1,
    render: node => {
      const status = managerStatus(node);
      const tone = status === 'Leader' ? 'info' : status === 'Reachable' || status === '' ? undefined : status === 'Unreachable' ? 'error' : 'warn';
      return clusterCell(status, tone);
    },
  },
  {
    id: 'engine',
    title: 'ENGINE',
    minWidth: 6,
    priority: 5,
    render: node => clusterCell(node.Description?.Engine?.EngineVersion),
  },
  {id: 'address', title: 'ADDRESS', minWidth: 7, priority: 4, render: node => clusterCell(nodeAddress(node))},
  {
    id: 'tasks',
    title: 'TASKS',
    align: 'right',
    minWidth: 5,
    priority: 2,
    render: (node, ctx: RenderContext) => clusterCell(ctx.index.runningCountsKnown ? String(ctx.index.runningTasksByNode.get(node.ID) ?? 0) : '…'),
    sortValue: (node, ctx) => ctx.index.runningTasksByNode.get(node.ID) ?? 0,
  },
  {
    id: 'cpu',
    title: 'CPU/RES',
    align: 'right',
    minWidth: 3,
    priority: 3,
    // Reserved by the node's tasks against its capacity, from the manager's task list alone.
    render: (node, ctx) => reservedCell(nodeReserved(node, ctx.index)?.nanoCpus, node.Description?.Resources?.NanoCPUs, cpus),
    sortValue: node => node.Description?.Resources?.NanoCPUs ?? 0,
  },
  {
    id: 'memory',
    title: 'MEM/RES',
    align: 'right',
    minWidth: 6,
    priority: 3,
    render: (node, ctx) => reservedCell(nodeReserved(node, ctx.index)?.memoryBytes, node.Description?.Resources?.MemoryBytes, bytes),
    sortValue: node => node.Description?.Resources?.MemoryBytes ?? 0,
  },
  // reach: usage summed over the node's tasks, and whether its engine was reached (render/usage.ts)
  ...summedUsageColumns<SwarmNode>(
    (node, reach) => reach.nodeUsage.get(node.ID),
    (node, reach) => reach.nodes.get(node.ID)?.status === 'unreachable',
  ),
  {id: 'reach', title: 'REACH', minWidth: 5, maxWidth: 40, priority: 2, render: (node, ctx) => reachCell(ctx.reach?.nodes.get(node.ID))},
  // end reach
];

export const nodeSortShortcuts: SortShortcut[] = [
  {key: 'N', columnId: 'hostname', label: 'hostname'},
  {key: 'S', columnId: 'status', label: 'status'},
  {key: 'R', columnId: 'role', label: 'role'},
  {key: 'T', columnId: 'tasks', label: 'running tasks'},
  ...usageSortShortcuts,
];

export function nodeSearchText(node: SwarmNode): string {
  return [
    nodeName(node),
    node.ID,
    node.Spec.Role,
    node.Status.State,
    node.Spec.Availability,
    managerStatus(node),
    nodeAddress(node),
    node.Description?.Engine?.EngineVersion,
  ].join(' ');
}

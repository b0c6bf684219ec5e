// Usage read from the nodes' own engines, as cells: the CPU and MEM columns of
// the tasks, services and nodes panes, health and end of a task, and the
// sparklines of describe. "—" where the node (or container) can't be read.

import type {ContainerEnd, ContainerHealth, NodeReach, ReachSnapshot, TaskReach, UsageSum} from '../docker/reach.js';
import type {SwarmTask} from '../docker/types.js';
import {type Cell, type ColumnSpec, type RenderContext, type SortShortcut, clusterCell} from './columns.js';
import {bytes} from './format.js';
import {display, inert} from './text.js';

export const UNREACHED = display`—`;
const EMPTY = display``;

export function percent(value: number): string {
  return value >= 100 ? `${Math.round(value)}%` : value >= 10 ? `${value.toFixed(0)}%` : `${value.toFixed(1)}%`;
}

/** Memory used, over the limit when the container has one below the node's memory. */
export function memoryText(used: number | undefined, limit: number | undefined, nodeMemory?: number): string {
  if (used === undefined) return '';
  const shown = bytes(used) || '0B';
  const limited = limit !== undefined && limit > 0 && (nodeMemory === undefined || limit < nodeMemory);
  return limited ? `${shown}/${bytes(limit)}` : shown;
}

export function taskReach(ctx: RenderContext, task: SwarmTask): TaskReach | undefined {
  return ctx.reach?.tasks.get(task.ID);
}

function nodeMemory(reach: ReachSnapshot | undefined, nodeId: string | undefined): number | undefined {
  const node = nodeId ? reach?.nodes.get(nodeId) : undefined;
  return node?.status === 'reached' ? node.memTotal : undefined;
}

function taskCpuCell(task: SwarmTask, ctx: RenderContext): Cell {
  const reach = taskReach(ctx, task);
  if (task.Status.State !== 'running') return {text: EMPTY};
  if (!reach) return {text: EMPTY};
  if (reach.unreachable && !reach.usage) return {text: UNREACHED, tone: 'muted'};
  const cpu = reach.usage?.cpu;
  return {text: inert(cpu === undefined ? '…' : percent(cpu)), tone: cpu !== undefined && cpu >= 80 ? 'warn' : undefined};
}

function taskMemCell(task: SwarmTask, ctx: RenderContext): Cell {
  const reach = taskReach(ctx, task);
  if (task.Status.State !== 'running' || !reach) return {text: EMPTY};
  if (reach.unreachable && !reach.usage) return {text: UNREACHED, tone: 'muted'};
  const usage = reach.usage;
  const near = usage?.memUsed !== undefined && usage.memLimit !== undefined && usage.memUsed > usage.memLimit * 0.9;
  return {text: inert(memoryText(usage?.memUsed, usage?.memLimit, nodeMemory(ctx.reach, task.NodeID))), tone: near ? 'warn' : undefined};
}

/** CPU and MEM columns of a pane whose rows are (or hold) tasks. */
export function taskUsageColumns<T>(taskOf: (row: T) => SwarmTask): ColumnSpec<T>[] {
  return [
    {
      id: 'cpu-use',
      title: 'CPU',
      align: 'right',
      minWidth: 4,
      priority: 1,
      render: (row, ctx) => taskCpuCell(taskOf(row), ctx),
      sortValue: (row, ctx) => taskReach(ctx, taskOf(row))?.usage?.cpu ?? -1,
    },
    {
      id: 'mem-use',
      title: 'MEM',
      align: 'right',
      minWidth: 4,
      priority: 1,
      render: (row, ctx) => taskMemCell(taskOf(row), ctx),
      sortValue: (row, ctx) => taskReach(ctx, taskOf(row))?.usage?.memUsed ?? -1,
    },
  ];
}

function sumCells(sum: UsageSum | undefined, unreachable: boolean): [Cell, Cell] {
  if (unreachable)
    return [
      {text: UNREACHED, tone: 'muted'},
      {text: UNREACHED, tone: 'muted'},
    ];
  if (!sum) return [{text: EMPTY}, {text: EMPTY}];
  // A sum of some of the tasks only (more than a round reads, or a node not reached): at least this much.
  const more = sum.partial ? '+' : '';
  return [{text: display`${percent(sum.cpu)}${more}`}, {text: display`${bytes(sum.memUsed) || '0B'}${more}`}];
}

/** CPU and MEM summed over a row's tasks (a service's, a node's), by `sumOf`. */
export function summedUsageColumns<T>(
  sumOf: (row: T, reach: ReachSnapshot) => UsageSum | undefined,
  unreachable: (row: T, reach: ReachSnapshot) => boolean,
): ColumnSpec<T>[] {
  const cells = (row: T, ctx: RenderContext) => (ctx.reach ? sumCells(sumOf(row, ctx.reach), unreachable(row, ctx.reach)) : sumCells(undefined, false));
  return [
    {
      id: 'cpu-use',
      title: 'CPU',
      align: 'right',
      minWidth: 4,
      priority: 1,
      render: (row, ctx) => cells(row, ctx)[0],
      sortValue: (row, ctx) => (ctx.reach && sumOf(row, ctx.reach)?.cpu) ?? -1,
    },
    {
      id: 'mem-use',
      title: 'MEM',
      align: 'right',
      minWidth: 4,
      priority: 1,
      render: (row, ctx) => cells(row, ctx)[1],
      sortValue: (row, ctx) => (ctx.reach && sumOf(row, ctx.reach)?.memUsed) ?? -1,
    },
  ];
}

/** The nodes pane's REACH cell: reached, or why not (in full in the detail line). */
export function reachCell(reach: NodeReach | undefined): Cell {
  if (!reach) return {text: EMPTY};
  if (reach.status === 'reached') return {text: display`ok`, tone: 'ok'};
  return clusterCell(reach.reason, 'error');
}

/** A task's health and end, in a few words: "unhealthy", "OOM killed (limit 16MiB)", "exit 1". */
export function taskCondition(reach: TaskReach | undefined): Cell {
  if (!reach) return {text: EMPTY};
  // A container ended while its probes failed: the health check is why (swarm stops unhealthy tasks).
  const failing = reach.health && (reach.health.status === 'unhealthy' || reach.health.failingStreak > 0);
  if (reach.end && failing && !reach.end.oomKilled) return {text: display`unhealthy, ${endCell(reach.end).text}`, tone: 'error'};
  if (reach.end) return endCell(reach.end);
  if (reach.health) return healthCell(reach.health);
  return {text: EMPTY};
}

export function endCell(end: ContainerEnd): Cell {
  if (end.oomKilled) return {text: display`OOM killed${end.memLimit ? ` (limit ${bytes(end.memLimit)})` : ''}`, tone: 'error'};
  if (end.exitCode === undefined) return {text: EMPTY};
  return {text: display`exit ${end.exitCode}`, tone: end.exitCode === 0 ? 'muted' : 'error'};
}

export function healthCell(health: ContainerHealth): Cell {
  const tone = health.status === 'healthy' ? 'ok' : health.status === 'unhealthy' ? 'error' : 'warn';
  return {text: inert(health.status), tone};
}

/** Shift-C and Shift-U sort by CPU and memory use, in every pane with the columns. */
export const usageSortShortcuts: SortShortcut[] = [
  {key: 'C', columnId: 'cpu-use', label: 'CPU use'},
  {key: 'U', columnId: 'mem-use', label: 'memory use'},
];

const SPARKS = '▁▂▃▄▅▆▇█';

/** A sparkline of values scaled to their own maximum (or `ceiling`, when larger). */
export function sparkline(values: readonly number[], ceiling = 0): string {
  const top = Math.max(ceiling, ...values);
  if (values.length === 0) return '';
  if (top <= 0) return SPARKS[0]!.repeat(values.length);
  return values.map(value => SPARKS[Math.min(SPARKS.length - 1, Math.max(0, Math.round((value / top) * (SPARKS.length - 1))))]!).join('');
}

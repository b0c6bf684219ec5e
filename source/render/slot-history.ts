// Describe's slot history: the tasks that held a task's slot before it, newest
// first, each with when and how it ended, so an operator sees why the slot
// keeps being restarted. Pure: the caller finds the tasks (restarts.ts) and
// what the nodes' engines said of their containers.

import type {ContainerEnd} from '../docker/reach.js';
import type {SwarmTask} from '../docker/types.js';
import {humanDuration, shortId} from './format.js';
import {endCell} from './usage.js';

export const SLOT_HISTORY_SHOWN = 10;

export interface SlotHistory {
  /** The slot's earlier tasks, newest first. */
  tasks: readonly SwarmTask[];
  /** How a task's container ended, as its node's engine told, where it was read. */
  endOf(taskId: string): ContainerEnd | undefined;
  now: number;
  /** Tasks of the slot are still being read (the pane had only one node's tasks). */
  reading?: boolean;
  /** The swarm's TaskHistoryRetentionLimit: past tasks beyond it are not kept by the engine. */
  retention?: number;
  /** How many rows are listed before "… N earlier". */
  shown?: number;
}

const INDENT = '  ';

/** Why the task ended, in the operator's terms: an OOM kill first, then the engine's error. */
function reasonOf(task: SwarmTask, end: ContainerEnd | undefined): string {
  const parts: string[] = [];
  if (end?.oomKilled) parts.push(endCell(end).text);
  if (task.Status.Err) parts.push(task.Status.Err);
  if (end?.error && end.error !== task.Status.Err) parts.push(end.error);
  if (parts.length === 0 && (task.Status.State === 'failed' || task.Status.State === 'rejected') && task.Status.Message) parts.push(task.Status.Message);
  return parts.join('; ');
}

function endedText(task: SwarmTask, now: number): string {
  const at = Date.parse(task.Status.Timestamp ?? '');
  if (!Number.isFinite(at) || at <= 0) return '';
  const stamp = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${stamp} (${humanDuration(Math.max(0, now - at))} ago)`;
}

function exitText(task: SwarmTask, end: ContainerEnd | undefined): string {
  const code = task.Status.ContainerStatus?.ExitCode ?? end?.exitCode;
  // A task that never got a container has no exit code; 0 is one only if it had a container.
  if (code === undefined || (code === 0 && !task.Status.ContainerStatus?.ContainerID)) return '';
  return String(code);
}

/** The section's lines: a heading, a small table, and what it leaves out. */
export function slotHistoryLines(history: SlotHistory): string[] {
  const {tasks, now} = history;
  const shown = Math.max(1, history.shown ?? SLOT_HISTORY_SHOWN);
  const failures = tasks.filter(task => task.Status.State === 'failed' || task.Status.State === 'rejected').length;
  const lines = [
    '',
    tasks.length === 0 ? 'Slot history:' : `Slot history (${tasks.length} earlier ${tasks.length === 1 ? 'task' : 'tasks'}, ${failures} failed, newest first):`,
  ];
  if (history.reading) lines.push(`${INDENT}(reading the tasks of this slot on other nodes…)`);
  if (tasks.length === 0) {
    if (!history.reading) lines.push(`${INDENT}(no earlier task in this slot)`);
    return lines;
  }
  const rows = tasks.slice(0, shown).map(task => {
    const end = history.endOf(task.ID);
    return [shortId(task.ID), endedText(task, now), task.Status.State, exitText(task, end), reasonOf(task, end)];
  });
  const header = ['TASK', 'ENDED', 'STATE', 'EXIT', 'WHY'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => row[column]!.length)));
  const format = (row: string[]) =>
    `${INDENT}${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd();
  lines.push(format(header), ...rows.map(format));
  if (tasks.length > shown) lines.push(`${INDENT}… ${tasks.length - shown} earlier`);
  // The engine forgets a slot's oldest tasks: say so when the list has reached that bound.
  if (history.retention && tasks.length + 1 >= history.retention) {
    lines.push(`${INDENT}(the swarm keeps ${history.retention} tasks per slot, its task history limit: older ones are gone)`);
  }
  return lines;
}

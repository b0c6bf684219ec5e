// The rollout view drawn as data: a row per slot (old image → new image and
// the task's state as it moves), and the summary above the table.

import {rolloutChangeLines} from './last-update.js';
import type {SwarmService, UpdateConfig} from '../docker/types.js';
import {type RolloutProgress, type RolloutSlot, shortDuration} from '../model/rollout-progress.js';
import {type Cell, type ColumnSpec, clusterCell} from './columns.js';
import {capitalize, imageWithoutDigest, timeSince, humanDuration} from './format.js';
import {updateTones} from './services.js';
import {stateTone, taskImage, taskName, taskNodeName} from './tasks.js';

/** `lab/busybox:1 → lab/busybox:2` while a slot moves; the one image once it has moved or never needed to. */
export function slotImages(slot: RolloutSlot): string {
  const to = taskImage(slot.current);
  const from = slot.from ? taskImage(slot.from) : undefined;
  if (!from || from === to || !slot.onTarget) return slot.onTarget ? to : `${to} (old spec)`;
  return `${from} → ${to}`;
}

/** "Running 3 seconds ago", with where it is headed when that differs ("Assigned → running"). */
export function slotState(slot: RolloutSlot, now: number): string {
  const task = slot.current;
  const since = timeSince(task.Status.Timestamp, now);
  const heading = task.DesiredState !== task.Status.State && task.DesiredState !== 'ready' ? ` → ${task.DesiredState}` : '';
  const age = Number.isNaN(since) ? '' : ` ${humanDuration(since)} ago`;
  return `${capitalize(task.Status.State)}${heading}${age}`;
}

export const rolloutColumns: ColumnSpec<RolloutSlot>[] = [
  {
    id: 'slot',
    title: 'SLOT',
    minWidth: 6,
    maxWidth: 32,
    priority: 0,
    render: (slot, ctx) => clusterCell(taskName(slot.current, ctx.index), slot.done ? 'ok' : 'accent'),
    sortValue: slot => slot.slot ?? slot.key,
  },
  {
    id: 'node',
    title: 'NODE',
    minWidth: 6,
    maxWidth: 24,
    priority: 2,
    render: (slot, ctx) => clusterCell(taskNodeName(slot.current, ctx.index)),
  },
  {
    id: 'images',
    title: 'IMAGE (OLD → NEW)',
    minWidth: 12,
    maxWidth: 60,
    priority: 1,
    render: slot => clusterCell(slotImages(slot), slot.done ? 'ok' : slot.onTarget ? undefined : 'muted'),
  },
  {
    id: 'state',
    title: 'STATE',
    minWidth: 10,
    maxWidth: 40,
    priority: 0,
    render: (slot, ctx) => clusterCell(slotState(slot, ctx.now), stateTone(slot.current.Status.State)),
    sortValue: slot => slot.current.Status.State,
  },
  {
    id: 'error',
    title: 'ERROR',
    minWidth: 5,
    flex: 1,
    priority: 1,
    render: slot => clusterCell(slot.errors[0], 'error'),
  },
];

export function progressBar(done: number, total: number, width: number): string {
  const size = Math.max(4, width);
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(fraction * size);
  return `${'█'.repeat(filled)}${'░'.repeat(size - filled)}`;
}

function seconds(ns: number): string {
  return shortDuration(ns / 1e6);
}

/** The update (or rollback) config in force, in the words of `docker service update` flags. */
export function describeConfig(config: Required<UpdateConfig>): string {
  return [
    `parallelism ${config.Parallelism === 0 ? 'all at once' : config.Parallelism}`,
    `delay ${seconds(config.Delay)}`,
    `on failure ${config.FailureAction}`,
    `monitor ${seconds(config.Monitor)}`,
    `max failures ${Math.round(config.MaxFailureRatio * 100)}%`,
    config.Order,
  ].join(' · ');
}

export type SummaryLine = Cell[];

const stateWords: Record<string, string> = {
  updating: 'updating',
  paused: 'update paused',
  completed: 'update completed',
  rollback_started: 'rolling back',
  rollback_paused: 'rollback paused',
  rollback_completed: 'rolled back',
};

/** The lines above the slots: what is rolling where, how far, under which config, and what the engine says. */
export function rolloutSummary(service: SwarmService, progress: RolloutProgress, width: number): SummaryLine[] {
  const state = progress.state;
  const from = imageWithoutDigest(progress.fromImage);
  const to = imageWithoutDigest(progress.toImage);
  const title: SummaryLine = [
    clusterCell(service.Spec.Name, 'accent'),
    clusterCell('  '),
    state ? clusterCell(stateWords[state] ?? state, updateTones[state]) : clusterCell('no update under way', 'muted'),
  ];
  if (from && from !== to) title.push(clusterCell(`  ${from} → ${to}`));
  else if (to) title.push(clusterCell(`  ${to}`));

  const counts = `${progress.updated}/${progress.desired} on the new spec`;
  const timing: string[] = [];
  if (progress.elapsedMs !== undefined) timing.push(`${shortDuration(progress.elapsedMs)} elapsed`);
  // Every task through but the engine still watching them for the monitor period.
  if (progress.remainingMs === 0) timing.push('finishing');
  else if (progress.remainingMs !== undefined) timing.push(`about ${shortDuration(progress.remainingMs)} left`);
  else if (state === 'updating' || state === 'rollback_started') timing.push('time left: after the first task');
  const barWidth = Math.max(10, Math.min(40, width - counts.length - 40));
  const bar: SummaryLine = [
    clusterCell(progressBar(progress.updated, progress.desired, barWidth), progress.updated >= progress.desired ? 'ok' : 'info'),
    clusterCell(` ${counts}`),
  ];
  if (timing.length) bar.push(clusterCell(` · ${timing.join(' · ')}`, 'muted'));
  if (progress.failed > 0) bar.push(clusterCell(` · ${progress.failed} failed`, 'error'));

  const lines: SummaryLine[] = [
    title,
    bar,
    [clusterCell(progress.rollingBack ? 'rollback: ' : 'update: ', 'muted'), clusterCell(describeConfig(progress.config))],
  ];
  if (progress.message)
    lines.push([clusterCell('engine: ', 'muted'), clusterCell(progress.message, state === 'paused' || state === 'rollback_paused' ? 'error' : undefined)]);
  lines.push(...rolloutChangeLines(service, width));
  return lines;
}

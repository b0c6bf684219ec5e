// A service's rolling update (or rollback) as data: which slots are on the new
// spec, how far along it is, how long it has taken and may still take, and
// how it ended. Pure functions over a snapshot's objects.

import type {ServiceSpec, SwarmService, SwarmTask, UpdateConfig, UpdateState} from '../docker/types.js';
import type {ClusterIndex} from './cluster-index.js';
import {isRunning} from './cluster-index.js';
import {naturalCompare} from './natural-compare.js';
import {type TaskNamer, updateCause} from './update-cause.js';

/** One slot of a replicated service, or one node of a global one. */
export interface RolloutSlot {
  /** Stable across refreshes: the slot number or the node ID. */
  key: string;
  slot?: number;
  nodeId?: string;
  /** The newest task in the slot. */
  current: SwarmTask;
  /** The newest task in the slot that runs (or ran) an earlier spec: where the slot comes from. */
  from?: SwarmTask;
  /** The current task carries the service's spec as it is now. */
  onTarget: boolean;
  /** On the new spec and running. */
  done: boolean;
  /** Errors of the slot's tasks made since the rollout started (on the new spec when it is not known when), newest first. */
  errors: string[];
}

export interface RolloutProgress {
  state?: UpdateState;
  /** The engine is putting the previous spec back. */
  rollingBack: boolean;
  /** Tasks running the new spec. */
  updated: number;
  desired: number;
  /** Tasks on the new spec that failed or were rejected. */
  failed: number;
  startedAt?: number;
  completedAt?: number;
  elapsedMs?: number;
  /** Estimated from the pace so far; absent until a task is through, and once the rollout is over. */
  remainingMs?: number;
  message?: string;
  /** The config the engine follows: RollbackConfig while rolling back, UpdateConfig otherwise. */
  config: Required<UpdateConfig>;
  fromImage?: string;
  toImage?: string;
}

const ACTIVE: ReadonlySet<UpdateState | undefined> = new Set<UpdateState | undefined>(['updating', 'rollback_started']);

export function isRolloutActive(state: UpdateState | undefined): boolean {
  return ACTIVE.has(state);
}

export function isRollback(state: UpdateState | undefined): boolean {
  return state === 'rollback_started' || state === 'rollback_paused' || state === 'rollback_completed';
}

/** The engine's defaults, as `docker service inspect --pretty` shows them for an unset field. */
export function configInForce(config: UpdateConfig | undefined): Required<UpdateConfig> {
  return {
    Parallelism: config?.Parallelism ?? 1,
    Delay: config?.Delay ?? 0,
    FailureAction: config?.FailureAction ?? 'pause',
    Monitor: config?.Monitor ?? 5e9,
    MaxFailureRatio: config?.MaxFailureRatio ?? 0,
    Order: config?.Order ?? 'stop-first',
  };
}

/**
 * Whether a task carries `spec`'s task template. The API does not say which
 * spec version a task was made from, so this compares what rollouts change:
 * the image and the force-update counter (a restart changes only that).
 */
export function taskOnSpec(task: SwarmTask, spec: ServiceSpec): boolean {
  return (
    (task.Spec?.ContainerSpec?.Image ?? '') === (spec.TaskTemplate.ContainerSpec?.Image ?? '') &&
    (task.Spec?.ForceUpdate ?? 0) === (spec.TaskTemplate.ForceUpdate ?? 0)
  );
}

function isGlobalService(service: SwarmService): boolean {
  return Boolean(service.Spec.Mode.Global || service.Spec.Mode.GlobalJob);
}

// RFC 3339 timestamps from one engine order correctly as plain strings.
function newestFirst(a: SwarmTask, b: SwarmTask): number {
  const created = (b.CreatedAt ?? '') < (a.CreatedAt ?? '') ? -1 : (b.CreatedAt ?? '') > (a.CreatedAt ?? '') ? 1 : 0;
  return created || b.Version.Index - a.Version.Index;
}

const failedStates = new Set(['failed', 'rejected']);

/**
 * Whether a task belongs to the rollout under way: made since it started. An
 * automatic rollback swaps the failed spec out and drops it (PreviousSpec is
 * cleared), so the spec alone cannot tell the failed update's tasks; their
 * creation time can.
 */
function partOfRollout(service: SwarmService): (task: SwarmTask) => boolean {
  const started = parseTime(service.UpdateStatus?.StartedAt);
  if (started === undefined) return task => taskOnSpec(task, service.Spec);
  return task => (parseTime(task.CreatedAt) ?? 0) >= started;
}

/** Errors of the tasks in a rollout, newest first, each once. */
export function rolloutErrors(service: SwarmService, tasks: readonly SwarmTask[]): string[] {
  const inRollout = partOfRollout(service);
  return [
    ...new Set(
      [...tasks]
        .sort(newestFirst)
        .filter(task => task.Status.Err && inRollout(task))
        .map(task => task.Status.Err!),
    ),
  ];
}
const gone = new Set(['shutdown', 'remove']);

/** The service's slots (nodes, for a global service) as the rollout sees them, in slot order. */
export function rolloutSlots(service: SwarmService, tasks: readonly SwarmTask[]): RolloutSlot[] {
  const global = isGlobalService(service);
  const groups = new Map<string, SwarmTask[]>();
  for (const task of tasks) {
    const key = global || !task.Slot ? `node/${task.NodeID ?? task.ID}` : String(task.Slot);
    const group = groups.get(key);
    if (group) group.push(task);
    else groups.set(key, [task]);
  }
  const slots: RolloutSlot[] = [];
  for (const [key, group] of groups) {
    group.sort(newestFirst);
    const current = group[0]!;
    // A slot scaled away (every task in it told to stop) takes no part in the rollout.
    if (group.every(task => gone.has(task.DesiredState))) continue;
    const onTarget = taskOnSpec(current, service.Spec);
    const errors = rolloutErrors(service, group);
    slots.push({
      key,
      slot: global ? undefined : current.Slot,
      nodeId: current.NodeID,
      current,
      from: group.find(task => !taskOnSpec(task, service.Spec)),
      onTarget,
      done: onTarget && isRunning(current),
      errors,
    });
  }
  return slots.sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0) || naturalCompare(a.key, b.key));
}

function parseTime(iso: string | undefined): number | undefined {
  if (!iso || iso.startsWith('0001-')) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** How far the rollout is: tasks on the new spec over desired, time taken and time left. */
export function rolloutProgress(service: SwarmService, index: ClusterIndex, now: number): RolloutProgress {
  const state = service.UpdateStatus?.State;
  const rollingBack = isRollback(state);
  const tasks = index.tasksByService.get(service.ID) ?? [];
  const desired = index.healthByService.get(service.ID)?.desired ?? 0;
  let updated = 0;
  let failed = 0;
  let lastRunningAt: number | undefined;
  for (const task of tasks) {
    if (!taskOnSpec(task, service.Spec)) continue;
    if (isRunning(task)) {
      updated += 1;
      const at = parseTime(task.Status.Timestamp);
      if (at !== undefined && (lastRunningAt === undefined || at > lastRunningAt)) lastRunningAt = at;
    }
    if (failedStates.has(task.Status.State)) failed += 1;
  }
  updated = Math.min(updated, desired || updated);
  const startedAt = parseTime(service.UpdateStatus?.StartedAt);
  const completedAt = parseTime(service.UpdateStatus?.CompletedAt);
  const end = completedAt ?? (isRolloutActive(state) ? now : undefined);
  const elapsedMs = startedAt !== undefined && end !== undefined ? Math.max(0, end - startedAt) : undefined;
  const config = configInForce(rollingBack ? service.Spec.RollbackConfig : service.Spec.UpdateConfig);
  const remainingMs =
    isRolloutActive(state) && startedAt !== undefined ? estimateRemaining({startedAt, now, updated, desired, config, lastRunningAt}) : undefined;
  return {
    state,
    rollingBack,
    updated,
    desired,
    failed,
    startedAt,
    completedAt,
    elapsedMs,
    remainingMs,
    message: service.UpdateStatus?.Message,
    config,
    fromImage: service.PreviousSpec?.TaskTemplate.ContainerSpec?.Image,
    toImage: service.Spec.TaskTemplate.ContainerSpec?.Image,
  };
}

export interface PaceInput {
  startedAt: number;
  now: number;
  updated: number;
  desired: number;
  config: Required<UpdateConfig>;
  /** When the newest task on the new spec started running: the end of the last batch. */
  lastRunningAt?: number;
}

/**
 * Time left at the pace so far. The engine replaces `Parallelism` tasks at a
 * time and waits `Delay` between batches, so the batches still to go each
 * take the delay plus what a batch has taken so far (the delays already
 * waited taken out), counted from the end of the last batch. 0 once every
 * task is through (the engine still watches them for the monitor period).
 */
export function estimateRemaining({startedAt, now, updated, desired, config, lastRunningAt}: PaceInput): number | undefined {
  if (updated <= 0) return undefined;
  if (updated >= desired) return 0;
  const perBatch = config.Parallelism > 0 ? config.Parallelism : desired;
  const batchesDone = Math.ceil(updated / perBatch);
  const batchesLeft = Math.ceil((desired - updated) / perBatch);
  const delayMs = config.Delay / 1e6;
  const lastBatchEnd = Math.min(now, Math.max(startedAt, lastRunningAt ?? now));
  const batchMs = Math.max(0, (lastBatchEnd - startedAt - (batchesDone - 1) * delayMs) / batchesDone);
  const left = batchesLeft * (delayMs + batchMs) - (now - lastBatchEnd);
  return Math.max(1000, Math.round(left));
}

// --- how a rollout ended ---------------------------------------------------------

export interface UpdateMark {
  state?: UpdateState;
  startedAt?: string;
  message?: string;
}

export function updateMark(service: SwarmService): UpdateMark {
  return {state: service.UpdateStatus?.State, startedAt: service.UpdateStatus?.StartedAt, message: service.UpdateStatus?.Message};
}

export interface RolloutNews {
  serviceId: string;
  kind: 'started' | 'ended';
  text: string;
  tone: 'ok' | 'warn' | 'error' | 'info';
}

/** "41 s", "2 min 5 s", "1 h 3 min". */
export function shortDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

function took(service: SwarmService): string {
  const started = parseTime(service.UpdateStatus?.StartedAt);
  const completed = parseTime(service.UpdateStatus?.CompletedAt);
  return started !== undefined && completed !== undefined ? ` in ${shortDuration(completed - started)}` : '';
}

/**
 * What changed in a service's rollout between two reads, in words for the
 * status line. `before` is what was seen last (absent: the service is new to
 * the watcher, and there is nothing to announce).
 */
export function rolloutNews(
  before: UpdateMark | undefined,
  service: SwarmService,
  tasks: readonly SwarmTask[],
  /** What the engine said when the rollback started ("manually requested rollback"). */
  rollbackReason?: string,
  nameOf?: TaskNamer,
): RolloutNews | undefined {
  if (!before) return undefined;
  const now = updateMark(service);
  if (now.state === before.state && now.startedAt === before.startedAt) return undefined;
  if (!now.state) return undefined;
  const name = service.Spec.Name;
  const cause = (message = now.message) => {
    const why = updateCause({...service, UpdateStatus: {...service.UpdateStatus, Message: message}}, tasks, nameOf);
    return why ? `: ${why}` : '';
  };
  const ended = (text: string, tone: RolloutNews['tone']): RolloutNews => ({serviceId: service.ID, kind: 'ended', text, tone});
  switch (now.state) {
    case 'updating':
      return {serviceId: service.ID, kind: 'started', text: `${name} is updating`, tone: 'info'};
    case 'rollback_started':
      return {serviceId: service.ID, kind: 'started', text: `${name} is rolling back${cause()}`, tone: 'warn'};
    case 'completed':
      return ended(`${name} updated${took(service)}`, 'ok');
    case 'paused':
      return ended(`${name} update paused${cause()}`, 'error');
    case 'rollback_paused':
      return ended(`${name} rollback paused${cause()}`, 'error');
    case 'rollback_completed':
      // The rollback's end says only "rollback completed": why it began is in the
      // failed tasks, or in what the engine said when it started.
      return ended(`${name} rolled back${took(service)}${cause(rollbackReason ?? now.message)}`, 'warn');
  }
}

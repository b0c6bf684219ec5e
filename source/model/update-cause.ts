// How a service's last update went, in a sentence: "rolled back: flaky.1 exited
// with 9 during the update (failure ratio 0)". The engine's UpdateStatus says the
// state and, while it lasts, which task made it give up ("update paused due to
// failure or early termination of task <id>"); the failed tasks say how they
// ended. A rollback's end keeps only "rollback completed", so the tasks that
// failed since the update started are what still tell why.

import type {SwarmService, SwarmTask, UpdateState} from '../docker/types.js';
import {failedToStart, startFailureReason} from './restarts.js';

/** A task's name as the operator knows it ("web.1", "agent.node2"); the console's is given by its caller. */
export type TaskNamer = (task: SwarmTask) => string;

/** "web.1", or the task's short ID when it holds no slot: a namer that needs no nodes. */
export const plainTaskName =
  (service: SwarmService): TaskNamer =>
  task =>
    task.Slot ? `${service.Spec.Name}.${task.Slot}` : `task ${task.ID.slice(0, 12)}`;

const FAILED_TASK = /due to failure or early termination of task (\w+)/;

const failedStates = new Set(['failed', 'rejected']);

function parseTime(iso: string | undefined): number | undefined {
  if (!iso || iso.startsWith('0001-')) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The task the engine names in its message, or the newest that failed since the update started. */
export function failedUpdateTask(service: SwarmService, tasks: readonly SwarmTask[]): SwarmTask | undefined {
  const named = FAILED_TASK.exec(service.UpdateStatus?.Message ?? '')?.[1];
  if (named) {
    const task = tasks.find(candidate => candidate.ID === named);
    if (task) return task;
  }
  const started = parseTime(service.UpdateStatus?.StartedAt);
  if (started === undefined) return undefined;
  let newest: SwarmTask | undefined;
  for (const task of tasks) {
    if (!failedStates.has(task.Status.State) || (parseTime(task.CreatedAt) ?? 0) < started) continue;
    if (!newest || (task.Status.Timestamp ?? '') > (newest.Status.Timestamp ?? '')) newest = task;
  }
  return newest;
}

/** "flaky.1 exited with 9", "web.2 cannot start: No such image: x": how one task of the update ended. */
export function taskEndText(task: SwarmTask, name: string): string {
  if (failedToStart(task)) return `${name} cannot start: ${startFailureReason(task)}`;
  const code = task.Status.ContainerStatus?.ExitCode;
  if (code) return `${name} exited with ${code}`;
  if (task.Status.State === 'complete' || code === 0) return `${name} exited (code 0) while it should run`;
  return `${name} ${task.Status.State}${task.Status.Err ? `: ${task.Status.Err}` : ''}`;
}

/** Why the update gave up, or undefined when nothing says: the failed task first, then the engine's words. */
export function updateCause(service: SwarmService, tasks: readonly SwarmTask[], nameOf: TaskNamer = plainTaskName(service)): string | undefined {
  const status = service.UpdateStatus;
  // The engine's default ratio is 0: the first failure is one too many.
  const ratio = service.Spec.UpdateConfig?.MaxFailureRatio ?? 0;
  const task = failedUpdateTask(service, tasks);
  if (task) return `${taskEndText(task, nameOf(task))} during the update (failure ratio ${ratio})`;
  const message = status?.Message;
  const named = FAILED_TASK.exec(message ?? '')?.[1];
  // The task is gone from the history, or not read: its ID is all there is.
  if (named) return `task ${named.slice(0, 12)} failed or stopped early during the update (failure ratio ${ratio})`;
  // "update completed" and "rollback completed" say nothing the state does not.
  if (!message || /^(update|rollback) completed$/.test(message)) return undefined;
  return message;
}

const stateWords: Record<UpdateState, string> = {
  updating: 'updating',
  paused: 'paused',
  completed: 'updated',
  rollback_started: 'rolling back',
  rollback_paused: 'rollback paused',
  rollback_completed: 'rolled back',
};

/** The update's state as a sentence: "updating", "paused: …", "rolled back: …"; undefined with no update. */
export function updateSentence(service: SwarmService, tasks: readonly SwarmTask[], nameOf?: TaskNamer): string | undefined {
  const state = service.UpdateStatus?.State;
  if (!state) return undefined;
  // An update that went well needs no reason; one that is under way has none yet.
  if (state === 'updating' || state === 'completed') return stateWords[state];
  const cause = updateCause(service, tasks, nameOf);
  return cause ? `${stateWords[state]}: ${cause}` : stateWords[state];
}

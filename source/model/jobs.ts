// A job service (replicated-job, global-job) as data: how many of its tasks run,
// how many completed out of how many, which run (iteration) it is on, and whether
// it is done. A finished job has nothing running and is not short of anything:
// `docker service ls` shows "0/1 (3/3 completed)", and so does the console.

import type {SwarmService, SwarmTask} from '../docker/types.js';

export interface JobProgress {
  running: number;
  /** Tasks the engine wants running now (at most MaxConcurrent for a replicated job). */
  desired: number;
  completed: number;
  /** Completions the job needs: TotalCompletions, or one per node for a global job. */
  total: number;
  /** Every completion the job needs is in and nothing runs. */
  complete: boolean;
  /** The engine's iteration counter (0 for the first run). */
  iteration?: number;
  /** When the engine last started the job. */
  lastStarted?: string;
  /** When the current run's last task completed, when the tasks are read and the job is complete. */
  lastFinished?: string;
}

export function isJob(service: SwarmService): boolean {
  return Boolean(service.Spec.Mode.ReplicatedJob || service.Spec.Mode.GlobalJob);
}

/** The completions a replicated job needs: the engine's defaults are MaxConcurrent, then 1. */
export function totalCompletions(service: SwarmService): number {
  const job = service.Spec.Mode.ReplicatedJob;
  return job?.TotalCompletions ?? job?.MaxConcurrent ?? 1;
}

/** A task of the job's current run: made from the spec as it is (a forced update starts a new run). */
function ofCurrentRun(task: SwarmTask, service: SwarmService): boolean {
  return (task.Spec?.ForceUpdate ?? 0) === (service.Spec.TaskTemplate.ForceUpdate ?? 0);
}

/**
 * A job's progress from the engine's counts (ServiceStatus, API 1.41+), or from its
 * tasks when the engine gives none. `tasks` may be only some of the service's tasks.
 */
export function jobProgress(service: SwarmService, tasks: readonly SwarmTask[]): JobProgress | undefined {
  const mode = service.Spec.Mode;
  if (!mode.ReplicatedJob && !mode.GlobalJob) return undefined;
  const current = tasks.filter(task => ofCurrentRun(task, service));
  const status = service.ServiceStatus;
  const running = status?.RunningTasks ?? current.filter(task => task.Status.State === 'running').length;
  const completedTasks = current.filter(task => task.Status.State === 'complete');
  const completed = status?.CompletedTasks ?? completedTasks.length;
  let desired: number;
  let total: number;
  if (mode.ReplicatedJob) {
    total = totalCompletions(service);
    desired = status?.DesiredTasks ?? Math.min(mode.ReplicatedJob.MaxConcurrent ?? 1, Math.max(0, total - completed));
  } else {
    // A global job's desired tasks are those still to complete, one per eligible node
    // (as `docker service ls` counts it): the run needs those plus the ones done.
    desired = status?.DesiredTasks ?? current.filter(task => task.DesiredState !== 'shutdown' && task.Status.State !== 'complete').length;
    total = completed + desired;
  }
  const complete = running === 0 && completed > 0 && completed >= total;
  let lastFinished: string | undefined;
  if (complete) for (const task of completedTasks) if ((task.Status.Timestamp ?? '') > (lastFinished ?? '')) lastFinished = task.Status.Timestamp;
  return {
    running,
    desired,
    completed,
    total,
    complete,
    iteration: service.JobStatus?.JobIteration?.Index,
    lastStarted: service.JobStatus?.LastExecution,
    lastFinished,
  };
}

/** "0/1 (3/3 completed)", as `docker service ls` counts a job. */
export function jobCountText(job: JobProgress): string {
  return `${job.running}/${job.desired} (${job.completed}/${job.total} completed)`;
}

// A job's run in words, for the services pane's status line and describe.
import type {JobProgress} from '../model/jobs.js';
import {humanDuration, timeSince} from './format.js';

/** Where the job is, as state words. */
function jobState(job: JobProgress): string {
  return job.complete ? 'complete' : job.running > 0 ? 'running' : 'not complete';
}

/** Describe's "Job" section, as name and value pairs. */
export function jobFields(job: JobProgress): Array<[string, string | number | undefined]> {
  return [
    ['State', jobState(job)],
    ['Completed', `${job.completed} of ${job.total}`],
    ['Iteration', job.iteration],
    ['Last started', job.lastStarted],
    ['Last finished', job.lastFinished],
  ];
}

function ago(iso: string | undefined, now: number): string | undefined {
  const since = timeSince(iso, now);
  return Number.isNaN(since) ? undefined : `${humanDuration(since)} ago`;
}

/** "complete · iteration 2 · last run started 5 minutes ago, finished 4 minutes ago". */
export function jobRunText(job: JobProgress, now: number): string {
  const parts = [jobState(job)];
  if (job.iteration !== undefined) parts.push(`iteration ${job.iteration}`);
  const started = ago(job.lastStarted, now);
  const finished = ago(job.lastFinished, now);
  const when = [started && `started ${started}`, finished && `finished ${finished}`].filter(Boolean).join(', ');
  if (when) parts.push(`last run ${when}`);
  return parts.join(' · ');
}

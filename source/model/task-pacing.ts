// Timer refreshes re-read a pane's tasks at a pace set by what the last read cost.
// On a small swarm that is every refresh; on one of tens of thousands of tasks a read
// of every task takes a second of CPU, and re-reading it every 2 s would keep half a
// core busy for data that a person scans far less often.

/** At most this share of wall time goes to reading tasks on timer refreshes. */
export const TASK_READ_SHARE = 0.1;

export interface TaskRead {
  /** When the read ended (ms). */
  at: number;
  /** How long the refresh that read them took (ms). */
  ms: number;
}

/** Whether a timer refresh at `now` should read the tasks again, or keep the last ones. */
export function tasksDue(last: TaskRead | undefined, now: number, intervalMs: number): boolean {
  if (!last) return true;
  return now - last.at >= Math.max(intervalMs, last.ms / TASK_READ_SHARE) - intervalMs / 2;
}

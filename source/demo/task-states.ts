import type {TaskState} from './engine-types.js';

// swarmkit orders task states numerically and its logic compares them
// ("state > running" means the container is done); the same order here.
const RANK: Record<TaskState, number> = {
  new: 0,
  pending: 64,
  allocated: 128,
  assigned: 192,
  accepted: 256,
  preparing: 320,
  ready: 384,
  starting: 448,
  running: 512,
  complete: 576,
  shutdown: 640,
  failed: 704,
  rejected: 768,
  remove: 800,
  orphaned: 832,
};

export function stateRank(state: TaskState): number {
  return RANK[state];
}

/** The container has finished, one way or another. */
export function isTerminal(state: TaskState): boolean {
  return RANK[state] > RANK.running;
}

/** Desired to keep (or start) running: the task still holds its slot. */
export function isWanted(desired: TaskState): boolean {
  return RANK[desired] <= RANK.running;
}

/** The status message swarmkit's components write with each state. */
export const STATE_MESSAGES: Partial<Record<TaskState, string>> = {
  new: 'created',
  pending: 'pending task scheduling',
  assigned: 'scheduler assigned task to node',
  accepted: 'accepted',
  preparing: 'preparing',
  ready: 'prepared',
  starting: 'starting',
  running: 'started',
  complete: 'finished',
  shutdown: 'shutdown',
};

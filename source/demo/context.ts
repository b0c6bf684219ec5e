// The parts of one simulated swarm, as its components see each other. Each
// component gets the whole context so the wiring lives in one place (swarm.ts)
// instead of a web of constructor arguments.

import type {Agenda} from './agenda.js';
import type {TaskLifecycle} from './lifecycle.js';
import type {NetworkPlan} from './networks.js';
import type {Orchestrator} from './orchestrator.js';
import type {Random} from './random.js';
import type {RolloutManager} from './updater.js';
import type {Scheduler} from './scheduler.js';
import type {SwarmStore} from './store.js';
import type {StoredObjects} from './stored-objects.js';

export interface SimContext {
  readonly agenda: Agenda;
  readonly random: Random;
  readonly store: SwarmStore;
  readonly networks: NetworkPlan;
  readonly scheduler: Scheduler;
  readonly lifecycle: TaskLifecycle;
  readonly orchestrator: Orchestrator;
  readonly rollouts: RolloutManager;
  /** Secrets and configs. */
  readonly stored: StoredObjects;
  /** Images whose containers exit with status 1 shortly after starting: a bad release. */
  readonly brokenImages: Set<string>;
}

/** swarmkit's default TaskHistoryRetentionLimit: tasks kept per slot, the current one included. */
export const TASK_HISTORY_RETENTION = 5;

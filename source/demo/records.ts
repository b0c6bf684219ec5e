// What the simulation keeps per object: the API object exactly as it will be
// served, its cached JSON, and the bookkeeping the engine would keep elsewhere
// (which spec a task was cut from, when its container ran, how it will end).

import type {Scheduled} from './agenda.js';
import type {EngineNetwork, EngineNode, EngineService, EngineTask, EngineTaskSpec} from './engine-types.js';
import type {LogProfileName} from './log-lines.js';

/** How a service's containers behave once started; the engine can't see this, only its effects. */
export interface ServiceBehaviour {
  logProfile: LogProfileName;
  /** Every container of this service dies on its own after a while (a crash loop). */
  crash?: {exitCode: number; afterMs: readonly [number, number]};
  /** A job's container: it exits 0 by itself this long after it started. */
  runsMs?: readonly [number, number];
  /** How long a container takes to stop on SIGTERM, and the exit code it stops with. */
  stopMs: readonly [number, number];
  stopExitCode: number;
  /** Image pull plus container create: the preparing phase. */
  prepareMs: readonly [number, number];
}

export interface NodeRecord {
  api: EngineNode;
  json: string | undefined;
  /** Tasks on this node that are not yet terminal: the scheduler spreads by it. */
  load: number;
}

export interface ServiceRecord {
  api: EngineService;
  json: string | undefined;
  tasks: Set<TaskRecord>;
  /** The task spec new tasks get (the service's TaskTemplate minus Runtime, as the engine copies it). */
  taskSpec: EngineTaskSpec;
  /** Serialised TaskTemplate: a task whose key differs runs an outdated spec. */
  templateKey: string;
  networks: EngineNetwork[];
  behaviour: ServiceBehaviour;
  /** The part it plays in the demo's scripted story, if any. */
  role: 'failing-update' | 'rolling-update' | 'scaling' | undefined;
  removed: boolean;
}

/** Why a container stopped, for the code that decides what happens next. */
export type TaskEnd = 'exited' | 'stopped';

export interface TaskRecord {
  api: EngineTask;
  json: string | undefined;
  service: ServiceRecord;
  /** Replica slot; 0 for global tasks, whose slot is their node. */
  slot: number;
  /** Creation time in ms: the reaper drops the oldest history first. */
  createdMs: number;
  templateKey: string;
  /** The next lifecycle step already on the agenda. */
  timer: Scheduled | undefined;
  containerId: string | undefined;
  runningSince: number | undefined;
  stoppedAt: number | undefined;
  /** Set when this task's container will die by itself: ms after it started, and the exit code. */
  fate: {afterMs: number; exitCode: number} | undefined;
  logSeed: number;
  deleted: boolean;
  /** Called after every state change; a watcher returning true is removed. */
  watchers: Array<(task: TaskRecord) => boolean>;
}

export function slotKey(task: TaskRecord): string {
  return task.slot > 0 ? `s${task.slot}` : `n${task.api.NodeID ?? ''}`;
}

/** The name the docker CLI shows and the `name` task filter matches: service.slot.id or service.node.id. */
export function taskName(task: TaskRecord): string {
  const middle = task.slot > 0 ? String(task.slot) : (task.api.NodeID ?? '');
  return `${task.service.api.Spec.Name}.${middle}.${task.api.ID}`;
}

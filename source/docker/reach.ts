// What reaching each node's own engine adds to a snapshot: whether a node was
// reached (or why not), and per task the container's usage, health and end.
// Types only: the sampler that fills them is in source/model.

import type {SetAside} from './decode/set-aside.js';
import type {SwarmVolume} from './types.js';

export type NodeReach = {status: 'reached'; endpoint: string; ncpu: number; memTotal: number} | {status: 'unreachable'; endpoint?: string; reason: string};

export interface Usage {
  /** CPU in percent of one core; undefined until two readings are in. */
  cpu?: number;
  /** The node's cores, to state `cpu` as a share of the node. */
  cores?: number;
  memUsed?: number;
  memLimit?: number;
  netRx?: number;
  netTx?: number;
}

/** A sum over several tasks' containers; `tasks` is how many were sampled. */
export interface UsageSum {
  cpu: number;
  memUsed: number;
  tasks: number;
  /** Some containers that belong in the sum could not be read. */
  partial: boolean;
}

export interface ContainerEnd {
  exitCode?: number;
  oomKilled: boolean;
  memLimit?: number;
  error?: string;
  finishedAt?: string;
}

export interface ContainerHealth {
  status: string;
  failingStreak: number;
  probes: {end?: string; exitCode?: number; output: string}[];
}

export interface TaskReach {
  usage?: Usage;
  /** CPU % and memory bytes, oldest first, one point a sample. */
  cpuHistory: number[];
  memHistory: number[];
  health?: ContainerHealth;
  end?: ContainerEnd;
  restarts?: number;
  /** Why this task's container could not be read (its node, or the container itself). */
  unreachable?: string;
}

/** One node's local volumes as its own engine lists them (the volumes pane), or why they could not be read. */
export type NodeVolumes = {volumes: readonly SwarmVolume[]; setAside?: SetAside} | {reason: string};

export interface ReachSnapshot {
  nodes: ReadonlyMap<string, NodeReach>;
  tasks: ReadonlyMap<string, TaskReach>;
  services: ReadonlyMap<string, UsageSum>;
  nodeUsage: ReadonlyMap<string, UsageSum>;
  /** Each ready node's own volumes, read while the volumes pane shows; absent otherwise. */
  volumes?: ReadonlyMap<string, NodeVolumes>;
}

// Node selection the way swarmkit's scheduler does it: a pipeline of filters
// (ready and available, then placement constraints), spreading a service's
// tasks across the survivors, and, when no node survives, the explanation
// the engine writes into the task's Err ("no suitable node (…)").

import type {EngineNode} from './engine-types.js';
import type {Random} from './random.js';
import type {NodeRecord, TaskRecord} from './records.js';
import {isTerminal, isWanted} from './task-states.js';

function nodeAttribute(node: EngineNode, key: string): string | undefined {
  const lower = key.toLowerCase();
  if (lower === 'node.id') return node.ID;
  if (lower === 'node.hostname') return node.Description.Hostname;
  if (lower === 'node.role') return node.Spec.Role;
  if (lower === 'node.platform.os') return node.Description.Platform.OS;
  if (lower === 'node.platform.arch') return node.Description.Platform.Architecture;
  if (lower.startsWith('node.labels.')) return node.Spec.Labels[key.slice('node.labels.'.length)];
  if (lower.startsWith('engine.labels.')) return node.Description.Engine.Labels?.[key.slice('engine.labels.'.length)];
  return undefined;
}

function meetsConstraint(node: EngineNode, constraint: string): boolean {
  const match = /^\s*([^=!\s]+)\s*(==|!=)\s*(.*?)\s*$/.exec(constraint);
  if (!match) return false;
  const [, key, operator, expected] = match;
  const actual = nodeAttribute(node, key!);
  // Labels are compared exactly; built-in attributes ignore case, as in swarmkit.
  const exact = /labels\./i.test(key!);
  const equal = actual !== undefined && (exact ? actual === expected : actual.toLowerCase() === expected!.toLowerCase());
  return operator === '==' ? equal : !equal;
}

export function meetsConstraints(node: EngineNode, constraints: readonly string[] | undefined): boolean {
  return (constraints ?? []).every(constraint => meetsConstraint(node, constraint));
}

export function availableForNewTasks(node: EngineNode): boolean {
  return node.Status.State === 'ready' && node.Spec.Availability === 'active';
}

export function eligibleFor(node: EngineNode, constraints: readonly string[] | undefined): boolean {
  return availableForNewTasks(node) && meetsConstraints(node, constraints);
}

function count(n: number): string {
  return `${n} node${n === 1 ? '' : 's'}`;
}

export type Placement = {node: NodeRecord} | {explanation: string};

/** What the tasks on a node reserve between them. */
export interface Reserved {
  nanoCpus: number;
  memoryBytes: number;
}

export class Scheduler {
  /** Tasks still pending for want of a node; retried whenever nodes change. */
  readonly waiting = new Set<TaskRecord>();

  constructor(
    private readonly nodes: () => Iterable<NodeRecord>,
    private readonly random: Random,
    /** Reservations per node ID, asked only when a task reserves something. */
    private readonly reservations: () => Map<string, Reserved> = () => new Map(),
  ) {}

  place(task: TaskRecord): Placement {
    const constraints = task.api.Spec.Placement.Constraints;
    const wanted = task.api.Spec.Resources?.Reservations ?? {};
    const reserved = wanted.NanoCPUs || wanted.MemoryBytes ? this.reservations() : undefined;
    const fits = (node: NodeRecord) => {
      if (!reserved) return true;
      const used = reserved.get(node.api.ID) ?? {nanoCpus: 0, memoryBytes: 0};
      const capacity = node.api.Description.Resources;
      return (wanted.NanoCPUs ?? 0) <= capacity.NanoCPUs - used.nanoCpus && (wanted.MemoryBytes ?? 0) <= capacity.MemoryBytes - used.memoryBytes;
    };
    let unavailable = 0;
    let insufficient = 0;
    let unsatisfied = 0;
    const candidates: NodeRecord[] = [];
    for (const node of this.nodes()) {
      // A global task is bound to its node from the start.
      if (task.api.NodeID && node.api.ID !== task.api.NodeID) continue;
      // The engine's order: ready and active, then resources, then constraints.
      if (!availableForNewTasks(node.api)) unavailable++;
      else if (!fits(node)) insufficient++;
      else if (!meetsConstraints(node.api, constraints)) unsatisfied++;
      else candidates.push(node);
    }
    if (candidates.length === 0) {
      const reasons: string[] = [];
      if (unavailable) reasons.push(`${count(unavailable)} not available for new tasks`);
      if (insufficient) reasons.push(`insufficient resources on ${count(insufficient)}`);
      if (unsatisfied) reasons.push(`scheduling constraints not satisfied on ${count(unsatisfied)}`);
      return {explanation: reasons.length ? `no suitable node (${reasons.join('; ')})` : 'no suitable node'};
    }
    return {node: this.spread(task, candidates)};
  }

  // Fewest tasks of the same service first, then the least loaded node.
  private spread(task: TaskRecord, candidates: NodeRecord[]): NodeRecord {
    const sameService = new Map<string, number>();
    for (const sibling of task.service.tasks) {
      const nodeId = sibling.api.NodeID;
      if (nodeId && sibling !== task && isWanted(sibling.api.DesiredState)) sameService.set(nodeId, (sameService.get(nodeId) ?? 0) + 1);
    }
    let best: NodeRecord[] = [];
    let bestKey = [Infinity, Infinity];
    for (const node of candidates) {
      const key = [sameService.get(node.api.ID) ?? 0, node.load];
      const cmp = key[0]! - bestKey[0]! || key[1]! - bestKey[1]!;
      if (cmp < 0) {
        best = [node];
        bestKey = key;
      } else if (cmp === 0) best.push(node);
    }
    return this.random.pick(best);
  }
}

/** What the tasks placed on each node and meant to run reserve, as the engine counts it against the node. */
export function reservedByNode(tasks: Iterable<TaskRecord>): Map<string, Reserved> {
  const reserved = new Map<string, Reserved>();
  for (const task of tasks) {
    const nodeId = task.api.NodeID;
    const wanted = task.api.Spec.Resources?.Reservations;
    if (!nodeId || !wanted || !isWanted(task.api.DesiredState) || isTerminal(task.api.Status.State)) continue;
    const entry = reserved.get(nodeId) ?? {nanoCpus: 0, memoryBytes: 0};
    entry.nanoCpus += wanted.NanoCPUs ?? 0;
    entry.memoryBytes += wanted.MemoryBytes ?? 0;
    reserved.set(nodeId, entry);
  }
  return reserved;
}

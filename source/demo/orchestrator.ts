// Keeps each service at its desired shape, as swarmkit's replicated and
// global orchestrators, restart supervisor and task reaper do: one task per
// slot (or per eligible node), replacements for tasks that die or whose node is
// drained, removal of surplus slots, and at most five tasks of history per slot.

import {isBrokenImage} from './catalog.js';
import {TASK_HISTORY_RETENTION, type SimContext} from './context.js';
import type {EngineTask, TaskState} from './engine-types.js';
import type {NodeRecord, ServiceRecord, TaskEnd, TaskRecord} from './records.js';
import {slotKey} from './records.js';
import {eligibleFor, meetsConstraints} from './scheduler.js';
import {isTerminal, isWanted, stateRank} from './task-states.js';

const DEFAULT_RESTART_DELAY_MS = 5000;
// The reaper runs shortly after a task of a removed slot or service is done.
const REAP_DELAY_MS: readonly [number, number] = [100, 700];

export function isGlobal(service: ServiceRecord): boolean {
  const mode = service.api.Spec.Mode;
  return 'Global' in mode || 'GlobalJob' in mode;
}

/** A job runs to completion: its tasks are not replaced when they exit 0. */
export function isJob(service: ServiceRecord): boolean {
  const mode = service.api.Spec.Mode;
  return 'ReplicatedJob' in mode || 'GlobalJob' in mode;
}

/** A task of the job's current run (iteration): cut from the spec as it is now. */
export function ofCurrentRun(task: TaskRecord): boolean {
  return task.templateKey === task.service.templateKey;
}

export function replicasOf(service: ServiceRecord): number {
  const mode = service.api.Spec.Mode;
  return 'Replicated' in mode ? mode.Replicated.Replicas : 0;
}

export class Orchestrator {
  constructor(private readonly ctx: SimContext) {}

  createTask(service: ServiceRecord, slot: number, nodeId: string | undefined, desired: Extract<TaskState, 'running' | 'ready'>): TaskRecord {
    const {store, random, agenda} = this.ctx;
    const stamp = store.stamp();
    const api: EngineTask = {
      ID: random.swarmId(),
      Version: {Index: store.nextIndex()},
      CreatedAt: stamp.text,
      UpdatedAt: stamp.text,
      Labels: {},
      Spec: service.taskSpec,
      ServiceID: service.api.ID,
      ...(slot > 0 ? {Slot: slot} : {}),
      ...(nodeId ? {NodeID: nodeId} : {}),
      Status: {Timestamp: stamp.text, State: 'new', Message: 'created', PortStatus: {}},
      DesiredState: desired,
    };
    const task: TaskRecord = {
      api,
      json: undefined,
      service,
      slot,
      createdMs: agenda.now,
      templateKey: service.templateKey,
      timer: undefined,
      containerId: undefined,
      runningSince: undefined,
      stoppedAt: undefined,
      fate: this.fateOf(service),
      logSeed: random.int(1, 2 ** 30),
      deleted: false,
      watchers: [],
    };
    store.addTask(task);
    this.ctx.lifecycle.launch(task);
    this.reap(service, slotKey(task));
    return task;
  }

  /** How a new container of this service will end by itself, if it will. */
  fateOf(service: ServiceRecord): TaskRecord['fate'] {
    const {random, brokenImages} = this.ctx;
    if (isBrokenImage(service.taskSpec.ContainerSpec.Image, brokenImages)) return {afterMs: random.int(1500, 3500), exitCode: 1};
    const crash = service.behaviour.crash;
    if (crash) return {afterMs: random.between(crash.afterMs), exitCode: crash.exitCode};
    return isJob(service) ? {afterMs: random.between(service.behaviour.runsMs ?? [2000, 5000]), exitCode: 0} : undefined;
  }

  /** Brings a service's tasks to its desired count: add missing slots or nodes, retire surplus ones. */
  reconcile(service: ServiceRecord): void {
    if (service.removed) return;
    if (isJob(service)) this.reconcileJob(service);
    else if (isGlobal(service)) this.reconcileGlobal(service);
    else this.reconcileReplicated(service);
  }

  private reconcileReplicated(service: ServiceRecord): void {
    const bySlot = new Map<number, TaskRecord[]>();
    for (const task of service.tasks) {
      if (!isWanted(task.api.DesiredState)) continue;
      const list = bySlot.get(task.slot) ?? [];
      list.push(task);
      bySlot.set(task.slot, list);
    }
    const want = replicasOf(service);
    const slots = [...bySlot.keys()].sort((a, b) => a - b);
    // Scaling down retires the highest slots.
    for (const slot of slots.slice(want)) for (const task of bySlot.get(slot)!) this.ctx.lifecycle.stop(task, 'remove');
    // Scaling up fills the lowest free slot numbers.
    let missing = want - slots.length;
    for (let slot = 1; missing > 0; slot++) {
      if (bySlot.has(slot)) continue;
      this.createTask(service, slot, undefined, 'running');
      missing--;
    }
  }

  /**
   * A job's current run: a replicated job keeps MaxConcurrent tasks going until
   * TotalCompletions have completed; a global job runs one task per eligible node.
   * A task that completed stays, as the run's record.
   */
  private reconcileJob(service: ServiceRecord): void {
    const current = [...service.tasks].filter(task => ofCurrentRun(task) && (isWanted(task.api.DesiredState) || task.api.Status.State === 'complete'));
    const mode = service.api.Spec.Mode;
    if ('ReplicatedJob' in mode) {
      const completed = current.filter(task => task.api.Status.State === 'complete').length;
      const active = current.length - completed;
      let missing = Math.min(mode.ReplicatedJob.MaxConcurrent, mode.ReplicatedJob.TotalCompletions - completed) - active;
      let slot = Math.max(0, ...current.map(task => task.slot));
      for (; missing > 0; missing--) this.createTask(service, ++slot, undefined, 'running');
      return;
    }
    const constraints = service.taskSpec.Placement.Constraints;
    const covered = new Set(current.map(task => task.api.NodeID));
    for (const node of this.ctx.store.nodes.values()) {
      if (!covered.has(node.api.ID) && node.api.Spec.Availability === 'active' && eligibleFor(node.api, constraints))
        this.createTask(service, 0, node.api.ID, 'running');
    }
  }

  private reconcileGlobal(service: ServiceRecord): void {
    const constraints = service.taskSpec.Placement.Constraints;
    const byNode = new Map<string, TaskRecord[]>();
    for (const task of service.tasks) {
      if (!isWanted(task.api.DesiredState) || !task.api.NodeID) continue;
      const list = byNode.get(task.api.NodeID) ?? [];
      list.push(task);
      byNode.set(task.api.NodeID, list);
    }
    for (const node of this.ctx.store.nodes.values()) {
      const tasks = byNode.get(node.api.ID);
      if (!tasks && eligibleFor(node.api, constraints)) this.createTask(service, 0, node.api.ID, 'running');
      // A paused node keeps its tasks; a drained one, or one that no longer fits, loses them.
      if (tasks && (node.api.Spec.Availability === 'drain' || !meetsConstraints(node.api, constraints))) {
        for (const task of tasks) this.ctx.lifecycle.stop(task, 'shutdown');
      }
    }
  }

  reconcileGlobals(): void {
    for (const service of this.ctx.store.services.values()) if (isGlobal(service) && !isJob(service)) this.reconcile(service);
  }

  /** A node's availability, role or labels changed: move tasks off it if they may no longer run there. */
  nodeChanged(node: NodeRecord): void {
    const drained = node.api.Spec.Availability === 'drain';
    for (const task of [...this.ctx.store.tasks.values()]) {
      if (task.api.NodeID !== node.api.ID || !isWanted(task.api.DesiredState) || isGlobal(task.service)) continue;
      if (drained || !meetsConstraints(node.api, task.api.Spec.Placement.Constraints)) this.restart(task, {delayMs: 0, waitStop: true});
    }
    this.reconcileGlobals();
    // The scheduler looks again at every pending task: it may fit now, or its explanation changed.
    for (const task of this.ctx.scheduler.waiting) this.ctx.lifecycle.retrySchedule(task);
  }

  /** Called by the lifecycle when a task has stopped for good. */
  taskEnded(task: TaskRecord, end: TaskEnd): void {
    if (task.api.DesiredState === 'remove' || task.service.removed) {
      this.ctx.agenda.after(this.ctx.random.between(REAP_DELAY_MS), () => this.ctx.store.deleteTask(task));
      return;
    }
    if (end === 'exited' && isWanted(task.api.DesiredState) && isJob(task.service) && task.api.Status.State === 'complete') {
      // A job's task that completed is done for this run; the next one (if any) starts.
      this.ctx.store.writeTask(task, () => {
        task.api.DesiredState = 'complete';
      });
      this.reconcile(task.service);
    } else if (end === 'exited' && isWanted(task.api.DesiredState)) {
      const policy = task.api.Spec.RestartPolicy;
      const condition = policy?.Condition ?? 'any';
      const exitCode = task.api.Status.ContainerStatus?.ExitCode ?? 0;
      if (condition === 'any' || (condition === 'on-failure' && exitCode !== 0)) {
        const delayMs = policy?.Delay !== undefined ? policy.Delay / 1e6 : DEFAULT_RESTART_DELAY_MS;
        this.restart(task, {delayMs, waitStop: false});
      } else {
        this.ctx.lifecycle.stop(task, 'shutdown');
      }
    }
    this.reap(task.service, slotKey(task));
  }

  /**
   * Replaces a task in its slot: the old one is asked to shut down, the new one
   * prepares at once but only starts once the old has stopped (when asked) and
   * the delay has passed, like swarmkit's restart supervisor.
   */
  restart(task: TaskRecord, options: {delayMs: number; waitStop: boolean}): TaskRecord | undefined {
    const {lifecycle, agenda, store} = this.ctx;
    const service = task.service;
    lifecycle.stop(task, 'shutdown');
    if (service.removed) return undefined;
    let nodeId: string | undefined;
    if (isGlobal(service)) {
      const node = task.api.NodeID ? store.nodes.get(task.api.NodeID) : undefined;
      if (!node || !eligibleFor(node.api, service.taskSpec.Placement.Constraints)) return undefined;
      nodeId = node.api.ID;
    }
    const replacement = this.createTask(service, task.slot, nodeId, 'ready');
    const start = (): void => {
      agenda.after(options.delayMs, () => lifecycle.release(replacement));
    };
    if (options.waitStop && !isTerminal(task.api.Status.State) && stateRank(task.api.Status.State) >= stateRank('assigned')) {
      task.watchers.push(old => {
        if (!isTerminal(old.api.Status.State)) return false;
        start();
        return true;
      });
    } else start();
    return replacement;
  }

  removeService(service: ServiceRecord): void {
    this.ctx.rollouts.cancel(service);
    this.ctx.store.removeService(service);
    for (const task of [...service.tasks]) {
      if (isTerminal(task.api.Status.State)) this.ctx.store.deleteTask(task);
      else this.ctx.lifecycle.stop(task, 'remove');
    }
  }

  /** The task reaper: a slot keeps at most TASK_HISTORY_RETENTION tasks; finished ones go first, oldest first. */
  private reap(service: ServiceRecord, key: string): void {
    const inSlot: TaskRecord[] = [];
    for (const task of service.tasks) if (slotKey(task) === key) inSlot.push(task);
    let excess = inSlot.length - TASK_HISTORY_RETENTION;
    if (excess <= 0) return;
    inSlot.sort((a, b) => a.createdMs - b.createdMs);
    for (const task of inSlot) {
      if (excess <= 0) break;
      const state = task.api.Status.State;
      const finished = isTerminal(state) || (stateRank(state) < stateRank('assigned') && !isWanted(task.api.DesiredState));
      if (!finished) continue;
      this.ctx.store.deleteTask(task);
      excess--;
    }
  }
}

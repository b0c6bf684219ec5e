// Rolling updates and rollbacks, after swarmkit's updater: `Parallelism`
// workers each replace one outdated slot at a time (stop-first or
// start-first), wait for the new task to run, sleep `Delay`, and take the next
// slot; after the last one the update is watched for `Monitor` before it is
// declared complete. A new task failing inside that window triggers the
// FailureAction: pause, continue, or roll back to the previous spec.

import type {SimContext} from './context.js';
import type {EngineUpdateConfig, UpdateState} from './engine-types.js';
import {isGlobal} from './orchestrator.js';
import type {ServiceRecord, TaskRecord} from './records.js';
import {slotKey} from './records.js';
import {applySpec} from './service-spec.js';
import {isTerminal, isWanted, stateRank} from './task-states.js';

export type RolloutKind = 'update' | 'rollback';

interface Policy {
  parallelism: number;
  delayMs: number;
  monitorMs: number;
  failureAction: 'pause' | 'continue' | 'rollback';
  maxFailureRatio: number;
  order: 'stop-first' | 'start-first';
}

// swarmkit's defaults for a service created without update/rollback settings.
function policyOf(config: EngineUpdateConfig | undefined): Policy {
  return {
    parallelism: config?.Parallelism ?? 1,
    delayMs: (config?.Delay ?? 0) / 1e6,
    monitorMs: (config?.Monitor ?? 5e9) / 1e6,
    failureAction: config?.FailureAction ?? 'pause',
    maxFailureRatio: config?.MaxFailureRatio ?? 0,
    order: config?.Order ?? 'stop-first',
  };
}

class Rollout {
  stopped = false;
  private queue: string[];
  private readonly dirtyCount: number;
  private workers = 0;
  private idle = 0;
  // Tasks this rollout created, with the time each reached running (null until then).
  private created = new Map<TaskRecord, number | null>();
  private failed = new Set<TaskRecord>();
  private failures = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly manager: RolloutManager,
    readonly service: ServiceRecord,
    readonly kind: RolloutKind,
    dirty: string[],
    private readonly policy: Policy,
  ) {
    this.queue = dirty;
    this.dirtyCount = dirty.length;
  }

  start(): void {
    this.workers = this.policy.parallelism > 0 ? Math.min(this.policy.parallelism, this.queue.length) : this.queue.length;
    for (let i = 0; i < this.workers; i++) this.work();
  }

  private work(): void {
    if (this.stopped) return;
    const key = this.queue.shift();
    if (key === undefined) {
      if (++this.idle === this.workers) this.monitor();
      return;
    }
    this.replaceSlot(key, () => {
      if (this.stopped) return;
      if (this.policy.delayMs > 0) this.ctx.agenda.after(this.policy.delayMs, () => this.work());
      else this.work();
    });
  }

  private replaceSlot(key: string, done: () => void): void {
    const {orchestrator, lifecycle} = this.ctx;
    const olds = [...this.service.tasks].filter(task => slotKey(task) === key && isWanted(task.api.DesiredState));
    const first = olds[0];
    if (!first || this.service.removed) return done();
    const replacement = orchestrator.createTask(this.service, first.slot, isGlobal(this.service) ? first.api.NodeID : undefined, 'ready');
    this.created.set(replacement, null);
    replacement.watchers.push(task => {
      const state = task.api.Status.State;
      if (stateRank(state) < stateRank('running')) return false;
      this.created.set(task, this.ctx.agenda.now);
      if (this.policy.order === 'start-first' && state === 'running' && !this.stopped) for (const old of olds) lifecycle.stop(old, 'shutdown');
      done();
      return true;
    });
    if (this.policy.order === 'start-first') {
      lifecycle.release(replacement);
      return;
    }
    for (const old of olds) lifecycle.stop(old, 'shutdown');
    const stillStopping = (): boolean =>
      olds.some(old => !old.deleted && !isTerminal(old.api.Status.State) && stateRank(old.api.Status.State) >= stateRank('assigned'));
    if (!stillStopping()) return lifecycle.release(replacement);
    for (const old of olds) {
      old.watchers.push(() => {
        if (stillStopping()) return false;
        if (!this.stopped) lifecycle.release(replacement);
        return true;
      });
    }
  }

  private monitor(): void {
    const {delayMs, monitorMs} = this.policy;
    // As in swarmkit: a delay at least as long as the monitor window stretches it.
    const period = delayMs >= monitorMs ? delayMs + 1000 : monitorMs;
    this.ctx.agenda.after(period, () => {
      if (!this.stopped) this.manager.finish(this);
    });
  }

  /** Watches tasks of this service for failures that count against the update. */
  observe(task: TaskRecord): void {
    if (this.stopped || !this.created.has(task) || this.failed.has(task)) return;
    const state = task.api.Status.State;
    if (state !== 'failed' && state !== 'complete' && state !== 'rejected') return;
    const runningAt = this.created.get(task);
    if (runningAt !== null && runningAt !== undefined && this.ctx.agenda.now - runningAt > this.policy.monitorMs) return;
    this.failed.add(task);
    this.failures++;
    if (this.failures / this.dirtyCount > this.policy.maxFailureRatio) this.manager.failed(this, task, this.policy.failureAction);
  }
}

export class RolloutManager {
  private active = new Map<ServiceRecord, Rollout>();

  constructor(private readonly ctx: SimContext) {}

  isRolling(service: ServiceRecord): boolean {
    return this.active.has(service);
  }

  /** Starts replacing the service's outdated tasks; completes at once if none are outdated. */
  begin(service: ServiceRecord, kind: RolloutKind): void {
    this.cancel(service);
    const dirty = this.dirtySlots(service);
    const status = service.api.UpdateStatus;
    if (dirty.length === 0) {
      if (status?.State === 'updating' || status?.State === 'rollback_started') this.complete(service, kind);
      return;
    }
    if (!status) {
      this.ctx.store.writeService(service, stamp => {
        service.api.UpdateStatus = {State: 'updating', StartedAt: stamp.text, Message: 'update in progress'};
      });
    }
    const config = kind === 'rollback' ? service.api.Spec.RollbackConfig : service.api.Spec.UpdateConfig;
    const rollout = new Rollout(this.ctx, this, service, kind, dirty, policyOf(config));
    this.active.set(service, rollout);
    rollout.start();
  }

  cancel(service: ServiceRecord): void {
    const rollout = this.active.get(service);
    if (!rollout) return;
    rollout.stopped = true;
    this.active.delete(service);
  }

  taskChanged(task: TaskRecord): void {
    this.active.get(task.service)?.observe(task);
  }

  finish(rollout: Rollout): void {
    this.active.delete(rollout.service);
    this.complete(rollout.service, rollout.kind);
  }

  failed(rollout: Rollout, task: TaskRecord, action: Policy['failureAction']): void {
    if (action === 'continue') return;
    const service = rollout.service;
    this.cancel(service);
    const id = task.api.ID;
    // Never roll back a rollback: swarmkit pauses it instead.
    if (action === 'pause' || rollout.kind === 'rollback' || !service.api.PreviousSpec) {
      const paused: UpdateState = rollout.kind === 'rollback' ? 'rollback_paused' : 'paused';
      const verb = rollout.kind === 'rollback' ? 'rollback' : 'update';
      this.setStatus(service, paused, `${verb} paused due to failure or early termination of task ${id}`);
      return;
    }
    const previous = service.api.PreviousSpec;
    this.ctx.store.writeService(service, () => {
      const status = service.api.UpdateStatus;
      service.api.UpdateStatus = {
        State: 'rollback_started',
        ...(status?.StartedAt ? {StartedAt: status.StartedAt} : {}),
        Message: `update rolled back due to failure or early termination of task ${id}`,
      };
      // An automatic rollback consumes the previous spec.
      delete service.api.PreviousSpec;
      applySpec(service, previous, this.ctx.networks);
    });
    this.begin(service, 'rollback');
  }

  private complete(service: ServiceRecord, kind: RolloutKind): void {
    const rollback = kind === 'rollback' || service.api.UpdateStatus?.State === 'rollback_started';
    this.ctx.store.writeService(service, stamp => {
      const status = service.api.UpdateStatus;
      service.api.UpdateStatus = {
        State: rollback ? 'rollback_completed' : 'completed',
        ...(status?.StartedAt ? {StartedAt: status.StartedAt} : {}),
        CompletedAt: stamp.text,
        Message: rollback ? 'rollback completed' : 'update completed',
      };
    });
  }

  private setStatus(service: ServiceRecord, state: UpdateState, message: string): void {
    this.ctx.store.writeService(service, () => {
      service.api.UpdateStatus = {...service.api.UpdateStatus, State: state, Message: message};
    });
  }

  /** Slots whose wanted task runs an outdated spec (or that hold more than one wanted task). */
  private dirtySlots(service: ServiceRecord): string[] {
    const slots = new Map<string, TaskRecord[]>();
    for (const task of service.tasks) {
      if (!isWanted(task.api.DesiredState)) continue;
      const key = slotKey(task);
      slots.set(key, [...(slots.get(key) ?? []), task]);
    }
    const dirty: string[] = [];
    for (const [key, tasks] of slots) {
      if (tasks.length > 1 || tasks[0]!.templateKey !== service.templateKey) dirty.push(key);
    }
    // Replicated slots in slot order, like `docker service ps` shows them.
    return dirty.sort((a, b) => (a[0] === 's' && b[0] === 's' ? Number(a.slice(1)) - Number(b.slice(1)) : a.localeCompare(b)));
  }
}

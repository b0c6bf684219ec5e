// One task's life, as the allocator, scheduler, dispatcher and the node's
// agent would move it: new → pending → assigned → accepted → preparing →
// ready → starting → running, then shutdown, failed or complete. Each step is
// a store write at its own moment on the agenda, with swarmkit's messages.

import type {SimContext} from './context.js';
import type {EngineTaskStatus, TaskState} from './engine-types.js';
import type {TaskRecord} from './records.js';
import {STATE_MESSAGES, isTerminal, isWanted, stateRank} from './task-states.js';

// How long each hop takes, in ms: control-plane hops are quick, preparing
// (image pull and container create) is slow and comes from the service.
const TIMING = {
  allocate: [15, 60],
  schedule: [30, 150],
  accept: [80, 350],
  prepare: [10, 50],
  start: [10, 60],
  run: [150, 800],
  stopUnstarted: [40, 250],
} as const;

export class TaskLifecycle {
  // Tasks that count towards their node's load: from assignment until they end.
  private placed = new WeakSet<TaskRecord>();

  constructor(private readonly ctx: SimContext) {}

  /** Sets a freshly created task on its way. */
  launch(task: TaskRecord): void {
    this.after(task, TIMING.allocate, () => this.allocate(task));
  }

  /** Takes over a task the builder created already running (the swarm's past): its node load and its fate. */
  adoptRunning(task: TaskRecord): void {
    const node = task.api.NodeID ? this.ctx.store.nodes.get(task.api.NodeID) : undefined;
    if (node) {
      node.load++;
      this.placed.add(task);
    }
    const fate = task.fate;
    if (fate && task.runningSince !== undefined) {
      const due = task.runningSince + fate.afterMs - this.ctx.agenda.now;
      this.after(task, [Math.max(0, due), Math.max(0, due)], () => this.exit(task, fate.exitCode));
    }
  }

  /** Lets a task held at `ready` (restart delay, stop-first update) go on to start. */
  release(task: TaskRecord): void {
    if (task.deleted || task.api.DesiredState !== 'ready') return;
    this.ctx.store.writeTask(task, () => {
      task.api.DesiredState = 'running';
    });
    this.notify(task);
    if (task.api.Status.State === 'ready') this.after(task, TIMING.start, () => this.starting(task));
  }

  /** Asks a task to stop; it shuts down after its container has had time to exit. */
  stop(task: TaskRecord, desired: 'shutdown' | 'remove'): void {
    if (task.deleted) return;
    const current = task.api.DesiredState;
    if (current === desired || current === 'remove') return;
    this.ctx.store.writeTask(task, () => {
      task.api.DesiredState = desired;
    });
    const state = task.api.Status.State;
    if (isTerminal(state)) {
      this.notify(task);
      return;
    }
    if (stateRank(state) < stateRank('assigned')) {
      // Never reached a node: nothing to stop, it just stays pending as history.
      this.cancelTimer(task);
      this.ctx.scheduler.waiting.delete(task);
      this.notify(task);
      this.ctx.orchestrator.taskEnded(task, 'stopped');
      return;
    }
    this.notify(task);
    const running = state === 'running';
    const range = running ? task.service.behaviour.stopMs : TIMING.stopUnstarted;
    this.after(task, range, () => {
      this.finish(task, 'shutdown', status => {
        if (status.ContainerStatus) {
          status.ContainerStatus = {...status.ContainerStatus, PID: 0, ExitCode: running ? task.service.behaviour.stopExitCode : 0};
        }
      });
    });
  }

  /** The scheduler gets another go at a pending task (nodes changed). */
  retrySchedule(task: TaskRecord): void {
    if (task.deleted || task.api.Status.State !== 'pending' || !isWanted(task.api.DesiredState)) return;
    this.after(task, TIMING.schedule, () => this.schedule(task));
  }

  // --- the steps -----------------------------------------------------------

  private allocate(task: TaskRecord): void {
    const networks = task.service.networks;
    this.setState(task, 'pending', () => {
      if (networks.length) {
        task.api.NetworksAttachments = networks.map(network => ({Network: network, Addresses: [this.ctx.networks.allocate(network)]}));
      }
    });
    this.after(task, TIMING.schedule, () => this.schedule(task));
  }

  private schedule(task: TaskRecord): void {
    const placement = this.ctx.scheduler.place(task);
    if ('explanation' in placement) {
      this.ctx.scheduler.waiting.add(task);
      if (task.api.Status.Err !== placement.explanation) {
        this.setState(task, 'pending', status => {
          status.Err = placement.explanation;
        });
      }
      return;
    }
    this.ctx.scheduler.waiting.delete(task);
    const node = placement.node;
    node.load++;
    this.placed.add(task);
    this.setState(task, 'assigned', () => {
      task.api.NodeID = node.api.ID;
    });
    this.after(task, TIMING.accept, () => {
      this.setState(task, 'accepted');
      this.after(task, TIMING.prepare, () => {
        this.setState(task, 'preparing');
        this.after(task, task.service.behaviour.prepareMs, () => this.prepared(task));
      });
    });
  }

  private prepared(task: TaskRecord): void {
    task.containerId = this.ctx.random.containerId();
    this.setState(task, 'ready', status => {
      status.ContainerStatus = {ContainerID: task.containerId!, PID: 0, ExitCode: 0};
    });
    if (task.api.DesiredState === 'running') this.after(task, TIMING.start, () => this.starting(task));
  }

  private starting(task: TaskRecord): void {
    this.setState(task, 'starting');
    this.after(task, TIMING.run, () => {
      task.runningSince = this.ctx.agenda.now;
      this.setState(task, 'running', status => {
        status.ContainerStatus = {ContainerID: task.containerId!, PID: this.ctx.random.int(1200, 65000), ExitCode: 0};
      });
      const fate = task.fate;
      if (fate) this.after(task, [fate.afterMs, fate.afterMs], () => this.exit(task, fate.exitCode));
    });
  }

  private exit(task: TaskRecord, exitCode: number): void {
    const failed = exitCode !== 0;
    this.finish(task, failed ? 'failed' : 'complete', status => {
      // swarmkit keeps the message of the last state the agent reported ("started").
      status.Message = failed ? 'started' : 'finished';
      if (failed) status.Err = `task: non-zero exit (${exitCode})`;
      status.ContainerStatus = {ContainerID: task.containerId!, PID: 0, ExitCode: exitCode};
    });
  }

  private finish(task: TaskRecord, state: TaskState, adjust: (status: EngineTaskStatus) => void): void {
    this.cancelTimer(task);
    task.stoppedAt = this.ctx.agenda.now;
    if (this.placed.delete(task)) {
      const node = task.api.NodeID ? this.ctx.store.nodes.get(task.api.NodeID) : undefined;
      if (node) node.load--;
    }
    this.setState(task, state, adjust);
    this.ctx.orchestrator.taskEnded(task, state === 'shutdown' ? 'stopped' : 'exited');
  }

  // --- plumbing ------------------------------------------------------------

  private setState(task: TaskRecord, state: TaskState, adjust?: (status: EngineTaskStatus) => void): void {
    if (task.deleted) return;
    this.ctx.store.writeTask(task, stamp => {
      const previous = task.api.Status;
      const status: EngineTaskStatus = {Timestamp: stamp.text, State: state, Message: STATE_MESSAGES[state] ?? state, PortStatus: {}};
      if (previous.ContainerStatus) status.ContainerStatus = previous.ContainerStatus;
      adjust?.(status);
      // Field order as the engine writes it.
      task.api.Status = {
        Timestamp: status.Timestamp,
        State: status.State,
        Message: status.Message,
        ...(status.Err ? {Err: status.Err} : {}),
        ...(status.ContainerStatus ? {ContainerStatus: status.ContainerStatus} : {}),
        PortStatus: status.PortStatus,
      };
    });
    this.notify(task);
  }

  private notify(task: TaskRecord): void {
    if (task.watchers.length) task.watchers = task.watchers.filter(watcher => !watcher(task));
    this.ctx.rollouts.taskChanged(task);
  }

  private after(task: TaskRecord, range: readonly [number, number], step: () => void): void {
    this.cancelTimer(task);
    task.timer = this.ctx.agenda.after(this.ctx.random.between(range), () => {
      task.timer = undefined;
      if (!task.deleted) step();
    });
  }

  private cancelTimer(task: TaskRecord): void {
    if (task.timer) task.timer.cancelled = true;
    task.timer = undefined;
  }
}

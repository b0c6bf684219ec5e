// DemoSwarm: one simulated swarm on its own clock. Nothing moves until time
// is advanced — by `tick(ms)` in tests, or by a real-time driver in the app —
// and the same seed and ticks always give the same swarm.

import {Agenda} from './agenda.js';
import {type Autopilot, startAutopilot} from './autopilot.js';
import {type ClusterIdentity, buildSwarm} from './build.js';
import {BROKEN_RELEASE} from './catalog.js';
import * as commands from './commands.js';
import type {SimContext} from './context.js';
import {TASK_HISTORY_RETENTION} from './context.js';
import {engineInfo, engineVersion} from './engine-info.js';
import type {EngineNetwork, EngineNode, EngineService, EngineServiceSpec, EngineServiceStatus, EngineTask} from './engine-types.js';
import {TaskLifecycle} from './lifecycle.js';
import {findNode, findService, findTask} from './lookup.js';
import {NetworkPlan} from './networks.js';
import {Orchestrator, isGlobal, isJob, ofCurrentRun, replicasOf} from './orchestrator.js';
import {LARGE, type SizeNumbers, generatedPlan, smallPlan} from './plan.js';
import {Random} from './random.js';
import type {NodeRecord, ServiceRecord, TaskRecord} from './records.js';
import {RolloutManager} from './updater.js';
import {Scheduler, reservedByNode} from './scheduler.js';
import {SwarmStore} from './store.js';
import {StoredObjects} from './stored-objects.js';
import {isTerminal, isWanted} from './task-states.js';
import {rfc3339Nano} from './time.js';

/** `small`, `large`, explicit numbers, or a factor of the large size (2 = 1,000 nodes, 4,000 services, 40,000 tasks). */
export type DemoSize = 'small' | 'large' | number | SizeNumbers;

export interface DemoSwarmOptions {
  size?: DemoSize;
  seed?: number;
  /** Wall-clock time (ms) the simulation starts at; the swarm's history lies before it. */
  startTime?: number;
  /** Play the demo's story on its own: a failing update, rolling updates, scaling. Tests usually turn it off; `held` waits for `autopilot.release()`. */
  autopilot?: boolean | 'held';
  /** How long the swarm runs before startTime so crash loops and pending tasks have a history. */
  warmupMs?: number;
}

export function sizeNumbers(size: DemoSize): SizeNumbers | 'small' {
  if (size === 'small') return 'small';
  if (size === 'large') return LARGE;
  if (typeof size === 'number') {
    if (!(size > 0)) throw new Error(`demo size factor must be positive, got ${size}`);
    return {nodes: Math.round(LARGE.nodes * size), services: Math.round(LARGE.services * size), tasks: Math.round(LARGE.tasks * size)};
  }
  return size;
}

export class DemoSwarm {
  private readonly ctx: SimContext;
  private readonly cluster: ClusterIdentity;
  private readonly advanceListeners = new Set<(now: number) => void>();
  readonly buildMs: number;
  /** The story's remote control; absent when the autopilot is off. */
  readonly autopilot: Autopilot | undefined;

  constructor(options: DemoSwarmOptions = {}) {
    const started = performance.now();
    const startTime = options.startTime ?? Date.now();
    const warmup = options.warmupMs ?? 60_000;
    const random = new Random(options.seed ?? 1);
    const agenda = new Agenda(startTime - warmup);
    const store = new SwarmStore(agenda);
    // The parts refer to each other through the context; it is complete before anything runs.
    const ctx = {agenda, random, store, networks: new NetworkPlan(random), brokenImages: new Set([BROKEN_RELEASE])} as Partial<SimContext> as SimContext;
    Object.assign(ctx, {
      scheduler: new Scheduler(
        () => store.nodes.values(),
        random,
        () => reservedByNode(store.tasks.values()),
      ),
      lifecycle: new TaskLifecycle(ctx),
      orchestrator: new Orchestrator(ctx),
      rollouts: new RolloutManager(ctx),
      stored: new StoredObjects(store, startTime),
    });
    this.ctx = ctx;

    const size = sizeNumbers(options.size ?? 'small');
    const plan = size === 'small' ? smallPlan() : generatedPlan(size, random.fork());
    this.cluster = buildSwarm(ctx, plan);
    agenda.advanceTo(startTime);
    const autopilot = options.autopilot ?? true;
    this.autopilot = autopilot ? startAutopilot(this, random.fork(), {held: autopilot === 'held'}) : undefined;
    this.buildMs = performance.now() - started;
  }

  // --- the clock ---------------------------------------------------------------

  get now(): number {
    return this.ctx.agenda.now;
  }

  tick(ms: number): void {
    this.advanceTo(this.now + ms);
  }

  advanceTo(time: number): void {
    this.ctx.agenda.advanceTo(time);
    for (const listener of this.advanceListeners) listener(this.now);
  }

  /** Called after every advance of the clock: follow-mode streams send what happened since. */
  onAdvance(listener: (now: number) => void): () => void {
    this.advanceListeners.add(listener);
    return () => this.advanceListeners.delete(listener);
  }

  /** Runs `action` at simulation time `time` (used by the autopilot's script). */
  at(time: number, action: () => void): void {
    this.ctx.agenda.at(time, action);
  }

  // --- reading -------------------------------------------------------------------

  get store(): SimContext['store'] {
    return this.ctx.store;
  }

  get events(): SimContext['store']['events'] {
    return this.ctx.store.events;
  }

  nodes(): EngineNode[] {
    return [...this.ctx.store.nodes.values()].map(node => node.api);
  }

  services(): EngineService[] {
    return [...this.ctx.store.services.values()].map(service => service.api);
  }

  networks(): EngineNetwork[] {
    return this.ctx.networks.all();
  }

  tasks(): EngineTask[] {
    return [...this.ctx.store.tasks.values()].map(task => task.api);
  }

  node(ref: string): NodeRecord {
    return findNode(this.ctx.store.nodes, ref);
  }

  /** By ID, name or unique ID prefix; throws the engine's 404 otherwise. */
  service(ref: string): ServiceRecord {
    return findService(this.ctx.store.services, ref);
  }

  task(ref: string): TaskRecord {
    return findTask(this.ctx.store.tasks, ref);
  }

  tasksOf(ref: string): EngineTask[] {
    return [...this.service(ref).tasks].map(task => task.api);
  }

  /** Tasks still wanted (running, or held ready to start), not the history. */
  activeTasks(ref: string): EngineTask[] {
    return [...this.service(ref).tasks].filter(task => isWanted(task.api.DesiredState)).map(task => task.api);
  }

  /** What `GET /services?status=true` adds: running tasks against desired ones. */
  serviceStatus(service: ServiceRecord): EngineServiceStatus {
    let running = 0;
    let wanted = 0;
    let completed = 0;
    for (const task of service.tasks) {
      if (isJob(service) && ofCurrentRun(task) && task.api.Status.State === 'complete') completed++;
      if (task.api.DesiredState !== 'running') continue;
      wanted++;
      if (task.api.Status.State === 'running') running++;
    }
    const mode = service.api.Spec.Mode;
    // As the engine counts a job: a replicated one wants MaxConcurrent, a global one the tasks still to complete.
    const desired = 'ReplicatedJob' in mode ? mode.ReplicatedJob.MaxConcurrent : isGlobal(service) ? wanted : replicasOf(service);
    return {RunningTasks: running, DesiredTasks: desired, CompletedTasks: completed};
  }

  version(): Record<string, unknown> {
    return engineVersion();
  }

  /** GET /info as the leader manager answers it. */
  info(): Record<string, unknown> {
    const {store} = this.ctx;
    const nodes = [...store.nodes.values()];
    const leader = nodes.find(node => node.api.ManagerStatus?.Leader) ?? nodes[0]!;
    const managers = nodes.filter(node => node.api.ManagerStatus).map(node => ({NodeID: node.api.ID, Addr: node.api.ManagerStatus!.Addr}));
    let running = 0;
    let stopped = 0;
    for (const task of store.tasks.values()) {
      if (task.api.NodeID !== leader.api.ID || !task.containerId) continue;
      if (task.api.Status.State === 'running') running++;
      else if (isTerminal(task.api.Status.State)) stopped++;
    }
    const {cluster} = this;
    return engineInfo({
      engineId: cluster.engineId,
      hostname: leader.api.Description.Hostname,
      nodeId: leader.api.ID,
      nodeAddr: leader.api.Status.Addr,
      managers,
      nodeCount: nodes.length,
      containers: {running, stopped},
      cpus: leader.api.Description.Resources.NanoCPUs / 1e9,
      memoryBytes: leader.api.Description.Resources.MemoryBytes,
      now: rfc3339Nano(this.now),
      cluster: {
        ID: cluster.id,
        Version: {Index: cluster.versionIndex},
        CreatedAt: cluster.createdAt,
        UpdatedAt: cluster.updatedAt,
        Spec: {
          Name: 'default',
          Labels: {},
          Orchestration: {TaskHistoryRetentionLimit: TASK_HISTORY_RETENTION},
          Raft: {SnapshotInterval: 10000, KeepOldSnapshots: 0, LogEntriesForSlowFollowers: 500, ElectionTick: 10, HeartbeatTick: 1},
          Dispatcher: {HeartbeatPeriod: 5_000_000_000},
          CAConfig: {NodeCertExpiry: 7_776_000_000_000_000},
          TaskDefaults: {},
          EncryptionConfig: {AutoLockManagers: false},
        },
        TLSInfo: cluster.tls,
        RootRotationInProgress: false,
        DefaultAddrPool: ['10.0.0.0/8'],
        SubnetSize: 24,
        DataPathPort: 4789,
      },
    });
  }

  // --- writing (the API's commands) -------------------------------------------

  updateService(ref: string, version: number | undefined, spec: unknown, options: {rollback?: string} = {}): void {
    commands.updateService(this.ctx, this.service(ref), version, spec, options.rollback);
  }

  removeService(ref: string): void {
    commands.removeService(this.ctx, this.service(ref));
  }

  get stored(): SimContext['stored'] {
    return this.ctx.stored;
  }

  /** Names of the services whose specs refer to the secret or config `id`. */
  storedUsers(kind: 'secret' | 'config', id: string): string[] {
    return [...this.ctx.store.services.values()]
      .filter(service => {
        const container = service.api.Spec.TaskTemplate.ContainerSpec;
        return kind === 'secret' ? (container.Secrets ?? []).some(ref => ref.SecretID === id) : (container.Configs ?? []).some(ref => ref.ConfigID === id);
      })
      .map(service => service.api.Spec.Name)
      .sort();
  }

  updateNode(ref: string, version: number | undefined, spec: unknown): void {
    commands.updateNode(this.ctx, this.node(ref), version, spec);
  }

  // --- conveniences over the commands, as the docker CLI would phrase them -----

  scale(ref: string, replicas: number): void {
    this.changeSpec(ref, spec => ({...spec, Mode: {Replicated: {Replicas: replicas}}}));
  }

  setImage(ref: string, image: string): void {
    this.changeSpec(ref, spec => ({...spec, TaskTemplate: {...spec.TaskTemplate, ContainerSpec: {...spec.TaskTemplate.ContainerSpec, Image: image}}}));
  }

  forceUpdate(ref: string): void {
    this.changeSpec(ref, spec => ({...spec, TaskTemplate: {...spec.TaskTemplate, ForceUpdate: spec.TaskTemplate.ForceUpdate + 1}}));
  }

  rollback(ref: string): void {
    const service = this.service(ref);
    this.updateService(service.api.ID, service.api.Version.Index, undefined, {rollback: 'previous'});
  }

  setAvailability(ref: string, availability: 'active' | 'pause' | 'drain'): void {
    const node = this.node(ref);
    this.updateNode(node.api.ID, node.api.Version.Index, {...node.api.Spec, Availability: availability});
  }

  setRole(ref: string, role: 'manager' | 'worker'): void {
    const node = this.node(ref);
    this.updateNode(node.api.ID, node.api.Version.Index, {...node.api.Spec, Role: role});
  }

  private changeSpec(ref: string, change: (spec: EngineServiceSpec) => EngineServiceSpec): void {
    const service = this.service(ref);
    this.updateService(service.api.ID, service.api.Version.Index, structuredClone(change(service.api.Spec)));
  }
}

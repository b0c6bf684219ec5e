// Reads, at the pane's pace, what only each node's engine knows about the rows
// on screen: usage of the tasks listed (and of every task of the nodes or
// services listed, for their sums), health of tasks with a health check, and
// how ended tasks ended. One round at a time; a node that can't be reached
// costs its own rows only, which then say why.
//
// Each round goes into the store in one update, and only if it changed anything. A round on
// the timer is held until the next change the console draws anyway (the refresh lands every
// interval and redraws the screen): the two updates come in one task, so React draws them as
// one frame and stats cost no frames of their own. Held at most one interval.

import type {ContainerStateReading, NodeEngineReads as NodeEngine} from '../docker/node-engine.js';
import {describeError} from '../docker/errors.js';
import type {ContainerEnd, NodeReach, NodeVolumes, ReachSnapshot, TaskReach, UsageSum} from '../docker/reach.js';
import type {SwarmSnapshot, SwarmTask} from '../docker/types.js';
import {type ClusterStore, applyReach} from './cluster-store.js';
import {type CpuMark, addToSum, cpuMark, cpuPercent, endOf, healthOf, oomEventWindow, usageOf} from './container-usage.js';
import type {NodeReachPool} from './node-reach-pool.js';
import {runLimited} from './run-limited.js';
import {NODE_ROUND_TIMEOUT_MS} from '../docker/limits.js';
import {settlesWithin, withDeadline} from './with-deadline.js';
import {type ContainerJob, healthCheckedServices, listedJob, nodeLabel, readNodeVolumes, sameReach, volumeNodeIds} from './reach-round.js';

export {sameReach};

/** What the screen shows that wants the nodes' engines. */
export interface ReachDemand {
  /** Tasks listed: each one's container on its node. */
  tasks: readonly SwarmTask[];
  /** Nodes listed: every swarm container on them, summed. */
  nodeIds: readonly string[];
  /** Services listed: their containers on every node, summed. */
  serviceIds: readonly string[];
  /** The volumes pane shows: every ready node's own volumes are read. */
  volumes?: boolean;
}

export const NO_REACH_DEMAND: ReachDemand = {tasks: [], nodeIds: [], serviceIds: []};

export const HISTORY_POINTS = 30;
// Requests in flight to one node's engine at a time.
const PER_NODE_CONCURRENCY = 4;
// Containers read per round for whole-node and service sums, shared out among the nodes: beyond
// it a node's sum covers only some of its tasks and says so (partial).
export const LISTED_CONTAINERS_PER_ROUND = 300;
// A round waits for a node at least this long (and at least an interval), within the node's deadline.
const ROUND_WAIT_MS = 1000;

export interface StatsSamplerOptions {
  pool: NodeReachPool;
  store: ClusterStore;
  demand: (snapshot: SwarmSnapshot) => ReachDemand;
  intervalMs: number;
  now?: () => number;
  /** How long a round waits for one node (default NODE_ROUND_TIMEOUT_MS). */
  nodeTimeoutMs?: number;
}

// Task states after which a container does not run again.
const ENDED_STATES = new Set(['complete', 'failed', 'shutdown', 'rejected', 'orphaned', 'remove']);

const containerOf = (task: SwarmTask): string | undefined => task.Status.ContainerStatus?.ContainerID || undefined;

export class StatsSampler {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  // A round's result waiting for the next store update to ride along with.
  private held: ReachSnapshot | undefined;
  private heldTimer: ReturnType<typeof setTimeout> | undefined;
  private publishing = false;
  private unsubscribe: (() => void) | undefined;
  // The next round's result goes in at once: the pane or selection just changed.
  private soon = true;
  private stopped = true;
  private readonly marks = new Map<string, CpuMark>();
  private readonly tasks = new Map<string, TaskReach>();
  // Containers that ended don't change: read once.
  private readonly ended = new Map<string, TaskReach['end']>();
  // Whether a running container has a health check, once read.
  private readonly hasHealth = new Map<string, boolean>();
  private readonly now: () => number;
  // The round each task was last sampled in, to forget tasks long off screen.
  private readonly touched = new Map<string, number>();
  private round = 0;
  /** Requests sent to the nodes' engines so far (for the bench). */
  requests = 0;
  // Nodes whose share of an earlier round is still being answered, and each node's containers last read.
  private readonly answering = new Set<string>();
  private readonly nodeContainers = new Map<string, string[]>();
  private stopping = new AbortController();

  constructor(private readonly options: StatsSamplerOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.stopped = false;
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    this.soon = true;
    this.unsubscribe?.();
    this.unsubscribe = this.options.store.subscribe(() => {
      // Not from inside the store's own notification: a nested update there would reach the
      // listeners after it with the older state. A microtask still lands in the same task.
      if (!this.publishing && this.held) queueMicrotask(() => this.held && this.publish());
    });
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.timer);
    clearTimeout(this.heldTimer);
    this.held = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** A new pane or selection: sample now rather than at the next tick. */
  sampleSoon(): void {
    if (this.stopped) return;
    this.soon = true;
    if (this.running) return;
    this.schedule(50);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    this.running = true;
    const soon = this.soon;
    this.soon = false;
    try {
      const reach = await this.readRound();
      if (reach && !this.stopped) {
        if (soon) this.publish(reach);
        else this.hold(reach);
      }
    } catch {
      // A round that failed as a whole (nothing to read it from) is tried again at the next tick;
      // the console must not fall over for stats.
    } finally {
      this.running = false;
      if (!this.stopped) this.schedule(this.options.intervalMs);
    }
  }

  /** One round over the current demand; the result goes into the store's snapshot at once. */
  async sampleOnce(): Promise<void> {
    const reach = await this.readRound();
    if (reach) this.publish(reach);
  }

  /** Holds a round's result until the store changes anyway, or for at most one interval. */
  private hold(reach: ReachSnapshot): void {
    this.held = reach;
    this.heldTimer ??= setTimeout(() => this.publish(), this.options.intervalMs);
  }

  /** Puts a round's result (or the one held) into the store, unless nothing in it changed. */
  private publish(reach: ReachSnapshot | undefined = this.held): void {
    clearTimeout(this.heldTimer);
    this.heldTimer = undefined;
    this.held = undefined;
    if (!reach) return;
    const current = this.options.store.getState().snapshot?.reach;
    if (current && sameReach(current, reach)) return;
    this.publishing = true;
    try {
      applyReach(this.options.store, reach);
    } finally {
      this.publishing = false;
    }
  }

  /** Reads one round over the current demand. */
  private async readRound(): Promise<ReachSnapshot | undefined> {
    const snapshot = this.options.store.getState().snapshot;
    if (!snapshot) return undefined;
    const demand = this.options.demand(snapshot);
    const nodesById = new Map(snapshot.nodes.map(node => [node.ID, node]));
    const jobsByNode = new Map<string, ContainerJob[]>();
    const addJob = (nodeId: string, job: ContainerJob) => {
      const list = jobsByNode.get(nodeId) ?? [];
      if (!list.some(other => other.containerId === job.containerId)) list.push(job);
      jobsByNode.set(nodeId, list);
    };
    const healthChecked = healthCheckedServices(snapshot.services);
    for (const task of demand.tasks) {
      const containerId = containerOf(task);
      if (!containerId || !task.NodeID) continue;
      const running = task.Status.State === 'running';
      // A container not started yet has no usage and has not ended: read as ended, its "exit 0" would stick.
      if (!running && !ENDED_STATES.has(task.Status.State)) continue;
      // Tasks are kept slim (no spec beyond the image): the service's spec says whether there is a check.
      const hasHealthcheck = healthChecked.has(task.ServiceID);
      if (!running && this.ended.has(containerId)) {
        // Read once: kept in the snapshot (or put back) while its row is wanted, not aged out with the usage of others.
        const end = this.ended.get(containerId);
        if (end && !this.tasks.get(task.ID)?.end) this.tasks.set(task.ID, {...this.blank(task.ID), end});
        this.touched.set(task.ID, this.round);
        continue;
      }
      // A running container is read once to learn whether it has a check (its image may bring one), then each round if it has.
      const checked = this.hasHealth.get(containerId);
      addJob(task.NodeID, {containerId, taskId: task.ID, serviceId: task.ServiceID, running, inspect: !running || hasHealthcheck || checked !== false});
    }
    const listed = new Set(demand.nodeIds);
    // A service's sum needs every node it may run on; beyond the pool's bound that would mean
    // reconnecting to hundreds of nodes each round, so large swarms get no service sums.
    const readyNodes = snapshot.nodes.filter(node => node.Status.State === 'ready');
    const serviceIds = readyNodes.length <= this.options.pool.maxClients ? demand.serviceIds : [];
    if (serviceIds.length > 0) for (const node of readyNodes) listed.add(node.ID);
    const wantVolumes = volumeNodeIds(demand.volumes, readyNodes, this.options.pool.maxClients);
    for (const nodeId of [...listed, ...wantVolumes]) if (!jobsByNode.has(nodeId)) jobsByNode.set(nodeId, []);
    const volumes = new Map<string, NodeVolumes>();
    const nodes = new Map<string, NodeReach>();
    const wanted = new Set(serviceIds);
    const wholeNodes = new Set(demand.nodeIds);
    const nodeUsage = new Map<string, UsageSum>();
    const services = new Map<string, UsageSum>();
    const seen = new Set<string>();

    // Each node's share of the round has its own deadline: one engine that never answers
    // costs its own rows, never another node's (the round ends when the last node has
    // answered or timed out, and a timed-out node waits out the pool's retry period).
    const nodeShare = async (nodeId: string, jobs: ContainerJob[], signal: AbortSignal): Promise<void> => {
      const node = nodesById.get(nodeId);
      if (!node) return;
      const reached = await this.options.pool.engine(node);
      if (signal.aborted) return;
      if ('reason' in reached) {
        nodes.set(nodeId, this.options.pool.known(nodeId) ?? {status: 'unreachable', reason: reached.reason});
        for (const job of jobs) {
          this.tasks.set(job.taskId, {...this.blank(job.taskId), unreachable: `node ${nodeLabel(node)}: ${reached.reason}`});
          this.touched.set(job.taskId, this.round);
        }
        if (wholeNodes.has(nodeId)) nodeUsage.set(nodeId, {cpu: 0, memUsed: 0, tasks: 0, partial: true});
        for (const serviceId of wanted) services.set(serviceId, addToSum(services.get(serviceId), undefined));
        if (wantVolumes.has(nodeId)) volumes.set(nodeId, {reason: reached.reason});
        return;
      }
      nodes.set(nodeId, reached.reach);
      if (wantVolumes.has(nodeId) && reached.engine.volumes) volumes.set(nodeId, await readNodeVolumes(reached.engine, signal, () => this.requests++));
      let all = jobs;
      if (wholeNodes.has(nodeId) || wanted.size > 0) {
        try {
          this.requests++;
          const containers = await reached.engine.swarmContainers(signal);
          const share = Math.max(4, Math.floor(LISTED_CONTAINERS_PER_ROUND / Math.max(1, listed.size)));
          const matching = containers.filter(container => wholeNodes.has(nodeId) || wanted.has(container.serviceId));
          const picked = matching.slice(0, share);
          if (matching.length > share && wholeNodes.has(nodeId)) nodeUsage.set(nodeId, {cpu: 0, memUsed: 0, tasks: 0, partial: true});
          all = [...jobs, ...picked.filter(container => !jobs.some(job => job.containerId === container.containerId)).map(listedJob)];
        } catch (error) {
          if (signal.aborted) return;
          this.options.pool.markFailed(nodeId, error);
          nodes.set(nodeId, this.options.pool.known(nodeId)!);
          return;
        }
      }
      await runLimited(all, PER_NODE_CONCURRENCY, job =>
        signal.aborted ? Promise.resolve() : this.sampleContainer(reached.engine, reached.reach.ncpu, job, signal),
      );
      if (signal.aborted) return;
      // A later round that goes on without this node (still answering) keeps these containers' CPU marks.
      const containerIds = all.map(job => job.containerId);
      this.nodeContainers.set(nodeId, containerIds);
      for (const job of all) {
        seen.add(job.containerId);
        if (!job.running) continue;
        const usage = this.tasks.get(job.taskId)?.usage;
        if (wholeNodes.has(nodeId)) nodeUsage.set(nodeId, addToSum(nodeUsage.get(nodeId), usage));
        if (wanted.has(job.serviceId)) services.set(job.serviceId, addToSum(services.get(job.serviceId), usage));
      }
    };
    const timeoutMs = this.options.nodeTimeoutMs ?? NODE_ROUND_TIMEOUT_MS;
    // The round waits this long for a node; one still answering goes on beside later rounds
    // (its rows land in the round after it answers) until its own deadline.
    const waitMs = Math.min(timeoutMs, Math.max(ROUND_WAIT_MS, this.options.intervalMs));
    const last = this.held ?? this.options.store.getState().snapshot?.reach;
    const carry = (nodeId: string) => {
      const known = this.options.pool.known(nodeId) ?? last?.nodes.get(nodeId);
      if (known) nodes.set(nodeId, known);
      const usage = last?.nodeUsage.get(nodeId);
      if (usage && wholeNodes.has(nodeId)) nodeUsage.set(nodeId, usage);
      for (const containerId of this.nodeContainers.get(nodeId) ?? []) seen.add(containerId);
      if (wantVolumes.has(nodeId) && last?.volumes?.has(nodeId)) volumes.set(nodeId, last.volumes.get(nodeId)!);
    };
    const timedOut = (nodeId: string, jobs: readonly ContainerJob[]) => {
      // What it did not answer says why; it is tried again after the pool's retry period.
      const node = nodesById.get(nodeId);
      const reason = `no answer from node ${node ? nodeLabel(node) : nodeId} in ${timeoutMs / 1000} s`;
      this.options.pool.markFailed(nodeId, new Error(reason));
      nodes.set(nodeId, this.options.pool.known(nodeId) ?? {status: 'unreachable', reason});
      for (const job of jobs) {
        seen.add(job.containerId);
        this.tasks.set(job.taskId, {...this.blank(job.taskId), unreachable: reason});
        this.touched.set(job.taskId, this.round);
      }
      if (wholeNodes.has(nodeId)) nodeUsage.set(nodeId, {cpu: 0, memUsed: 0, tasks: 0, partial: true});
      if (wantVolumes.has(nodeId)) volumes.set(nodeId, {reason});
    };
    await Promise.all(
      [...jobsByNode].map(async ([nodeId, jobs]) => {
        if (this.answering.has(nodeId)) return carry(nodeId);
        const share = withDeadline(timeoutMs, signal => nodeShare(nodeId, jobs, signal), this.stopping.signal).then(late => late && timedOut(nodeId, jobs));
        if (await settlesWithin(share, waitMs)) return;
        this.answering.add(nodeId);
        void share.finally(() => this.answering.delete(nodeId));
        carry(nodeId);
      }),
    );
    for (const containerId of this.marks.keys()) if (!seen.has(containerId)) this.marks.delete(containerId);
    for (const nodeId of this.nodeContainers.keys()) if (!jobsByNode.has(nodeId)) this.nodeContainers.delete(nodeId);
    for (const containerId of this.hasHealth.keys()) if (!seen.has(containerId)) this.hasHealth.delete(containerId);
    this.round++;
    for (const [taskId, round] of this.touched) {
      if (this.round - round > HISTORY_POINTS) {
        this.touched.delete(taskId);
        this.tasks.delete(taskId);
      }
    }
    const previous = this.held ?? this.options.store.getState().snapshot?.reach;
    // Nodes not asked about this round keep what was last known of them (held, or shown).
    const allNodes = new Map(previous?.nodes ?? []);
    for (const [nodeId, reach] of nodes) allNodes.set(nodeId, reach);
    return {nodes: allNodes, tasks: new Map(this.tasks), services, nodeUsage, ...(demand.volumes ? {volumes} : {})};
  }

  private blank(taskId: string): TaskReach {
    const known = this.tasks.get(taskId);
    return {cpuHistory: known?.cpuHistory ?? [], memHistory: known?.memHistory ?? [], ...(known?.end ? {end: known.end} : {})};
  }

  /** An end the engine read as a plain exit 137, checked against its event log for an OOM kill. */
  private async withOomEvent(
    engine: NodeEngine,
    containerId: string,
    state: ContainerStateReading,
    end: ContainerEnd,
    signal: AbortSignal,
  ): Promise<{end: ContainerEnd; final: boolean}> {
    const window = oomEventWindow(state, end, this.now());
    if (!window) return {end, final: true};
    try {
      this.requests++;
      if (await engine.oomEventLogged(containerId, {since: window.since, until: window.until}, signal)) return {end: {...end, oomKilled: true}, final: true};
      return {end, final: window.final};
    } catch {
      // An engine that can't answer for its events: the exit code is all there is to say.
      return {end, final: true};
    }
  }

  private async sampleContainer(engine: NodeEngine, cores: number, job: ContainerJob, signal: AbortSignal): Promise<void> {
    const entry: TaskReach = this.blank(job.taskId);
    try {
      if (job.running) {
        this.requests++;
        const reading = await engine.stats(job.containerId, signal);
        const mark = cpuMark(reading, this.now());
        const previous = this.marks.get(job.containerId);
        if (mark) this.marks.set(job.containerId, mark);
        const cpu = previous && mark ? cpuPercent(previous, mark, cores) : undefined;
        entry.usage = usageOf(reading, cpu, cores);
        if (cpu !== undefined) entry.cpuHistory = [...entry.cpuHistory, cpu].slice(-HISTORY_POINTS);
        if (entry.usage.memUsed !== undefined) entry.memHistory = [...entry.memHistory, entry.usage.memUsed].slice(-HISTORY_POINTS);
      }
      if (job.inspect) {
        this.requests++;
        const state = await engine.inspect(job.containerId, signal);
        const health = healthOf(state);
        if (health) entry.health = health;
        this.hasHealth.set(job.containerId, Boolean(health));
        const end = endOf(state);
        if (end) {
          const {end: confirmed, final} = await this.withOomEvent(engine, job.containerId, state, end, signal);
          entry.end = confirmed;
          if (!job.running && final) this.ended.set(job.containerId, confirmed);
        }
        if (state.RestartCount !== undefined) entry.restarts = state.RestartCount;
      }
    } catch (error) {
      // The node's share of the round ran out: the round has already said so for its rows.
      if (signal.aborted) return;
      // A container already removed (task history pruned) or one request refused: only this row says so.
      entry.unreachable = describeError(error);
      if (!job.running) this.ended.set(job.containerId, undefined);
    }
    if (signal.aborted) return;
    this.tasks.set(job.taskId, entry);
    this.touched.set(job.taskId, this.round);
  }
}

// The demo's nodes' own engines, for stats, health and ends: each container a
// steady load of its own (from its ID) with a slow swing, memory likewise, a
// task ended with 137 under a memory limit reads as OOM killed, and a service
// with a health check reads healthy while it runs. In process: reading them
// over the nodes' sockets (node-sockets.ts, which serve `x`) would cost a
// request per container per round for nothing the console would see.

import type {ContainerStateReading, ContainerStatsReading, NodeEngine, SwarmContainer} from '../docker/node-engine.js';
import type {EngineTask} from './engine-types.js';
import type {ReadList} from '../docker/decode/set-aside.js';
import {decodeVolume} from '../docker/decode/volume.js';
import {unwrapList} from '../docker/list-stream.js';
import type {SwarmVolume} from '../docker/types.js';
import {removeVolumeOn, volumesOn} from './volumes.js';

/** Decoded as a real node's answer is. */
function decodeVolumes(list: unknown[]): ReadList<SwarmVolume> {
  return unwrapList({Volumes: list}, 'Volumes', decodeVolume);
}
import type {DemoSwarm} from './swarm.js';

const MIB = 1024 * 1024;

function hash(text: string): number {
  let value = 2166136261;
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 16777619);
  return (value >>> 0) / 2 ** 32;
}

// Indexed once per moment of the simulation: a large demo has 20,000 tasks and every row asks.
const indexes = new WeakMap<DemoSwarm, {now: number; byContainer: Map<string, EngineTask>; byNode: Map<string, EngineTask[]>}>();

function indexOf(swarm: DemoSwarm) {
  const known = indexes.get(swarm);
  if (known && known.now === swarm.now) return known;
  const byContainer = new Map<string, EngineTask>();
  const byNode = new Map<string, EngineTask[]>();
  for (const task of swarm.tasks()) {
    const containerId = task.Status.ContainerStatus?.ContainerID;
    if (containerId) byContainer.set(containerId, task);
    if (task.NodeID) {
      const list = byNode.get(task.NodeID);
      if (list) list.push(task);
      else byNode.set(task.NodeID, [task]);
    }
  }
  const index = {now: swarm.now, byContainer, byNode};
  indexes.set(swarm, index);
  return index;
}

function taskOfContainer(swarm: DemoSwarm, containerId: string): EngineTask | undefined {
  return indexOf(swarm).byContainer.get(containerId);
}

function notFound(containerId: string): Error {
  return Object.assign(new Error(`No such container: ${containerId}`), {statusCode: 404, json: {message: `No such container: ${containerId}`}});
}

export class DemoNodeEngine implements NodeEngine {
  constructor(
    private readonly swarm: DemoSwarm,
    private readonly nodeId: string,
    /** Opens the node's exec socket (node-sockets.ts), or finds it open: the node counts as reached once it listens. */
    private readonly socket: () => Promise<void> = () => Promise.resolve(),
    /** Told the node's tasks whenever the engine is read at a new moment: what its exec socket serves. */
    private readonly onRead: (tasks: readonly EngineTask[]) => void = () => undefined,
  ) {}

  private readAt = Number.NaN;

  /** Hands the node's tasks on once per moment, from the index the read itself needed. */
  private read(): void {
    if (this.readAt === this.swarm.now) return;
    this.readAt = this.swarm.now;
    this.onRead(indexOf(this.swarm).byNode.get(this.nodeId) ?? []);
  }

  private node() {
    return this.swarm.nodes().find(node => node.ID === this.nodeId);
  }

  async info() {
    const listening = this.socket();
    this.read();
    await listening;
    const node = this.node();
    if (!node || node.Status.State !== 'ready')
      throw Object.assign(new Error(`connect ECONNREFUSED: the engine of ${node?.Description.Hostname ?? this.nodeId} is down`), {code: 'ECONNREFUSED'});
    return {ncpu: Math.round(node.Description.Resources.NanoCPUs / 1e9), memTotal: node.Description.Resources.MemoryBytes, nodeId: this.nodeId};
  }

  async volumes(): Promise<ReadList<SwarmVolume>> {
    this.read();
    return decodeVolumes(volumesOn(this.swarm, this.nodeId));
  }

  async removeVolume(name: string): Promise<void> {
    removeVolumeOn(this.swarm, this.nodeId, name);
  }

  async swarmContainers(): Promise<SwarmContainer[]> {
    this.read();
    return (indexOf(this.swarm).byNode.get(this.nodeId) ?? [])
      .filter(task => task.NodeID === this.nodeId && task.Status.State === 'running' && task.Status.ContainerStatus?.ContainerID)
      .map(task => ({containerId: task.Status.ContainerStatus!.ContainerID, taskId: task.ID, serviceId: task.ServiceID}));
  }

  async stats(containerId: string): Promise<ContainerStatsReading> {
    // A socket lost with the exec process opens again while the node is in use.
    this.socket().catch(() => undefined);
    const task = taskOfContainer(this.swarm, containerId);
    this.read();
    if (!task || task.NodeID !== this.nodeId) throw notFound(containerId);
    const node = this.node();
    const cores = Math.max(1, Math.round((node?.Description.Resources.NanoCPUs ?? 1e9) / 1e9));
    const seed = hash(containerId);
    const seconds = this.swarm.now / 1000;
    // A steady share of a core (most tasks idle, a few busy) and a swing of up to half of it: the counter only grows.
    const load = seed < 0.7 ? seed * 0.05 : seed < 0.95 ? 0.05 + (seed - 0.7) * 1.2 : 0.5 + (seed - 0.95) * 10;
    const period = 20 + seed * 40;
    const totalSeconds = load * seconds + 0.5 * load * period * (1 - Math.cos(seconds / period));
    const limit = task.Spec.Resources.Limits.MemoryBytes || node?.Description.Resources.MemoryBytes || 1024 * MIB;
    const base = (4 + seed * 250) * MIB;
    const memory = Math.min(limit * 0.97, base * (1 + 0.1 * Math.sin(seconds / period)));
    return {
      read: new Date(this.swarm.now).toISOString(),
      cpu_stats: {cpu_usage: {total_usage: Math.round(totalSeconds * 1e9)}, system_cpu_usage: Math.round(seconds * cores * 1e9), online_cpus: cores},
      memory_stats: {usage: Math.round(memory), limit},
      networks: {eth0: {rx_bytes: Math.round(seconds * seed * 20_000), tx_bytes: Math.round(seconds * seed * 8_000)}},
    };
  }

  async inspect(containerId: string): Promise<ContainerStateReading> {
    const task = taskOfContainer(this.swarm, containerId);
    this.read();
    if (!task || task.NodeID !== this.nodeId) throw notFound(containerId);
    const running = task.Status.State === 'running';
    const exitCode = task.Status.ContainerStatus?.ExitCode ?? 0;
    const limit = task.Spec.Resources.Limits.MemoryBytes;
    const healthcheck = (task.Spec.ContainerSpec as {Healthcheck?: {Test?: string[]}}).Healthcheck;
    return {
      State: {
        Running: running,
        ExitCode: running ? 0 : exitCode,
        OOMKilled: !running && exitCode === 137 && Boolean(limit),
        ...(healthcheck?.Test ? {Health: {Status: running ? 'healthy' : 'unhealthy', FailingStreak: 0, Log: [{ExitCode: 0, Output: 'ok'}]}} : {}),
      },
      ...(limit ? {HostConfig: {Memory: limit}} : {}),
    };
  }

  async oomEventLogged(): Promise<boolean> {
    // The simulated engine sets OOMKilled itself whenever a limited task ended with 137: no other OOM to find.
    return false;
  }

  async exec(): Promise<never> {
    // A shell is a child process on the terminal (exec-helper), which reaches the node's socket instead.
    throw new Error("the demo's shells are served on each node's socket, not in process");
  }

  close(): void {}
}

// One node's own engine: what the manager's API lacks (container stats, health,
// OOM state, exec) read from the engine that runs the container. Clients are
// built by the project's normal construction (dockerodeOptions), so an ssh://
// node goes through the same transport as an ssh:// manager. The reads the stats
// sampler repeats every round go through a kept-alive JSON client (engine-json.ts);
// exec, which hijacks its connection, through dockerode.

import type {Duplex} from 'node:stream';
import type Dockerode from 'dockerode';
import {type ClientTuning, createDockerClient, dockerodeOptions} from './client-options.js';
import type {Endpoint} from './endpoint.js';
import {decodeContainerList, decodeContainerState, decodeEventAction, decodeExecEnd, decodeInfo, decodeStats} from './decode/engine.js';
import {EngineJsonClient} from './engine-json.js';
import type {ReadList} from './decode/set-aside.js';
import {decodeVolume} from './decode/volume.js';
import {unwrapList} from './list-stream.js';
import type {SwarmVolume} from './types.js';
import {type EngineEvent, EventResource} from './events.js';
import {type ContainerId, containerId as checkedContainerId, execId, pathSegment} from './ids.js';

/** The part of GET /containers/{id}/stats?stream=false&one-shot=true that is used. */
export interface ContainerStatsReading {
  read?: string;
  cpu_stats?: {cpu_usage?: {total_usage?: number}; system_cpu_usage?: number; online_cpus?: number};
  memory_stats?: {usage?: number; limit?: number; stats?: Record<string, number>};
  networks?: Record<string, {rx_bytes?: number; tx_bytes?: number}>;
}

/** The part of GET /containers/{id}/json about how the container runs or ended. */
export interface ContainerStateReading {
  State?: {
    Status?: string;
    Running?: boolean;
    OOMKilled?: boolean;
    ExitCode?: number;
    Error?: string;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: {Status?: string; FailingStreak?: number; Log?: {Start?: string; End?: string; ExitCode?: number; Output?: string}[]};
  };
  RestartCount?: number;
  HostConfig?: {Memory?: number; NanoCpus?: number};
}

export interface NodeEngineInfo {
  ncpu: number;
  memTotal: number;
  nodeId: string;
}

/** A swarm task's container as the node lists it. */
export interface SwarmContainer {
  containerId: string;
  taskId: string;
  serviceId: string;
}

export interface ExecSession {
  stream: Duplex;
  resize(rows: number, columns: number): Promise<void>;
  /** The command's exit code once it ended. */
  exitCode(): Promise<number | undefined>;
}

export interface NodeEngine {
  info(signal?: AbortSignal): Promise<NodeEngineInfo>;
  swarmContainers(signal?: AbortSignal): Promise<SwarmContainer[]>;
  stats(containerId: string, signal?: AbortSignal): Promise<ContainerStatsReading>;
  inspect(containerId: string, signal?: AbortSignal): Promise<ContainerStateReading>;
  /** Whether the engine logged an "oom" event for the container in the window (ms since the epoch). */
  oomEventLogged(containerId: string, window: {since: number; until: number}, signal?: AbortSignal): Promise<boolean>;
  exec(containerId: string, command: readonly string[], size: {rows: number; columns: number}): Promise<ExecSession>;
  /** The node's own volumes (GET /volumes), each decoded; optional: an engine without it lists none. */
  volumes?(signal?: AbortSignal): Promise<ReadList<SwarmVolume>>;
  /** Removes one of the node's own volumes (DELETE /volumes/{name}, never forced): the engine refuses one in use. */
  removeVolume?(name: string): Promise<void>;
  /**
   * The engine's events for swarm task containers that start, die or change health, as they
   * happen (see EventSource). Optional: an engine without it is not followed.
   */
  taskContainerEvents?(signal: AbortSignal): Promise<AsyncIterable<EngineEvent>>;
  close(): void;
}

/** The label a service's task containers carry on their node. */
export const SERVICE_ID_LABEL = 'com.docker.swarm.service.id';
/** The container events that move a task (a health check's exec events, every few seconds, do not). */
export const TASK_CONTAINER_ACTIONS = ['start', 'die', 'oom', 'health_status'] as const;

/** A node's engine as the console's own process uses it: reads only. Exec runs in the shell's helper process alone (app/exec-helper.ts). */
export type NodeEngineReads = Omit<NodeEngine, 'exec' | 'removeVolume'>;

export class DockerNodeEngine implements NodeEngine {
  constructor(
    private readonly docker: Dockerode,
    private readonly json: EngineJsonClient,
  ) {}

  /** `tuning.sshArgs`: the console's own ssh arguments (--ssh-opt, SWARMTOP_SSH_OPTS), for an ssh:// node as for the manager. */
  static connect(endpoint: Endpoint, tuning: ClientTuning = {}, apiVersion?: string): DockerNodeEngine {
    return new DockerNodeEngine(
      createDockerClient(endpoint, apiVersion, tuning),
      new EngineJsonClient(dockerodeOptions(endpoint, apiVersion, process.env, tuning), endpoint.url),
    );
  }

  async info(signal?: AbortSignal): Promise<NodeEngineInfo> {
    const info = decodeInfo(await this.json.get<unknown>('/info', {}, signal));
    return {ncpu: info.NCPU ?? 0, memTotal: info.MemTotal ?? 0, nodeId: info.Swarm?.NodeID ?? ''};
  }

  async swarmContainers(signal?: AbortSignal): Promise<SwarmContainer[]> {
    const list = decodeContainerList(
      await this.json.get<unknown>('/containers/json', {filters: JSON.stringify({label: ['com.docker.swarm.task.id']})}, signal),
    );
    return list.map(container => ({
      containerId: container.Id,
      taskId: container.Labels?.['com.docker.swarm.task.id'] ?? '',
      serviceId: container.Labels?.[SERVICE_ID_LABEL] ?? '',
    }));
  }

  async stats(containerId: string, signal?: AbortSignal): Promise<ContainerStatsReading> {
    // one-shot: the engine skips priming a second reading (it still answers at its next
    // collection tick); CPU % comes from the difference between two of our own readings.
    return decodeStats(await this.json.get<unknown>(containerPath(checkedContainerId(containerId), 'stats'), {stream: false, 'one-shot': true}, signal));
  }

  async inspect(containerId: string, signal?: AbortSignal): Promise<ContainerStateReading> {
    return decodeContainerState(await this.json.get<unknown>(containerPath(checkedContainerId(containerId), 'json'), {}, signal));
  }

  async oomEventLogged(containerId: string, window: {since: number; until: number}, signal?: AbortSignal): Promise<boolean> {
    // `until` in the past: the engine answers from its event log (the last 256 events) and ends the body.
    const seconds = (ms: number) => (ms / 1000).toFixed(3);
    const filters = JSON.stringify({type: ['container'], container: [checkedContainerId(containerId)], event: ['oom']});
    const events = (await this.json.getLines<unknown>('/events', {since: seconds(window.since), until: seconds(window.until), filters}, signal)).map(
      decodeEventAction,
    );
    return events.some(event => (event.Action ?? event.status) === 'oom');
  }

  async volumes(signal?: AbortSignal): Promise<ReadList<SwarmVolume>> {
    // Bounded as every list is (limits.ts matches GET /volumes by its record in lists.ts).
    return unwrapList(await this.json.get<unknown>('/volumes', {}, signal), 'Volumes', decodeVolume);
  }

  async removeVolume(name: string): Promise<void> {
    // The name goes into the path: only one of the engine's own shape.
    await this.docker.getVolume(encodeURIComponent(volumeName(name))).remove({});
  }

  taskContainerEvents(signal: AbortSignal): Promise<AsyncIterable<EngineEvent>> {
    // `health_status` matches every `health_status: …` action (the engine matches it by prefix).
    const filters = {event: TASK_CONTAINER_ACTIONS, label: [SERVICE_ID_LABEL]};
    return new EventResource(this.docker, ['container'], filters).openEvents(signal);
  }

  async exec(containerId: string, command: readonly string[], size: {rows: number; columns: number}): Promise<ExecSession> {
    // dockerode puts the ID into the path as it is: only a checked one goes there.
    const exec = await this.docker.getContainer(pathSegment(checkedContainerId(containerId))).exec({
      Cmd: [...command],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: [`COLUMNS=${size.columns}`, `LINES=${size.rows}`],
    });
    // The exec's ID comes back from the engine and goes into the next paths (start, resize, inspect).
    execId(exec.id);
    const stream = (await exec.start({hijack: true, stdin: true, Tty: true})) as Duplex;
    return {
      stream,
      resize: async (rows, columns) => {
        await exec.resize({h: rows, w: columns});
      },
      exitCode: async () => decodeExecEnd(await exec.inspect()).ExitCode,
    };
  }

  close(): void {
    // The kept-alive reads' idle connections; dockerode's (exec) close when idle, and an ssh
    // transport ends with the process.
    this.json.close();
  }
}

/** A volume name as the engine makes them (`[a-zA-Z0-9][a-zA-Z0-9_.-]*`); anything else is refused before a request. */
export function volumeName(name: string): string {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) throw new Error(`not a volume name: ${JSON.stringify(name.slice(0, 80))}`);
  return name;
}

function containerPath(id: ContainerId, action: 'stats' | 'json'): string {
  return `/containers/${pathSegment(id)}/${action}`;
}

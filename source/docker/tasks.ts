import type Dockerode from 'dockerode';
import {LIST_STATUS_CODES, streamJsonArray} from './list-stream.js';
import type {Listable} from './capabilities.js';
import type {SwarmTask, TaskScope} from './types.js';

/** The engine's task filters for a scope; undefined for every task. */
export function taskFilters(scope: TaskScope): Record<string, string[]> | undefined {
  switch (scope.kind) {
    case 'running':
      return {'desired-state': ['running']};
    case 'service':
      return {service: [scope.serviceId]};
    case 'node':
      return {node: [scope.nodeId]};
    default:
      return undefined;
  }
}

/**
 * A task as the panes use it. The engine's task carries its whole spec and network
 * attachments, several times what is drawn: on a swarm of tens of thousands of tasks
 * keeping only these fields is most of the console's memory.
 */
export function slimTask(task: SwarmTask): SwarmTask {
  const status = task.Status;
  const container = status.ContainerStatus;
  const image = task.Spec?.ContainerSpec?.Image;
  // What rollouts compare (image, the restart counter) and what the scheduler counts against
  // a node (reservations): why-pending, the nodes pane's reserved columns and the rollout view.
  const forceUpdate = task.Spec?.ForceUpdate;
  const reservations = task.Spec?.Resources?.Reservations;
  const spec: NonNullable<SwarmTask['Spec']> = {
    ...(image !== undefined && {ContainerSpec: {Image: image}}),
    ...(forceUpdate !== undefined && {ForceUpdate: forceUpdate}),
    ...((reservations?.MemoryBytes || reservations?.NanoCPUs) && {
      Resources: {
        Reservations: {
          ...(reservations.MemoryBytes && {MemoryBytes: reservations.MemoryBytes}),
          ...(reservations.NanoCPUs && {NanoCPUs: reservations.NanoCPUs}),
        },
      },
    }),
  };
  return {
    ID: task.ID,
    Version: {Index: task.Version.Index},
    CreatedAt: task.CreatedAt,
    UpdatedAt: task.UpdatedAt,
    ...(task.Name !== undefined && {Name: task.Name}),
    ServiceID: task.ServiceID,
    ...(task.Slot !== undefined && {Slot: task.Slot}),
    ...(task.NodeID !== undefined && {NodeID: task.NodeID}),
    DesiredState: task.DesiredState,
    ...(Object.keys(spec).length > 0 && {Spec: spec}),
    Status: {
      Timestamp: status.Timestamp,
      State: status.State,
      ...(status.Message !== undefined && {Message: status.Message}),
      ...(status.Err !== undefined && {Err: status.Err}),
      ...(container && {ContainerStatus: {ContainerID: container.ContainerID, ExitCode: container.ExitCode}}),
    },
  };
}

export class TaskResource implements Listable<SwarmTask> {
  constructor(private readonly docker: Dockerode) {}

  /** The tasks in `scope` (default all, history included), filtered by the engine. */
  async list(signal?: AbortSignal, scope: TaskScope = {kind: 'all'}): Promise<SwarmTask[]> {
    if (scope.kind === 'none') return [];
    const filters = taskFilters(scope);
    // Streamed and parsed task by task rather than as one body: only the slim task kept from each survives.
    const tasks: SwarmTask[] = [];
    await streamJsonArray(
      this.docker,
      {path: '/tasks?', options: filters ? {filters} : {}, statusCodes: {...LIST_STATUS_CODES, 400: 'bad parameter'}},
      signal,
      text => tasks.push(slimTask(JSON.parse(text) as SwarmTask)),
    );
    return tasks;
  }
}

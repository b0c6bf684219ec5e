// A task of GET /tasks, kept as the panes use it. The engine's task carries its whole
// spec and network attachments, several times what is drawn: on a swarm of tens of
// thousands of tasks keeping only these fields is most of the console's memory, so
// the decoder reads just them and builds the slim task in the same pass.

import type {SwarmTask, TaskState} from '../types.js';
import {type JsonObject, isObject, num, oneOf, str} from './guards.js';
import {unreadable} from './common.js';
import type {ElementDecoder} from './set-aside.js';

export const TASK_STATES: readonly TaskState[] = [
  'new',
  'allocated',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
  'running',
  'complete',
  'shutdown',
  'failed',
  'rejected',
  'remove',
  'orphaned',
];

const taskState = oneOf(TASK_STATES);
const state = (value: unknown): SwarmTask['DesiredState'] => taskState(value) ?? 'unknown';
const NO_OBJECT: JsonObject = {};
const objectOr = (value: unknown): JsonObject => (isObject(value) ? value : NO_OBJECT);

// What rollouts compare (image, the restart counter) and what the scheduler counts against
// a node (reservations): why-pending, the nodes pane's reserved columns and the rollout view.
function slimSpec(value: unknown): SwarmTask['Spec'] {
  if (!isObject(value)) return undefined;
  const image = str(objectOr(value.ContainerSpec).Image);
  const forceUpdate = num(value.ForceUpdate);
  const reservations = objectOr(objectOr(value.Resources).Reservations);
  const memory = num(reservations.MemoryBytes);
  const cpus = num(reservations.NanoCPUs);
  if (image === undefined && forceUpdate === undefined && !memory && !cpus) return undefined;
  return {
    ...(image !== undefined && {ContainerSpec: {Image: image}}),
    ...(forceUpdate !== undefined && {ForceUpdate: forceUpdate}),
    ...((memory || cpus) && {Resources: {Reservations: {...(memory && {MemoryBytes: memory}), ...(cpus && {NanoCPUs: cpus})}}}),
  };
}

function slimStatus(value: unknown): SwarmTask['Status'] {
  const status = objectOr(value);
  const message = str(status.Message);
  const err = str(status.Err);
  const container = status.ContainerStatus;
  return {
    Timestamp: str(status.Timestamp),
    State: state(status.State),
    ...(message !== undefined && {Message: message}),
    ...(err !== undefined && {Err: err}),
    ...(isObject(container) && {ContainerStatus: {ContainerID: str(container.ContainerID), ExitCode: num(container.ExitCode)}}),
  };
}

export const decodeTask: ElementDecoder<SwarmTask> = value => {
  const refused = unreadable(value, 'ID', false);
  if (refused) return refused;
  const task = value as JsonObject;
  const name = str(task.Name);
  const slot = num(task.Slot);
  const nodeId = str(task.NodeID);
  const spec = slimSpec(task.Spec);
  return {
    ID: task.ID as string,
    Version: {Index: num(objectOr(task.Version).Index) ?? 0},
    CreatedAt: str(task.CreatedAt),
    UpdatedAt: str(task.UpdatedAt),
    ...(name !== undefined && {Name: name}),
    ServiceID: str(task.ServiceID) ?? '',
    ...(slot !== undefined && {Slot: slot}),
    ...(nodeId !== undefined && {NodeID: nodeId}),
    DesiredState: state(task.DesiredState),
    ...(spec && {Spec: spec}),
    Status: slimStatus(task.Status),
  };
};

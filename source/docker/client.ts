import type Dockerode from 'dockerode';
import type {
  AvailabilitySettable,
  ImageSettable,
  Listable,
  Removable,
  Restartable,
  RoleSettable,
  RollbackCapable,
  Scalable,
} from './capabilities.js';
import {NodeResource} from './nodes.js';
import {ServiceResource} from './services.js';
import {TaskResource} from './tasks.js';
import type {SwarmNode, SwarmService, SwarmSnapshot, SwarmTask} from './types.js';

export interface SwarmClient {
  nodes: Listable<SwarmNode> & AvailabilitySettable & RoleSettable;
  services: Listable<SwarmService> & Scalable & ImageSettable & Restartable & RollbackCapable & Removable;
  tasks: Listable<SwarmTask>;
}

export function swarmClient(docker: Dockerode): SwarmClient {
  return {
    nodes: new NodeResource(docker),
    services: new ServiceResource(docker),
    tasks: new TaskResource(docker),
  };
}

export async function readSnapshot(client: SwarmClient, signal?: AbortSignal): Promise<SwarmSnapshot> {
  const [nodes, services, tasks] = await Promise.all([
    client.nodes.list(signal),
    client.services.list(signal),
    client.tasks.list(signal),
  ]);
  return {nodes, services, tasks};
}

import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {SwarmConfig, SwarmInfo, SwarmNetwork, SwarmNode, SwarmSecret, SwarmService, SwarmSnapshot, SwarmTask} from '../../source/docker/types.js';

// Responses recorded from the lab swarm by test/lab/record-fixtures.sh.
const directory = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'lab');

export function readFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(path.join(directory, name), 'utf8')) as T;
}

export function labSnapshot(): SwarmSnapshot {
  return {
    nodes: readFixture<SwarmNode[]>('nodes.json'),
    services: readFixture<SwarmService[]>('services.json'),
    tasks: readFixture<SwarmTask[]>('tasks.json'),
  };
}

/** The moment the fixtures were recorded: the newest timestamp in them, so ages render as they did then. */
export function recordedAt(snapshot: SwarmSnapshot): number {
  const stamps = [
    ...snapshot.tasks.flatMap(task => [task.Status.Timestamp, task.UpdatedAt]),
    ...snapshot.services.map(service => service.UpdatedAt),
    ...snapshot.nodes.map(node => node.UpdatedAt),
  ]
    .map(stamp => Date.parse(stamp ?? ''))
    .filter(Number.isFinite);
  return Math.max(...stamps);
}

export function serviceNamed(snapshot: SwarmSnapshot, name: string): SwarmService {
  const service = snapshot.services.find(candidate => candidate.Spec.Name === name);
  if (!service) throw new Error(`fixture has no service ${name}`);
  return service;
}

/** The second fixture set (test/lab/record-object-fixtures.sh): a stack, networks, secrets, configs and the swarm. */
export function objectsSnapshot(): SwarmSnapshot {
  const read = <T>(name: string) => readFixture<T>(`../lab-objects/${name}`);
  return {
    nodes: read<SwarmNode[]>('nodes.json'),
    services: read<SwarmService[]>('services.json'),
    tasks: read<SwarmTask[]>('tasks.json'),
    networks: read<SwarmNetwork[]>('networks.json'),
    secrets: read<SwarmSecret[]>('secrets.json'),
    configs: read<SwarmConfig[]>('configs.json'),
    swarm: read<SwarmInfo>('swarm.json'),
  };
}

/** The explainer's fixture set (test/lab/record-pending-fixtures.sh): services pending for each reason, a crash loop, an update. */
export function pendingSnapshot(): SwarmSnapshot {
  const read = <T>(name: string) => readFixture<T>(`../lab-pending/${name}`);
  return {
    nodes: read<SwarmNode[]>('nodes.json'),
    services: read<SwarmService[]>('services.json'),
    tasks: read<SwarmTask[]>('tasks.json'),
  };
}

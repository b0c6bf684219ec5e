// The demo's volumes, per node as a real engine keeps them: every named volume a task
// on the node mounts (made when the task started, kept after it left), and one unused
// `scratch` volume on each node, which the console may remove. Removed ones stay gone.
import {EngineError} from './engine-error.js';
import type {DemoSwarm} from './swarm.js';

export interface DemoVolume {
  Name: string;
  Driver: 'local';
  Mountpoint: string;
  CreatedAt: string;
  Scope: 'local';
  Labels: Record<string, string> | null;
  Options: Record<string, string> | null;
}

const removed = new WeakMap<DemoSwarm, Set<string>>();

function key(nodeId: string, name: string): string {
  return `${nodeId}/${name}`;
}

function volume(name: string, labels: Record<string, string> | null): DemoVolume {
  return {
    Name: name,
    Driver: 'local',
    Mountpoint: `/var/lib/docker/volumes/${name}/_data`,
    CreatedAt: '2026-01-01T00:00:00Z',
    Scope: 'local',
    Labels: labels,
    Options: null,
  };
}

/** The names of the volumes the node's running tasks mount now. */
function mountedOn(swarm: DemoSwarm, nodeId: string): Set<string> {
  const names = new Set<string>();
  for (const task of swarm.tasks()) {
    if (task.NodeID !== nodeId || task.Status.State !== 'running') continue;
    for (const mount of task.Spec.ContainerSpec.Mounts ?? []) names.add(mount.Source);
  }
  return names;
}

/** GET /volumes on a node's own engine. */
export function volumesOn(swarm: DemoSwarm, nodeId: string): DemoVolume[] {
  const gone = removed.get(swarm);
  const names = new Set<string>();
  for (const task of swarm.tasks()) {
    if (task.NodeID !== nodeId) continue;
    for (const mount of task.Spec.ContainerSpec.Mounts ?? []) names.add(mount.Source);
  }
  const list = [...names].map(name => volume(name, {'com.docker.stack.namespace': 'shop'}));
  list.push(volume('scratch', null));
  return list.filter(item => !gone?.has(key(nodeId, item.Name))).sort((a, b) => (a.Name < b.Name ? -1 : 1));
}

/** DELETE /volumes/{name} on a node's own engine: refused while a running task mounts it. */
export function removeVolumeOn(swarm: DemoSwarm, nodeId: string, name: string): void {
  if (!volumesOn(swarm, nodeId).some(item => item.Name === name)) throw new EngineError(404, `get ${name}: no such volume`);
  if (mountedOn(swarm, nodeId).has(name)) throw new EngineError(409, `remove ${name}: volume is in use`);
  let gone = removed.get(swarm);
  if (!gone) removed.set(swarm, (gone = new Set()));
  gone.add(key(nodeId, name));
}

/** The node whose engine the demo's API is: the leader. */
export function demoManagerId(swarm: DemoSwarm): string | undefined {
  return (swarm.nodes().find(node => node.ManagerStatus?.Leader) ?? swarm.nodes()[0])?.ID;
}

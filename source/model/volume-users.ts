// Which tasks use a volume: a task's service mounts it (a mount of type volume whose
// Source is its name) and the task runs, or is meant to run, on the node the volume
// lives on. A local volume is one node's alone, so a service that mounts `data` on
// two nodes uses two volumes; a cluster (CSI) volume is the swarm's, used wherever.
import type {SwarmService, SwarmSnapshot, SwarmTask} from '../docker/types.js';

/** One task that mounts a volume: its service, its name as `docker service ps` gives it, where it mounts it. */
export interface VolumeUser {
  serviceId: string;
  service: string;
  /** `web.1` for a replicated task, `web.<node>` for a global one. */
  task: string;
  nodeId: string;
  target: string;
}

/** The key of a node's local volume, or (nodeId undefined) of a cluster volume. */
export function volumeKey(name: string, nodeId: string | undefined): string {
  return `${nodeId ?? '*cluster'}\u0000${name}`;
}

// States of a task that holds, or is about to hold, its container (and so its volumes).
const HOLDING = new Set(['new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);

function taskName(service: SwarmService, task: SwarmTask): string {
  return task.Slot ? `${service.Spec.Name}.${task.Slot}` : `${service.Spec.Name}.${(task.NodeID ?? '').slice(0, 12)}`;
}

const cache = new WeakMap<SwarmSnapshot, Map<string, VolumeUser[]>>();

/** Every volume's users in a snapshot, by `volumeKey`: tasks whose service mounts it, on its node (any node for a cluster volume). */
export function volumeUsers(snapshot: Pick<SwarmSnapshot, 'services' | 'tasks'>): Map<string, VolumeUser[]> {
  const cached = cache.get(snapshot as SwarmSnapshot);
  if (cached) return cached;
  const mounts = new Map<string, Array<{name: string; target: string; cluster: boolean}>>();
  for (const service of snapshot.services) {
    const found = (service.Spec.TaskTemplate.ContainerSpec?.Mounts ?? [])
      .filter(mount => (mount.Type === 'volume' || mount.Type === 'cluster') && mount.Source)
      .map(mount => ({name: mount.Source!, target: mount.Target ?? '', cluster: mount.Type === 'cluster'}));
    if (found.length > 0) mounts.set(service.ID, found);
  }
  const byService = new Map(snapshot.services.map(service => [service.ID, service]));
  const users = new Map<string, VolumeUser[]>();
  for (const task of snapshot.tasks) {
    const used = mounts.get(task.ServiceID);
    const service = byService.get(task.ServiceID);
    if (!used || !service || !task.NodeID || task.DesiredState !== 'running' || !HOLDING.has(task.Status.State)) continue;
    for (const mount of used) {
      const key = volumeKey(mount.name, mount.cluster ? undefined : task.NodeID);
      const list = users.get(key) ?? [];
      list.push({serviceId: service.ID, service: service.Spec.Name, task: taskName(service, task), nodeId: task.NodeID, target: mount.target});
      users.set(key, list);
    }
  }
  cache.set(snapshot as SwarmSnapshot, users);
  return users;
}

// What a stats round compares and looks up beside its reads: whether two rounds say the
// same (a round with nothing new costs no update), which services set a health check, and
// the containers it reads.

import {describeError} from '../docker/errors.js';
import type {NodeEngineReads, SwarmContainer} from '../docker/node-engine.js';
import type {NodeVolumes, ReachSnapshot} from '../docker/reach.js';
import type {SwarmNode, SwarmService} from '../docker/types.js';

// Per services list, which a round that follows no change to services shares with the last.
const healthCheckedCache = new WeakMap<readonly SwarmService[], ReadonlySet<string>>();

/** The services whose spec sets a health check (rather than turning the image's off). */
export function healthCheckedServices(services: readonly SwarmService[]): ReadonlySet<string> {
  let ids = healthCheckedCache.get(services);
  if (!ids) {
    const checked = (service: SwarmService) => {
      const check = (service.Spec.TaskTemplate.ContainerSpec as {Healthcheck?: {Test?: string[]}} | undefined)?.Healthcheck;
      return Boolean(check) && check?.Test?.[0] !== 'NONE';
    };
    ids = new Set(services.filter(checked).map(service => service.ID));
    healthCheckedCache.set(services, ids);
  }
  return ids;
}

/** Whether two rounds say the same (a round with nothing new costs no update, so no frame). */
export function sameReach(a: ReachSnapshot, b: ReachSnapshot): boolean {
  const text = (map: ReadonlyMap<string, unknown>) => JSON.stringify([...map]);
  return (
    a.tasks.size === b.tasks.size &&
    text(a.nodes) === text(b.nodes) &&
    text(a.nodeUsage) === text(b.nodeUsage) &&
    text(a.services) === text(b.services) &&
    text(a.tasks) === text(b.tasks) &&
    text(a.volumes ?? new Map()) === text(b.volumes ?? new Map())
  );
}

/** One container a round reads on its node. */
export interface ContainerJob {
  containerId: string;
  taskId: string;
  serviceId: string;
  running: boolean;
  /** Read its state too (health check, or it ended). */
  inspect: boolean;
}

export function listedJob(container: SwarmContainer): ContainerJob {
  return {containerId: container.containerId, taskId: container.taskId, serviceId: container.serviceId, running: true, inspect: false};
}

export function nodeLabel(node: SwarmNode): string {
  return node.Description?.Hostname || node.ID.slice(0, 12);
}

/** A node's own volumes, or why they could not be read (the pane names the node). */
export async function readNodeVolumes(
  engine: Pick<NodeEngineReads, 'volumes'>,
  signal: AbortSignal,
  onRequest: () => void = () => undefined,
): Promise<NodeVolumes> {
  onRequest();
  try {
    const read = (await engine.volumes?.(signal)) ?? [];
    return {volumes: [...read], ...(read.setAside ? {setAside: read.setAside} : {})};
  } catch (error) {
    return {reason: describeError(error)};
  }
}

/** The volumes pane reads every ready node's own /volumes, within the pool's bound (as service sums do). */
export function volumeNodeIds(wanted: boolean | undefined, readyNodes: readonly SwarmNode[], bound: number): Set<string> {
  return new Set(wanted ? readyNodes.slice(0, bound).map(node => node.ID) : []);
}

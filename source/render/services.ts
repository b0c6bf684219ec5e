import type {PortConfig, SwarmService, UpdateState} from '../docker/types.js';
import {healthTone, serviceMode} from '../model/cluster-index.js';
import {type ColumnSpec, type SortShortcut, type Tone, clusterCell} from './columns.js';
import {restartsCell, serviceRestartsOf} from './explain.js';
import {imageWithoutDigest, shortAge, shortId, timeSince} from './format.js';
import {summedUsageColumns} from './usage.js';

/** " (max 2 per node)", as `docker service ls` adds it to a replicated service's count. */
export function maxPerNodeText(service: SwarmService): string {
  const max = service.Spec.TaskTemplate.Placement?.MaxReplicas;
  return max && service.Spec.Mode.Replicated ? ` (max ${max} per node)` : '';
}

export function serviceImage(service: SwarmService): string {
  return imageWithoutDigest(service.Spec.TaskTemplate.ContainerSpec?.Image);
}

export function formatPorts(ports: readonly PortConfig[] | undefined): string {
  return (ports ?? [])
    .filter(port => port.PublishedPort)
    .map(port => `*:${port.PublishedPort}->${port.TargetPort}/${port.Protocol ?? 'tcp'}`)
    .join(', ');
}

/** Each update state in a colour of its own, so a glance down the column tells them apart. */
export const updateTones: Record<UpdateState, Tone> = {
  updating: 'info',
  paused: 'warn',
  completed: 'ok',
  rollback_started: 'accent',
  rollback_paused: 'error',
  rollback_completed: 'notice',
};

const healthTones = {converged: 'ok', partial: 'warn', down: 'error'} as const;

export const serviceColumns: ColumnSpec<SwarmService>[] = [
  {id: 'id', title: 'ID', width: 12, priority: 6, render: service => clusterCell(shortId(service.ID), 'muted')},
  {
    id: 'name',
    title: 'NAME',
    minWidth: 8,
    maxWidth: 40,
    flex: 1,
    priority: 0,
    render: service => clusterCell(service.Spec.Name, 'accent'),
  },
  {id: 'mode', title: 'MODE', minWidth: 6, priority: 3, render: service => clusterCell(serviceMode(service))},
  {
    id: 'replicas',
    title: 'REPLICAS',
    align: 'right',
    minWidth: 8,
    priority: 0,
    render: (service, ctx) => {
      const health = ctx.index.healthByService.get(service.ID);
      const text = health ? `${health.running}/${health.desired}${maxPerNodeText(service)}` : '';
      const looping = serviceRestartsOf(service, ctx)?.crashLooping;
      return clusterCell(text, looping ? 'crash' : healthTones[healthTone(health)]);
    },
    sortValue: (service, ctx) => {
      const health = ctx.index.healthByService.get(service.ID);
      return health ? health.running - health.desired : 0;
    },
  },
  {
    id: 'image',
    title: 'IMAGE',
    minWidth: 10,
    maxWidth: 48,
    flex: 1,
    priority: 1,
    render: service => clusterCell(serviceImage(service)),
  },
  {
    id: 'ports',
    title: 'PORTS',
    minWidth: 5,
    maxWidth: 30,
    priority: 4,
    render: service => clusterCell(formatPorts(service.Endpoint?.Ports ?? service.Spec.EndpointSpec?.Ports)),
  },
  {
    id: 'update',
    title: 'UPDATE',
    minWidth: 6,
    priority: 2,
    render: service => {
      const state = service.UpdateStatus?.State;
      return clusterCell(state ?? '', state ? updateTones[state] : undefined);
    },
  },
  {
    id: 'restarts',
    title: 'RESTARTS',
    align: 'right',
    minWidth: 8,
    priority: 3,
    render: (service, ctx) => restartsCell(serviceRestartsOf(service, ctx)),
    sortValue: (service, ctx) => serviceRestartsOf(service, ctx)?.restarts ?? -1,
  },
  {
    id: 'age',
    title: 'AGE',
    align: 'right',
    minWidth: 3,
    priority: 2,
    render: (service, ctx) => clusterCell(shortAge(timeSince(service.CreatedAt, ctx.now))),
    sortValue: service => -Date.parse(service.CreatedAt ?? '') || 0,
  },
  // reach: usage summed over the service's tasks on every node reached (render/usage.ts)
  ...summedUsageColumns<SwarmService>(
    (service, reach) => reach.services.get(service.ID),
    () => false,
  ),
  // end reach
];

export const serviceSortShortcuts: SortShortcut[] = [
  {key: 'N', columnId: 'name', label: 'name'},
  {key: 'R', columnId: 'replicas', label: 'missing replicas'},
  {key: 'M', columnId: 'mode', label: 'mode'},
  {key: 'A', columnId: 'age', label: 'age'},
];

export function serviceSearchText(service: SwarmService): string {
  return [service.Spec.Name, service.ID, serviceMode(service), serviceImage(service), service.UpdateStatus?.State].join(
    ' ',
  );
}

import type {PortConfig, SwarmService, UpdateState} from '../docker/types.js';
import {type ClusterIndex, type ServiceHealth, healthTone, serviceMode} from '../model/cluster-index.js';
import {updateSentence} from '../model/update-cause.js';
import {jobCountText} from '../model/jobs.js';
import {type ColumnSpec, type SortShortcut, type Tone, clusterCell} from './columns.js';
import {restartsCell, serviceRestartsOf} from './explain.js';
import {imageWithoutDigest, shortAge, shortId, timeSince} from './format.js';
import {taskName} from './tasks.js';
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

/** The last update as a sentence ("rolled back: flaky.1 exited with 9 during the update (failure ratio 0)"), its tasks named as the panes name them. */
export function serviceUpdateText(service: SwarmService, index: ClusterIndex): string | undefined {
  return updateSentence(service, index.tasksByService.get(service.ID) ?? [], task => taskName(task, index));
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

const healthTones = {converged: 'ok', complete: 'ok', partial: 'warn', down: 'error'} as const;

/** "3/3", "2/2 (max 1 per node)", or a job's "0/1 (3/3 completed)". */
export function replicasText(service: SwarmService, health: ServiceHealth | undefined): string {
  if (!health) return '';
  if (health.job) return jobCountText(health.job);
  return `${health.running}/${health.desired}${maxPerNodeText(service)}`;
}

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
      const restarts = serviceRestartsOf(service, ctx);
      const tone = restarts?.crashLooping ? 'crash' : restarts?.cannotStart ? 'error' : healthTones[healthTone(health)];
      return clusterCell(replicasText(service, health), tone);
    },
    sortValue: (service, ctx) => {
      const health = ctx.index.healthByService.get(service.ID);
      return health && !health.job?.complete ? health.running - health.desired : 0;
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
    maxWidth: 60,
    render: (service, ctx) => {
      const state = service.UpdateStatus?.State;
      return clusterCell(serviceUpdateText(service, ctx.index) ?? '', state ? updateTones[state] : undefined);
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
  return [service.Spec.Name, service.ID, serviceMode(service), serviceImage(service), service.UpdateStatus?.State].join(' ');
}

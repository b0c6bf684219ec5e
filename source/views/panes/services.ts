import type {SwarmService} from '../../docker/types.js';
import {healthTone, indexSnapshot, isSettled} from '../../model/cluster-index.js';
import {NaturalOrder} from '../../model/natural-compare.js';
import {stackOf} from '../../model/object-users.js';
import type {RenderContext} from '../../render/columns.js';
import {describeService} from '../../render/describe.js';
import {serviceExplanation} from '../../render/explain.js';
import {jobRunText} from '../../render/jobs.js';
import {serviceColumns, serviceSearchText, serviceSortShortcuts, serviceUpdateText} from '../../render/services.js';
import {display} from '../../render/text.js';
import {type Frame, newFrame, selectedIndex} from '../../shell/navigation.js';
import {listRows, type PaneDescriptor, rowIds} from './pane.js';
import {rolloutBinding} from './reading-keys.js';
import {listSource} from './list-source.js';

const RECENT_MS = 5 * 60_000;

/**
 * Why a service is short of tasks, in the engine's words: the newest task error,
 * while the service is not converged or the error is recent (a crash loop that
 * happens to be up at this moment still shows).
 */
export function recentTaskError(service: SwarmService, ctx: RenderContext): string | undefined {
  const tasks = ctx.index.tasksByService.get(service.ID) ?? [];
  let newest: (typeof tasks)[number] | undefined;
  let failures = 0;
  for (const task of tasks) {
    if (!task.Status.Err) continue;
    if (task.Status.State === 'failed' || task.Status.State === 'rejected') failures += 1;
    if (!newest || (task.Status.Timestamp ?? '') > (newest.Status.Timestamp ?? '')) newest = task;
  }
  if (!newest) return undefined;
  const converged = isSettled(healthTone(ctx.index.healthByService.get(service.ID)));
  const age = ctx.now - Date.parse(newest.Status.Timestamp ?? '');
  if (converged && !(age < RECENT_MS)) return undefined;
  const history = failures > 1 ? ` (${failures} failed tasks in its history)` : '';
  return `${newest.Status.Err}${history}`;
}

function selectedService(frame: Frame, ctx: RenderContext): SwarmService | undefined {
  const snapshot = ctx.index.snapshot;
  if (!snapshot) return undefined;
  const rows = listRows(servicesPane, snapshot, frame);
  return rows[selectedIndex(rowIds(servicesPane, rows), frame)];
}

const serviceOrder = new NaturalOrder<SwarmService>(service => service.Spec.Name);

export const servicesPane: PaneDescriptor<SwarmService> = {
  kind: 'services',
  readsFrom: listSource('services').readsFrom,
  noun: 'services',
  aliases: ['services', 'service', 'svc', 'se'],
  columns: serviceColumns,
  sortShortcuts: serviceSortShortcuts,
  heads: (snapshot, _index, frame) =>
    serviceOrder.sort(snapshot.services.filter(service => !frame.scope?.stack || stackOf(service.Spec.Labels) === frame.scope.stack)),
  id: service => service.ID,
  searchText: service => serviceSearchText(service),
  // Replica counts come with the services; the selected service's tasks feed its error line.
  taskDemand: (frame, snapshot) => {
    if (!snapshot) return {scope: {kind: 'none'}, urgent: false};
    const rows = listRows(servicesPane, snapshot, frame);
    const selected = rows[selectedIndex(rowIds(servicesPane, rows), frame)];
    return {scope: selected ? {kind: 'service', serviceId: selected.ID} : {kind: 'none'}, urgent: false};
  },
  drill: service => newFrame('tasks', {serviceId: service.ID}),
  drillLabel: 'its tasks',
  crumb: frame => (frame.scope?.stack ? display`services of stack ${frame.scope.stack}` : display`services`),
  emptyText: frame => (frame.scope?.stack ? 'This stack has no services' : 'No services in this swarm'),
  logTarget: service => ({kind: 'service', id: service.ID}),
  targets: service => ({service}),
  bindings: [rolloutBinding],
  document: {
    noun: 'service',
    find: (snapshot, id) => {
      const service = snapshot.services.find(candidate => candidate.ID === id);
      return service && {name: service.Spec.Name, describe: () => describeService(service, snapshot, indexSnapshot(snapshot)), raw: () => service};
    },
  },
  // Why the selected service is short: which check fails on which node, or its crash loop.
  summary: (frame, ctx, width) => {
    const service = selectedService(frame, ctx);
    return service ? serviceExplanation(service, ctx, width) : [];
  },
  detail: (service, ctx) => {
    const problem = recentTaskError(service, ctx);
    const update = serviceUpdateText(service, ctx.index);
    const job = ctx.index.healthByService.get(service.ID)?.job;
    const lines = [
      job && `${service.Spec.Name} job: ${jobRunText(job, ctx.now)}`,
      problem && `${service.Spec.Name}: ${problem}`,
      update && update !== 'updated' && `${service.Spec.Name} update: ${update}`,
    ].filter(Boolean);
    return lines.length > 0 ? lines.join(' · ') : undefined;
  },
};

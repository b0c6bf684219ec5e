import {newFrame} from '../shell/navigation.js';
import type {SwarmService} from '../docker/types.js';
import {serviceColumns, serviceSearchText, serviceSortShortcuts} from '../render/services.js';
import type {RenderContext} from '../render/columns.js';
import {naturalCompare} from '../model/natural-compare.js';
import {healthTone} from '../model/cluster-index.js';
import {inert} from '../render/text.js';
import {stackOf} from '../model/object-users.js';
import type {ResourceViewSpec} from './resource-spec.js';

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
  const converged = healthTone(ctx.index.healthByService.get(service.ID)) === 'converged';
  const age = ctx.now - Date.parse(newest.Status.Timestamp ?? '');
  if (converged && !(age < RECENT_MS)) return undefined;
  const history = failures > 1 ? ` (${failures} failed tasks in its history)` : '';
  return `${newest.Status.Err}${history}`;
}

export const servicesView: ResourceViewSpec<SwarmService> = {
  view: 'services',
  noun: 'services',
  columns: serviceColumns,
  sortShortcuts: serviceSortShortcuts,
  heads: (snapshot, _index, frame) =>
    snapshot.services
      .filter(service => !frame.scope?.stack || stackOf(service.Spec.Labels) === frame.scope.stack)
      .sort((a, b) => naturalCompare(a.Spec.Name, b.Spec.Name)),
  id: service => service.ID,
  logTarget: service => ({kind: 'service', id: service.ID}),
  searchText: service => serviceSearchText(service),
  drill: service => newFrame('tasks', {serviceId: service.ID}),
  crumb: frame => (frame.scope?.stack ? `services of stack ${inert(frame.scope.stack)}` : 'services'),
  detail: (service, ctx) => {
    const problem = recentTaskError(service, ctx);
    const message = service.UpdateStatus?.Message;
    const lines = [
      problem && `${service.Spec.Name}: ${problem}`,
      message && `${service.Spec.Name} update: ${message}`,
    ].filter(Boolean);
    return lines.length > 0 ? lines.join(' · ') : undefined;
  },
};

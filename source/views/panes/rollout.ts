import {type RolloutSlot, rolloutProgress, rolloutSlots} from '../../model/rollout-progress.js';
import {rolloutColumns, rolloutSummary} from '../../render/rollout-table.js';
import {taskImage, taskName, taskNodeName} from '../../render/tasks.js';
import {type PaneDescriptor, frameService, scopedTasksCovered} from './pane.js';
import {display} from '../../render/text.js';

/** One service's rollout: a row per slot (per node, for a global service), the progress above them. */
export const rolloutPane: PaneDescriptor<RolloutSlot> = {
  kind: 'rollout',
  readsFrom: ['tasks'],
  noun: 'slots',
  // Opened with `o` on a service, or by an update: no `:` command of its own.
  aliases: [],
  columns: rolloutColumns,
  sortShortcuts: [],
  heads: (_snapshot, index, frame) => {
    const service = frameService(frame, index);
    return service ? rolloutSlots(service, index.tasksByService.get(service.ID) ?? []) : [];
  },
  id: slot => slot.key,
  searchText: (slot, index) =>
    [taskName(slot.current, index), taskNodeName(slot.current, index), taskImage(slot.current), slot.current.Status.State, ...slot.errors].join(' '),
  // A rollout's slots are its service's tasks, watched as they change.
  taskDemand: frame =>
    frame.scope?.serviceId ? {scope: {kind: 'service', serviceId: frame.scope.serviceId}, urgent: true} : {scope: {kind: 'all'}, urgent: true},
  coveredBy: scopedTasksCovered,
  crumb: (frame, index) => {
    const serviceId = frame.scope?.serviceId ?? '';
    return display`rollout of ${index?.servicesById.get(serviceId)?.Spec.Name ?? serviceId.slice(0, 12)}`;
  },
  emptyText: frame => (frame.scope?.serviceId ? 'This service has no tasks' : 'No slots in this swarm'),
  logTarget: slot => ({kind: 'task', id: slot.current.ID}),
  targets: (_slot, frame, index) => ({service: frameService(frame, index)}),
  // Every error of the slot's tasks on the new spec, in full: they say why a rollout stalls.
  detail: (slot, ctx) => (slot.errors.length ? `${taskName(slot.current, ctx.index)}: ${[...new Set(slot.errors)].join(' · ')}` : undefined),
  summary: (frame, ctx, width) => {
    const service = frameService(frame, ctx.index);
    if (!service) return [];
    return rolloutSummary(service, rolloutProgress(service, ctx.index, ctx.now), width);
  },
};
